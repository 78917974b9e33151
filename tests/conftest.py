"""Shared fixtures: each test gets its own data directory and services; the model loads once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHROMA_TELEMETRY_IMPL", "none")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def guard_model() -> Path:
    """The guardrail's int8 MiniLM, found (or built, once) in the usual cache directory before
    any test points ``COACH_CACHE_DIR`` at a fresh one, where it would be built again."""
    from assistant.guardrail.detectors.quantized import guard_model_path

    return guard_model_path()


@pytest.fixture(scope="session")
def embedder():
    from assistant.knowledge.embeddings import OnnxMiniLM

    return OnnxMiniLM()


@pytest.fixture
def settings(tmp_path):
    from assistant.settings import Settings

    return Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)


@pytest.fixture
def services(settings, embedder):
    from assistant.services import Services

    built = Services(settings)
    built.embedder = embedder  # share the loaded model across tests
    return built


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of knowledge/ that a test may change."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session")
def synced_services(tmp_path_factory, embedder):
    """Services over the whole seed corpus, synced once for read-only tests."""
    from assistant.services import Services
    from assistant.settings import Settings

    data = tmp_path_factory.mktemp("synced")
    built = Services(Settings(data_dir=data, knowledge_dir=KNOWLEDGE))
    built.embedder = embedder
    report = built.kb.sync(KNOWLEDGE)
    assert not report.errors, report.errors
    return built


def signed_in(services, name: str):
    """A Gradio request from ``name`` carrying the token of a live web session, as the app's
    sign-in would leave it; handlers refuse requests without one."""
    import secrets

    import gradio as gr

    from ui.server import TOKEN_COOKIE

    token = secrets.token_urlsafe(16)
    services.sessions.open(token, name)
    return gr.Request(username=name, cookies={TOKEN_COOKIE: token})


# ---- relational store: SQLite and a real PostgreSQL server ---------------------------------


@pytest.fixture(scope="session")
def postgres_server():
    """Base URL of a PostgreSQL server started for this session (Debian's postgresql)."""
    from tests import pg

    binaries = pg.bin_dir()
    if binaries is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are absent: "
                    "apt-get install postgresql (make test does this)")
    with pg.server(binaries) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database of each backend: a SQLite file, or a new database on the server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'coach.db'}"
    from tests import pg

    return pg.create_database(request.getfixturevalue("postgres_server"))
