"""Confidentiality guardrail: screens text at every stage before any LLM sees it.

The names below load on first use (PEP 562), so importing ``assistant.guardrail.config``
(settings) or ``Stage`` (the CLI) does not load the detectors, the audit tables or models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.guardrail.config import GuardrailSettings
    from assistant.guardrail.finding import Finding, ScreenResult, Stage
    from assistant.guardrail.screen import Guardrail, build_guardrail
    from assistant.guardrail.stream import StreamScreener

_WHERE = {
    "Finding": "finding",
    "Guardrail": "screen",
    "GuardrailSettings": "config",
    "ScreenResult": "finding",
    "Stage": "finding",
    "StreamScreener": "stream",
    "build_guardrail": "screen",
}

__all__ = [
    "Finding",
    "Guardrail",
    "GuardrailSettings",
    "ScreenResult",
    "Stage",
    "StreamScreener",
    "build_guardrail",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
