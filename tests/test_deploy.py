"""The container files name only settings that exist (no container runtime runs here)."""

from __future__ import annotations

import re

import yaml

from assistant.settings import Settings
from tests.conftest import ROOT


def _dockerfile_env() -> dict[str, str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    pairs = [p for line in text.splitlines() if line.startswith("ENV ")
             for p in line[4:].split()]
    return dict(p.split("=", 1) for p in pairs)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))


def test_the_image_settings_are_valid_settings(monkeypatch, tmp_path):
    env = {k: v for k, v in _dockerfile_env().items() if k.startswith("COACH_")}
    assert {"COACH_DATA_DIR", "COACH_LOGGING__FORMAT"} <= set(env)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)  # no coach.yaml of the checkout
    settings = Settings()
    assert settings.logging.format == "json" and str(settings.data_dir) == env["COACH_DATA_DIR"]


def test_the_compose_instances_share_postgresql_and_the_chroma_server(monkeypatch, tmp_path):
    services = _compose()["services"]
    apps = [s for name, s in services.items() if name.startswith("app-")]
    assert len(apps) == 2 and apps[0] == apps[1]  # one definition, two instances
    env = {k: re.sub(r"\$\{[^}]+\}", "secret", str(v)) for k, v in apps[0]["environment"].items()}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.database.startswith("postgresql+psycopg://")
    assert settings.vector_store.host in services and "chroma" in services[
        settings.vector_store.host]["command"]
    assert "ip_hash" in (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
