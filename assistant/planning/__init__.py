"""Session planning and follow-up chat, grounded in the approved knowledge base.

Wire them from the services: ``build_planner(services)`` and ``build_chat(services)`` read
``settings.llm`` (LLMSettings) and ``settings.planner`` (PlannerSettings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.planning.chat import Chat, ChatAnswer, ChatStream
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.llm import LLM, LLMError, build_llm
from assistant.planning.plan import PlanError, PlanRequest, SessionPlan
from assistant.planning.planner import Planner, PlanResult

if TYPE_CHECKING:
    from assistant.services import Services

__all__ = [
    "LLM", "Chat", "ChatAnswer", "ChatStream", "LLMError", "LLMSettings", "PlanError",
    "PlanRequest", "PlanResult", "Planner", "PlannerSettings", "SessionPlan", "build_chat",
    "build_llm", "build_planner",
]


def build_planner(services: Services, llm: LLM | None = None) -> Planner:
    """The planner over the services' retriever, guardrail and database."""
    settings = services.settings
    return Planner(services.retriever, services.guardrail, llm or build_llm(settings.llm),
                   services.db, settings.planner)


def build_chat(services: Services, llm: LLM | None = None) -> Chat:
    """The follow-up chat over the services' retriever, guardrail and database."""
    settings = services.settings
    return Chat(services.retriever, services.guardrail, llm or build_llm(settings.llm),
                services.db, settings.planner)
