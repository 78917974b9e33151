"""A live app for attack-shaped tests: small upload limit, one allowed foreign origin, and a
per-address sign-in limit high enough that one test's failed sign-ins (all from 127.0.0.1)
never pause another's."""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.conftest import KNOWLEDGE

SECURE_PASSWORDS = {"maya": "mentor-pass-1", "erik": "exec-pass-1", "ada": "admin-pass-1",
                    "target": "target-pass-1", "victim": "victim-pass-1"}
SECURE_ROLES = {"maya": "mentor", "erik": "executive", "ada": "admin", "target": "mentor",
                "victim": "mentor"}
ALLOWED_ORIGIN = "https://coach.example.com"
MAX_FILE_MB = 0.5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def secure_services(tmp_path_factory, embedder):
    from assistant.services import Services
    from assistant.settings import Settings

    services = Services(Settings(
        data_dir=tmp_path_factory.mktemp("secure"), knowledge_dir=KNOWLEDGE,
        ingestion={"max_file_mb": MAX_FILE_MB, "max_unpacked_mb": 5},
        security={"allowed_origins": [ALLOWED_ORIGIN], "signin_max_failures_per_address": 1000},
    ))
    services.embedder = embedder
    for name, password in SECURE_PASSWORDS.items():
        services.users.add(name, SECURE_ROLES[name], password)
    return services


@pytest.fixture(scope="session")
def secure_app(secure_services):
    """The base URL of the running app."""
    from ui.app import launch

    port = _free_port()
    app = launch(secure_services, host="127.0.0.1", port=port, block=False)
    yield f"http://127.0.0.1:{port}"
    app.close()


@pytest.fixture
def signed_in(secure_app):
    """An HTTP client with the cookies of a fresh sign-in of `name`."""
    clients: list[httpx.Client] = []

    def sign_in(name: str, typed: str | None = None) -> httpx.Client:
        client = httpx.Client(base_url=secure_app, timeout=30)
        clients.append(client)
        response = client.post("/login", data={"username": typed or name,
                                               "password": SECURE_PASSWORDS[name]})
        assert response.status_code == 200, response.text
        return client

    yield sign_in
    for client in clients:
        client.close()
