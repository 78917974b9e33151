"""Journey tables: pairs, goals (with their update history), sessions and feedback."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.orm import Base


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class PairRow(Base):
    """A mentoring pair, created by an admin."""

    __tablename__ = "journey_pairs"
    __table_args__ = (UniqueConstraint("mentor", "executive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor: Mapped[str] = mapped_column(String(40), index=True)
    executive: Mapped[str] = mapped_column(String(40), index=True)
    executive_role: Mapped[str] = mapped_column(String(200))
    familiarity_json: Mapped[str] = mapped_column(Text, default="{}")  # topic -> level
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class GoalRow(Base):
    """A specific goal of a pair, with a target date and the latest progress."""

    __tablename__ = "journey_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("journey_pairs.id", ondelete="CASCADE"),
                                         index=True)
    text: Mapped[str] = mapped_column(String(300))
    target_date: Mapped[dt.date] = mapped_column(Date)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class GoalUpdateRow(Base):
    """One progress update of a goal (the goal's history)."""

    __tablename__ = "journey_goal_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("journey_goals.id", ondelete="CASCADE"),
                                         index=True)
    session_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    progress: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class SessionRow(Base):
    """A saved plan attached to a pair (numbered 1, 2, ... within the pair)."""

    __tablename__ = "journey_sessions"
    __table_args__ = (UniqueConstraint("pair_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("journey_pairs.id", ondelete="CASCADE"),
                                         index=True)
    number: Mapped[int] = mapped_column(Integer)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    goal_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    held_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class ExecutiveFeedbackRow(Base):
    """The executive's rating of a session and what to keep or change."""

    __tablename__ = "journey_executive_feedback"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("journey_sessions.id", ondelete="CASCADE"), primary_key=True)
    author: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int] = mapped_column(Integer)
    helped: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class MentorNotesRow(Base):
    """The mentor's record of a session: covered and skipped segments, open questions."""

    __tablename__ = "journey_mentor_notes"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("journey_sessions.id", ondelete="CASCADE"), primary_key=True)
    author: Mapped[str] = mapped_column(String(40))
    covered_json: Mapped[str] = mapped_column(Text, default="[]")
    skipped_json: Mapped[str] = mapped_column(Text, default="[]")
    questions_json: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


TABLES = [PairRow, GoalRow, GoalUpdateRow, SessionRow, ExecutiveFeedbackRow, MentorNotesRow]
