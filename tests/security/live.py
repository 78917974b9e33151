"""A live app for the access tests, with two users per role and real plans and pairs.

Kept out of conftest.py so that other helpers' security fixtures do not collide with it.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

PASSWORDS = {"maya": "mentor-pass-1", "noor": "mentor-pass-2", "erik": "exec-pass-1",
             "lena": "exec-pass-2", "ada": "admin-pass-1"}
ROLES = {"maya": "mentor", "noor": "mentor", "erik": "executive", "lena": "executive",
         "ada": "admin"}


@dataclass
class Live:
    url: str
    app: Any
    services: Any
    ids: dict[str, int] = field(default_factory=dict)
    clients: dict[str, Any] = field(default_factory=dict)

    def client(self, name: str) -> Any:
        from gradio_client import Client

        if name not in self.clients:
            self.clients[name] = Client(self.url, auth=(name, PASSWORDS[name]), verbose=False)
        return self.clients[name]

    def fn_indexes(self, name: str) -> list[int]:
        """The fn_index of every handler with this function name (private ones included)."""
        return [i for i, fn in self.app.fns.items() if fn.name == name]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live(tmp_path_factory, embedder) -> Iterator[Live]:
    """maya's plan (shared with erik), noor's plan (shared with lena), pairs maya→erik and
    noor→lena, all made through the services."""
    from assistant.planning.plan import PlanRequest
    from tests.ui.conftest import seeded_services
    from ui.app import launch

    services = seeded_services(tmp_path_factory.mktemp("live"), embedder, PASSWORDS, ROLES)
    request = PlanRequest(topic="LinkedIn for executives", mentee_role="CFO", minutes=30)
    ids = {}
    for mentor, executive in (("maya", "erik"), ("noor", "lena")):
        plan_id = services.planner.create(request, mentor).plan_id
        assert plan_id is not None
        services.planner.plans.share(plan_id, mentor, executive)
        ids[f"{mentor}_plan"] = plan_id
        ids[f"{mentor}_pair"] = services.journeys.create_pair("ada", mentor, executive, "CFO").id
    port = _free_port()
    app = launch(services, host="127.0.0.1", port=port, block=False)
    yield Live(f"http://127.0.0.1:{port}/", app, services, ids)
    app.close()
