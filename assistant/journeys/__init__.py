"""Mentoring journeys: pairs, goals across sessions, and feedback that shapes the next plan.

The names below load on first use (PEP 562): importing ``assistant.journeys.models`` for the
database tables does not load the planner.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.journeys.rules import JourneyError, NotAllowed, Refused
    from assistant.journeys.service import Journeys, NextSession

_WHERE = {"JourneyError": "rules", "NotAllowed": "rules", "Refused": "rules",
          "Journeys": "service", "NextSession": "service"}

__all__ = ["JourneyError", "Journeys", "NextSession", "NotAllowed", "Refused"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
