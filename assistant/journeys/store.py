"""Loading journey rows as views; no rules here (the service applies them)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession

from assistant.journeys.models import (
    ExecutiveFeedbackRow,
    GoalRow,
    GoalUpdateRow,
    MentorNotesRow,
    PairRow,
    SessionRow,
)
from assistant.journeys.rules import not_found
from assistant.journeys.views import (
    ExecutiveFeedback,
    Feedback,
    Goal,
    GoalUpdate,
    MentorNotes,
    Pair,
    Session,
)
from assistant.planning.records import PlanRow


def pair_view(row: PairRow) -> Pair:
    return Pair(row.id, row.mentor, row.executive, row.executive_role,
                json.loads(row.familiarity_json), row.created_by, row.created_at)


def goal_view(db: DBSession, row: GoalRow) -> Goal:
    updates = db.scalars(select(GoalUpdateRow).filter_by(goal_id=row.id)
                         .order_by(GoalUpdateRow.id))
    history = [GoalUpdate(u.progress, u.comment, u.author, u.session_id, u.created_at)
               for u in updates]
    return Goal(row.id, row.pair_id, row.text, row.target_date, row.progress, row.comment,
                history)


def session_view(db: DBSession, row: SessionRow) -> Session:
    plan = db.get(PlanRow, row.plan_id)
    return Session(row.id, row.pair_id, row.number, row.plan_id,
                   plan.title if plan else "(plan removed)", plan.topic if plan else "",
                   json.loads(row.goal_ids_json), row.scheduled_at, row.held_on)


def feedback_view(db: DBSession, session_id: int) -> Feedback:
    rating = db.get(ExecutiveFeedbackRow, session_id)
    notes = db.get(MentorNotesRow, session_id)
    return Feedback(
        session_id,
        ExecutiveFeedback(rating.author, rating.rating, rating.helped, rating.change)
        if rating else None,
        MentorNotes(notes.author, json.loads(notes.covered_json), json.loads(notes.skipped_json),
                    json.loads(notes.questions_json)) if notes else None)


def get_pair(db: DBSession, pair_id: int) -> PairRow:
    row = db.get(PairRow, pair_id)
    if row is None:
        raise not_found("pair", pair_id)
    return row


def get_session(db: DBSession, session_id: int) -> SessionRow:
    row = db.get(SessionRow, session_id)
    if row is None:
        raise not_found("session", session_id)
    return row


def get_goal(db: DBSession, goal_id: int) -> GoalRow:
    row = db.get(GoalRow, goal_id)
    if row is None:
        raise not_found("goal", goal_id)
    return row
