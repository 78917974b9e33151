"""What the journeys service returns: plain, read-only views of its rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pair:
    id: int
    mentor: str
    executive: str
    executive_role: str
    familiarity: dict[str, str]
    created_by: str
    created_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GoalUpdate:
    progress: int
    comment: str
    author: str
    session_id: int | None
    created_at: dt.datetime


@dataclass(frozen=True)
class Goal:
    id: int
    pair_id: int
    text: str
    target_date: dt.date
    progress: int
    comment: str
    history: list[GoalUpdate] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.progress >= 100

    def on_track(self, today: dt.date, created: dt.date | None = None) -> bool:
        """Done, or not past its target date with progress at least the time elapsed (less a
        10-point margin); without a start date, only 'not overdue' is checked."""
        if self.done:
            return True
        if today > self.target_date:
            return False
        if created is None or self.target_date <= created:
            return True
        elapsed = (today - created).days / (self.target_date - created).days
        return self.progress >= 100 * elapsed - 10

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ExecutiveFeedback:
    author: str
    rating: int
    helped: str
    change: str


@dataclass(frozen=True)
class MentorNotes:
    author: str
    covered: list[str]
    skipped: list[str]
    open_questions: list[str]


@dataclass(frozen=True)
class Session:
    id: int
    pair_id: int
    number: int
    plan_id: int
    title: str
    topic: str
    goal_ids: list[int]
    scheduled_at: dt.datetime | None
    held_on: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Feedback:
    """Both sides of a session's feedback (either may be missing)."""

    session_id: int
    executive: ExecutiveFeedback | None
    mentor: MentorNotes | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
