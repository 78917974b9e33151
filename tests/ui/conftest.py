"""A live app on a free loopback port, with one user per role, for API and browser tests."""

from __future__ import annotations

import secrets
import socket

import pytest

from tests.conftest import KNOWLEDGE

PASSWORDS = {"maya": "mentor-pass-1", "erik": "exec-pass-1", "ada": "admin-pass-1"}
ROLES = {"maya": "mentor", "erik": "executive", "ada": "admin"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seeded_services(data, embedder, passwords=PASSWORDS, roles=ROLES):
    """Services on `data` with the seed corpus synced and one user per name."""
    from assistant.services import Services
    from assistant.settings import Settings

    services = Services(Settings(data_dir=data, knowledge_dir=KNOWLEDGE))
    services.embedder = embedder
    services.kb.sync(KNOWLEDGE)
    for name, password in passwords.items():
        services.users.add(name, roles[name], password)
    return services


@pytest.fixture(scope="session")
def app_services(tmp_path_factory, embedder):
    return seeded_services(tmp_path_factory.mktemp("app"), embedder)


@pytest.fixture(scope="session")
def launched(app_services):
    """The running app (gr.Blocks)."""
    from ui.app import launch

    app = launch(app_services, host="127.0.0.1", port=free_port(), block=False)
    yield app
    app.close()


@pytest.fixture(scope="session")
def live_app(launched):
    return f"http://127.0.0.1:{launched.server_port}/"


@pytest.fixture(scope="session")
def client_for(live_app):
    from gradio_client import Client

    clients = {}

    def get(name: str) -> Client:
        if name not in clients:
            clients[name] = Client(live_app, auth=(name, PASSWORDS[name]), verbose=False)
        return clients[name]

    return get


@pytest.fixture
def request_as(app_services):
    """A `gr.Request` signed in as `name` with a live session, for handler tests in-process."""
    import gradio as gr

    from ui.server import TOKEN_COOKIE

    def make(name: str) -> gr.Request:
        token = secrets.token_hex(16)
        app_services.sessions.open(token, name)
        return gr.Request(username=name, cookies={f"{TOKEN_COOKIE}-test": token}, headers={})

    return make
