"""Who sees a chunk: mentors and executives only see approved, unflagged, unexpired chunks.

The same rule in two shapes: a Chroma where-clause and a check on one chunk's metadata.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from assistant.knowledge.metadata import NEVER, today_int


def visible_filter(today: dt.date | None = None) -> dict[str, Any]:
    """Chroma where-clause: approved, not flagged by the guardrail, not expired."""
    return {
        "$and": [
            {"status": "approved"},
            {"flagged": False},
            {"valid_until": {"$gte": today_int(today)}},
        ]
    }


def is_visible(metadata: dict[str, Any], today: int) -> bool:
    """The same rule on one chunk's metadata; today as YYYYMMDD."""
    return (
        metadata.get("status") == "approved"
        and not metadata.get("flagged")
        and int(metadata.get("valid_until", NEVER)) >= today
    )
