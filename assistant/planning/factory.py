"""Builds the planner and the chat from the services (settings.llm and settings.planner)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.planning.chat import Chat
from assistant.planning.llm import LLM, build_llm
from assistant.planning.planner import Planner

if TYPE_CHECKING:
    from assistant.services import Services


def build_planner(services: Services, llm: LLM | None = None) -> Planner:
    """The planner over the services' retriever, guardrail and database."""
    settings = services.settings
    return Planner(services.retriever, services.guardrail, llm or build_llm(settings.llm),
                   services.db, settings.planner, role_of=services.users.role_of)


def build_chat(services: Services, llm: LLM | None = None) -> Chat:
    """The follow-up chat over the services' retriever, guardrail and database."""
    settings = services.settings
    return Chat(services.retriever, services.guardrail, llm or build_llm(settings.llm),
                services.db, settings.planner, role_of=services.users.role_of)
