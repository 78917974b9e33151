"""Journeys over the synced seed corpus with a private database, a fixed today and users:
maya/noor (mentors), erik/lena (executives), ada (admin); pairs maya→erik and noor→lena."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from assistant.journeys import Journeys
from assistant.journeys.views import Pair
from assistant.planning.config import PlannerSettings
from assistant.planning.llm import LLM
from assistant.planning.planner import Planner
from assistant.storage import Database
from assistant.users import UserDirectory
from tests.planning.conftest import offline_llm

TODAY = dt.date(2026, 3, 2)
ROLES = {"maya": "mentor", "noor": "mentor", "erik": "executive", "lena": "executive",
         "ada": "admin"}
TOPIC = "LinkedIn for executives"


def make_journeys(synced_services: Any, url: str, llm: LLM | None = None) -> Journeys:
    """A Journeys service over the synced corpus, with its own database (a URL) and users."""
    db = Database(url)
    db.upgrade()
    users = UserDirectory(db)
    for name, role in ROLES.items():
        users.add(name, role, "password-123")
    planner = Planner(synced_services.retriever, synced_services.guardrail,
                      llm or offline_llm(), db, PlannerSettings(), today=lambda: TODAY,
                      role_of=users.role_of)
    return Journeys(db, users, planner, synced_services.guardrail, today=lambda: TODAY)


@dataclass
class World:
    journeys: Journeys
    mine: Pair  # maya → erik
    other: Pair  # noor → lena


def make_world(journeys: Journeys) -> World:
    mine = journeys.create_pair("ada", "maya", "erik", "CFO", {"LinkedIn": "beginner"})
    other = journeys.create_pair("ada", "noor", "lena", "COO")
    return World(journeys, mine, other)


@pytest.fixture
def world(synced_services, database_url) -> World:
    """A fresh database (SQLite, then PostgreSQL) with both pairs and no sessions."""
    return make_world(make_journeys(synced_services, database_url))
