"""Settings: defaults, the YAML file, COACH_* variables, and errors that name the setting."""

from __future__ import annotations

import pytest

from assistant.settings import SettingsError, load_settings


def test_defaults_are_offline(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.embedding.backend == "onnx"
    assert settings.vector_store.host is None
    assert settings.chroma_path == settings.data_dir / "chroma"


def test_security_defaults_and_origins(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COACH_SECURITY__ALLOWED_ORIGINS", '["https://Coach.Example.com/"]')
    settings = load_settings()
    assert settings.security.allowed_origins == ["https://coach.example.com"]
    assert settings.security.session_idle_hours == 8
    assert settings.ingestion.max_unpacked_mb > settings.ingestion.max_file_mb


def test_file_then_environment(monkeypatch, tmp_path):
    config = tmp_path / "coach.yaml"
    config.write_text("retrieval:\n  k: 7\nchunking:\n  max_tokens: 180\n", encoding="utf-8")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    monkeypatch.setenv("COACH_RETRIEVAL__K", "9")
    settings = load_settings()
    assert settings.retrieval.k == 9  # the environment wins over the file
    assert settings.chunking.max_tokens == 180


BAD = [
    # a number that is not a number
    ({"COACH_RETRIEVAL__K": "many"}, "COACH_RETRIEVAL__K"),
    # chunks larger than the model window
    ({"COACH_CHUNKING__MAX_TOKENS": "512"}, "COACH_CHUNKING__MAX_TOKENS"),
    # an unknown embedding backend
    ({"COACH_EMBEDDING__BACKEND": "word2vec"}, "COACH_EMBEDDING__BACKEND"),
    # overlap as large as the chunk
    ({"COACH_CHUNKING__MAX_TOKENS": "100", "COACH_CHUNKING__OVERLAP_TOKENS": "100"},
     "overlap_tokens"),
    # a settings file that does not exist
    ({"COACH_CONFIG": "/nonexistent/coach.yaml"}, "COACH_CONFIG"),
    # an allowed origin that is a page, not an origin
    ({"COACH_SECURITY__ALLOWED_ORIGINS": '["https://coach.example.com/app"]'},
     "COACH_SECURITY__ALLOWED_ORIGINS"),
    # an allowed origin without a scheme
    ({"COACH_SECURITY__ALLOWED_ORIGINS": '["coach.example.com"]'},
     "COACH_SECURITY__ALLOWED_ORIGINS"),
    # sessions that never expire
    ({"COACH_SECURITY__SESSION_IDLE_HOURS": "0"}, "COACH_SECURITY__SESSION_IDLE_HOURS"),
]


@pytest.mark.parametrize(("env", "named"), BAD)
def test_invalid_settings_fail_with_the_setting_named(monkeypatch, tmp_path, env, named):
    monkeypatch.chdir(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()


def test_api_keys_in_the_settings_file_are_refused(monkeypatch, tmp_path):
    config = tmp_path / "coach.yaml"
    config.write_text("llm:\n  provider: openai\n  api_key: sk-live-oops\n", encoding="utf-8")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    with pytest.raises(SettingsError, match="COACH_LLM__API_KEY") as raised:
        load_settings()
    assert "sk-live-oops" not in str(raised.value)


def test_database_url_from_the_environment_or_sqlite_in_data_dir(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "d"))
    assert load_settings().database == f"sqlite:///{tmp_path / 'd' / 'coach.db'}"
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql+psycopg://coach:pw@db:5432/coach")
    assert load_settings().database.startswith("postgresql+psycopg://coach:pw@db")


FILE_URLS = [
    # a password in the settings file is refused: it belongs in COACH_DATABASE_URL
    ("postgresql+psycopg://coach:s3cret@db.internal/coach", True),
    # a user without a password is fine in the file
    ("postgresql+psycopg://coach@db.internal/coach", False),
    # a SQLite path has no credentials
    ("sqlite:////var/lib/coach/coach.db", False),
]


@pytest.mark.parametrize(("url", "refused"), FILE_URLS)
def test_a_database_password_in_the_file_is_refused(monkeypatch, tmp_path, url, refused):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "coach.yaml").write_text(f"database_url: {url}\n", encoding="utf-8")
    if refused:
        with pytest.raises(SettingsError, match="COACH_DATABASE_URL"):
            load_settings()
    else:
        assert load_settings().database == url
