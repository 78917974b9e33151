"""Feedback after a session: the executive's rating and the mentor's notes.

Both are private to the pair and the admins. Texts are screened before they are stored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.journeys import store
from assistant.journeys.models import ExecutiveFeedbackRow, MentorNotesRow, now
from assistant.journeys.rules import JourneyError, Part
from assistant.journeys.views import ExecutiveFeedback, Feedback, MentorNotes, Pair, Session

if TYPE_CHECKING:
    from sqlalchemy.orm import Session as DBSession

    from assistant.planning.planner import Planner
    from assistant.storage import Database


class FeedbackMixin:
    """Rating, mentor notes and reading them back; mixed into Journeys."""

    db: Database
    planner: Planner
    today: Callable[[], dt.date]
    now: Callable[[], dt.datetime]

    if TYPE_CHECKING:
        def clean(self, text: str, user: str, limit: int = 2000) -> str: ...
        def session(self, session_id: int, user: str) -> tuple[Session, Pair]: ...
        def _member(self, pair_id: int, user: str, *allowed: Part, action: str) -> Pair: ...

    def rate(self, session_id: int, user: str, rating: int, helped: str = "",
             change: str = "", held_early: bool = False) -> ExecutiveFeedback:
        """The executive rates the session 1-5 and says what helped and what to change.
        A session scheduled later than now is rated only when it was held early (then it
        counts as held today)."""
        view, _ = self.session(session_id, user)
        self._member(view.pair_id, user, Part.EXECUTIVE, action="rate sessions")
        if not 1 <= rating <= 5:
            raise JourneyError("rate the session from 1 to 5")
        if view.scheduled_at is not None and view.scheduled_at > self.now() and not held_early:
            raise JourneyError(
                f"this session is scheduled for {view.scheduled_at:%Y-%m-%d %H:%M}: rate it "
                "after it has taken place, or say that it was held early")
        helped, change = self.clean(helped, user), self.clean(change, user)
        with self.db.session() as db:
            db.merge(ExecutiveFeedbackRow(session_id=session_id, author=user, rating=rating,
                                          helped=helped, change=change, created_at=now()))
            self._held(db, session_id)
        return ExecutiveFeedback(user, rating, helped, change)

    def record_notes(self, session_id: int, user: str, covered: list[str],
                     skipped: list[str], open_questions: list[str]) -> MentorNotes:
        """The mentor records covered and skipped segments (titles or 1-based numbers) and
        the open questions; the next plan builds on them."""
        view, _ = self.session(session_id, user)
        self._member(view.pair_id, user, Part.MENTOR, action="record session notes")
        titles = [s.title for s in self.planner.plans.get(view.plan_id, user).plan.agenda]
        done, left = _segments(covered, titles), _segments(skipped, titles)
        if set(done) & set(left):
            raise JourneyError(f"a segment cannot be both covered and skipped: "
                               f"{sorted(set(done) & set(left))}")
        questions = [q for q in (self.clean(q, user, 500) for q in open_questions) if q]
        if len(questions) > 10:
            raise JourneyError("at most 10 open questions")
        with self.db.session() as db:
            db.merge(MentorNotesRow(session_id=session_id, author=user,
                                    covered_json=json.dumps(done), skipped_json=json.dumps(left),
                                    questions_json=json.dumps(questions), created_at=now()))
            self._held(db, session_id)
        return MentorNotes(user, done, left, questions)

    def feedback(self, session_id: int, user: str) -> Feedback:
        """Both sides of the feedback; for the pair and admins only."""
        self.session(session_id, user)
        with self.db.session() as db:
            return store.feedback_view(db, session_id)

    def _held(self, db: DBSession, session_id: int) -> None:
        row = store.get_session(db, session_id)
        if row.held_on is None:
            row.held_on = self.today()


def _segments(given: list[str], titles: list[str]) -> list[str]:
    """Agenda titles from titles or 1-based numbers; unknown ones are an error."""
    by_lower = {t.lower(): t for t in titles}
    out = []
    for item in (g.strip() for g in given if g and g.strip()):
        if item.isdigit() and 1 <= int(item) <= len(titles):
            out.append(titles[int(item) - 1])
        elif item.lower() in by_lower:
            out.append(by_lower[item.lower()])
        else:
            listed = "; ".join(f"{i}. {t}" for i, t in enumerate(titles, 1))
            raise JourneyError(f"no segment {item!r} in this plan; its segments are: {listed}")
    return list(dict.fromkeys(out))
