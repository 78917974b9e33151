"""The admin's programme view: pairs, sessions held, ratings, goals on track, topics most
asked for and knowledge-base gaps (questions and plan topics that found no approved
guidance)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from assistant.journeys import store
from assistant.journeys.models import ExecutiveFeedbackRow, GoalRow, PairRow, SessionRow
from assistant.planning.records import GapLog, PlanRow
from assistant.storage import Database

PAIR_COLUMNS = ["pair", "mentor", "executive", "role", "sessions", "held", "avg rating",
                "goals on track"]


@dataclass
class Programme:
    """Figures and tables for the admin area."""

    pairs: list[list[Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    topics: list[tuple[str, int]] = field(default_factory=list)
    gaps: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"pairs": [dict(zip(PAIR_COLUMNS, r, strict=True)) for r in self.pairs],
                "totals": self.totals, "topics": self.topics, "gaps": self.gaps}


def _counted(texts: list[str], top: int) -> list[tuple[str, int]]:
    """Case-insensitive counts, most common first, shown as first written."""
    shown: dict[str, str] = {}
    for text in texts:
        shown.setdefault(" ".join(text.lower().split()), text.strip())
    counts = Counter(" ".join(t.lower().split()) for t in texts)
    return [(shown[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:top]


def build(db: Database, today: dt.date, top: int = 10) -> Programme:
    """The programme view over every pair (callers check the admin role)."""
    out = Programme()
    ratings_all: list[int] = []
    on_track = goals_total = held_total = 0
    with db.session() as s:
        for pair in s.scalars(select(PairRow).order_by(PairRow.id)):
            sessions = list(s.scalars(select(SessionRow).filter_by(pair_id=pair.id)))
            held = sum(1 for r in sessions if r.held_on is not None)
            ratings = [r.rating for r in s.scalars(select(ExecutiveFeedbackRow).where(
                ExecutiveFeedbackRow.session_id.in_([r.id for r in sessions])))]
            goals = list(s.scalars(select(GoalRow).filter_by(pair_id=pair.id)))
            good = sum(1 for g in goals
                       if store.goal_view(s, g).on_track(today, g.created_at.date()))
            average = round(sum(ratings) / len(ratings), 1) if ratings else None
            out.pairs.append([pair.id, pair.mentor, pair.executive, pair.executive_role,
                              len(sessions), held, average, f"{good}/{len(goals)}"])
            ratings_all += ratings
            on_track, goals_total, held_total = on_track + good, goals_total + len(goals), \
                held_total + held
        topics = list(s.scalars(select(PlanRow.topic)))
    out.totals = {
        "pairs": len(out.pairs), "sessions held": held_total,
        "average rating": round(sum(ratings_all) / len(ratings_all), 2) if ratings_all else None,
        "goals on track": f"{on_track}/{goals_total}"}
    out.topics = _counted(topics, top)
    out.gaps = _counted(GapLog(db).texts(), top)
    return out
