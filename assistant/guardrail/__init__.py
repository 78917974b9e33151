"""Confidentiality guardrail: screens text at every stage before any LLM sees it."""

from assistant.guardrail.config import GuardrailSettings
from assistant.guardrail.finding import Finding, ScreenResult, Stage
from assistant.guardrail.screen import Guardrail, build_guardrail
from assistant.guardrail.stream import StreamScreener

__all__ = [
    "Finding",
    "Guardrail",
    "GuardrailSettings",
    "ScreenResult",
    "Stage",
    "StreamScreener",
    "build_guardrail",
]
