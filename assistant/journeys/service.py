"""The journeys service: pairs, goals, sessions and feedback, with the rules of who sees what.

Every free text (roles, goals, comments, feedback, open questions) is screened by the
guardrail at the input stage before it is stored; blocked text is refused with its message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from assistant.guardrail import Guardrail, Stage
from assistant.journeys import exports, programme, store
from assistant.journeys.carry import LEVELS, Past, next_request
from assistant.journeys.feedback import FeedbackMixin
from assistant.journeys.models import TABLES, GoalRow, GoalUpdateRow, PairRow, SessionRow, now
from assistant.journeys.rules import JourneyError, NotAllowed, Part, Refused, require, require_role
from assistant.journeys.views import Goal, Pair, Session
from assistant.orm import Base
from assistant.planning.planner import Planner, PlanResult
from assistant.storage import Database
from assistant.users import Role, UserDirectory, normalize_name

MEMBERS = (Part.MENTOR, Part.EXECUTIVE)
READERS = (Part.MENTOR, Part.EXECUTIVE, Part.ADMIN)


@dataclass
class NextSession:
    """A drafted next session (None when no plan was made) and the planner's result."""

    session: Session | None
    result: PlanResult


class Journeys(FeedbackMixin):
    """Mentoring journeys over the planner; every method takes the acting user's name."""

    def __init__(self, db: Database, users: UserDirectory, planner: Planner,
                 guardrail: Guardrail, today: Callable[[], dt.date] = dt.date.today,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        """``now`` (naive local time, as sessions are scheduled) defaults to today's date at
        the current time of day, so a fixed ``today`` fixes both."""
        self.db, self.users, self.planner, self.guardrail = db, users, planner, guardrail
        self.today = today
        self.now = now or (lambda: dt.datetime.combine(self.today(), dt.datetime.now().time()))
        tables = [t.__table__ for t in TABLES]
        Base.metadata.create_all(db.engine, tables=tables)  # type: ignore[arg-type]

    # ---- helpers ------------------------------------------------------------------------

    def clean(self, text: str, user: str, limit: int = 2000) -> str:
        """The text screened at the input stage (redacted), or Refused when it is blocked."""
        text = (text or "").strip()
        if not text:
            return ""
        if len(text) > limit:
            raise JourneyError(f"keep it under {limit} characters")
        result = self.guardrail.screen(text, Stage.INPUT, user=user)
        if result.blocked:
            raise Refused(result.message)
        return result.text

    def _member(self, pair_id: int, user: str, *allowed: Part, action: str,
                what: tuple[str, int] | None = None) -> Pair:
        """The pair if the user's part is allowed; outsiders learn nothing about ``what``."""
        with self.db.session() as db:
            pair = store.pair_view(store.get_pair(db, pair_id))
        require(pair, user, self.users.role_of(user), *allowed, action=action, what=what)
        return pair

    # ---- pairs --------------------------------------------------------------------------

    def create_pair(self, user: str, mentor: str, executive: str, executive_role: str,
                    familiarity: dict[str, str] | None = None) -> Pair:
        """A new pair; admins only. Familiarity maps topics to new/beginner/...."""
        mentor, executive = normalize_name(mentor), normalize_name(executive)
        if self.users.role_of(user) != Role.ADMIN:
            raise NotAllowed("only admins may create pairs")
        if self.users.role_of(mentor) != Role.MENTOR:
            raise JourneyError(f"{mentor!r} is not a mentor")
        if self.users.role_of(executive) != Role.EXECUTIVE:
            raise JourneyError(f"{executive!r} is not an executive")
        role = self.clean(executive_role, user, 200)
        if len(role) < 2:
            raise JourneyError("say what the executive's role is, e.g. CFO")
        levels: dict[str, str] = {}
        for topic, level in (familiarity or {}).items():
            if level not in LEVELS:
                raise JourneyError(f"familiarity {level!r}: use one of {', '.join(LEVELS)}")
            levels[self.clean(topic, user, 200)] = level
        with self.db.session() as db:
            if db.scalars(select(PairRow).filter_by(mentor=mentor, executive=executive)).first():
                raise JourneyError(f"{mentor} and {executive} are a pair already")
            row = PairRow(mentor=mentor, executive=executive, executive_role=role,
                          familiarity_json=json.dumps(levels), created_by=user)
            db.add(row)
            db.flush()
            return store.pair_view(row)

    def pairs(self, user: str) -> list[Pair]:
        """All pairs for an admin; a member's own pairs for anyone else."""
        query = select(PairRow).order_by(PairRow.id)
        if self.users.role_of(user) != Role.ADMIN:
            query = query.where((PairRow.mentor == user) | (PairRow.executive == user))
        with self.db.session() as db:
            return [store.pair_view(r) for r in db.scalars(query)]

    def pair(self, pair_id: int, user: str) -> Pair:
        return self._member(pair_id, user, *READERS, action="see this pair")

    # ---- goals --------------------------------------------------------------------------

    def add_goal(self, pair_id: int, user: str, text: str, target_date: dt.date) -> Goal:
        """A specific goal with a target date; by the pair or an admin."""
        self._member(pair_id, user, *READERS, action="add goals")
        text = self.clean(text, user, 300)
        if len(text.split()) < 3:
            raise JourneyError("make the goal specific: at least three words, e.g. "
                               "“Post on LinkedIn once a week”")
        if target_date < self.today():
            raise JourneyError("the target date is in the past")
        with self.db.session() as db:
            row = GoalRow(pair_id=pair_id, text=text, target_date=target_date, created_by=user)
            db.add(row)
            db.flush()
            return store.goal_view(db, row)

    def goals(self, pair_id: int, user: str) -> list[Goal]:
        self._member(pair_id, user, *READERS, action="see goals")
        with self.db.session() as db:
            rows = db.scalars(select(GoalRow).filter_by(pair_id=pair_id).order_by(GoalRow.id))
            return [store.goal_view(db, r) for r in rows]

    def update_goal(self, goal_id: int, user: str, progress: int, comment: str = "",
                    session_id: int | None = None) -> Goal:
        """Progress 0-100 with a comment, kept in the goal's history; by the pair only."""
        with self.db.session() as db:
            pair_id = store.get_goal(db, goal_id).pair_id
        self._member(pair_id, user, *MEMBERS, action="update goal progress",
                     what=("goal", goal_id))
        if not 0 <= progress <= 100:
            raise JourneyError("progress is a percentage from 0 to 100")
        comment = self.clean(comment, user, 1000)
        with self.db.session() as db:
            row = store.get_goal(db, goal_id)
            row.progress, row.comment, row.updated_at = progress, comment, now()
            db.add(GoalUpdateRow(goal_id=goal_id, progress=progress, comment=comment,
                                 author=user, session_id=session_id))
            db.flush()
            return store.goal_view(db, row)

    # ---- sessions -----------------------------------------------------------------------

    def sessions(self, pair_id: int, user: str) -> list[Session]:
        self._member(pair_id, user, *READERS, action="see sessions")
        with self.db.session() as db:
            rows = db.scalars(select(SessionRow).filter_by(pair_id=pair_id)
                              .order_by(SessionRow.number))
            return [store.session_view(db, r) for r in rows]

    def session(self, session_id: int, user: str) -> tuple[Session, Pair]:
        with self.db.session() as db:
            row = store.get_session(db, session_id)
            view = store.session_view(db, row)
        return view, self._member(view.pair_id, user, *READERS, action="see this session",
                                  what=("session", session_id))

    def history(self, pair_id: int, user: str) -> list[Past]:
        """Every session of the pair with its plan and feedback, oldest first; ``user`` must
        be able to read the plans (the pair's mentor wrote them all)."""
        with self.db.session() as db:
            rows = list(db.scalars(select(SessionRow).filter_by(pair_id=pair_id)
                                   .order_by(SessionRow.number)))
            views = [(store.session_view(db, r), store.feedback_view(db, r.id)) for r in rows]
        return [Past(s, self.planner.plans.get(s.plan_id, user).plan, f) for s, f in views]

    def draft_next(self, pair_id: int, user: str, topic: str, minutes: int,
                   goal_ids: list[int] | None = None, notes: str = "",
                   scheduled_at: dt.datetime | None = None) -> NextSession:
        """Draft the pair's next session from its history; the pair's mentor only."""
        pair = self._member(pair_id, user, Part.MENTOR, action="draft sessions")
        with self.db.session() as db:
            goals = [store.goal_view(db, r) for r in db.scalars(
                select(GoalRow).filter_by(pair_id=pair_id).order_by(GoalRow.id))]
        if goal_ids is not None:
            unknown = set(goal_ids) - {g.id for g in goals}
            if unknown:
                raise JourneyError(f"goals {sorted(unknown)} are not this pair's")
            goals = [g for g in goals if g.id in goal_ids]
        request, served = next_request(pair, goals, self.history(pair_id, user), topic,
                                       minutes, notes)
        result = self.planner.create(request, user)
        if result.plan is None or result.plan_id is None:
            return NextSession(None, result)
        with self.db.session() as db:
            number = (db.scalar(select(func.max(SessionRow.number))
                                .filter_by(pair_id=pair_id)) or 0) + 1
            row = SessionRow(pair_id=pair_id, number=number, plan_id=result.plan_id,
                             goal_ids_json=json.dumps(served), scheduled_at=scheduled_at,
                             created_by=user)
            db.add(row)
            db.flush()
            session = store.session_view(db, row)
        self.planner.plans.share(result.plan_id, user, pair.executive)
        return NextSession(session, result)

    def schedule(self, session_id: int, user: str, when: dt.datetime | None = None,
                 held_on: dt.date | None = None) -> Session:
        """Set when the session takes place and/or the day it was held; the mentor only."""
        view, _ = self.session(session_id, user)
        self._member(view.pair_id, user, Part.MENTOR, action="schedule sessions")
        with self.db.session() as db:
            row = store.get_session(db, session_id)
            row.scheduled_at = when or row.scheduled_at
            row.held_on = held_on or row.held_on
            return store.session_view(db, row)

    # ---- exports ------------------------------------------------------------------------

    def invite(self, session_id: int, user: str, start: dt.datetime | None = None) -> bytes:
        """The session as a calendar invite (.ics); for the pair and admins."""
        view, pair = self.session(session_id, user)
        when = start or view.scheduled_at
        if when is None:
            raise JourneyError("schedule the session first (or give a start time)")
        return exports.ics(view, pair, self.planner.plans.get(view.plan_id, user).plan, when)

    def pre_reading(self, session_id: int, user: str, fmt: str = "md") -> bytes:
        """The executive's one-page pre-reading sheet as Markdown or PDF."""
        view, pair = self.session(session_id, user)
        plan = self.planner.plans.get(view.plan_id, user).plan
        goals = [g for g in self.goals(pair.id, user) if g.id in view.goal_ids]
        if fmt == "md":
            return exports.pre_reading_markdown(view, pair, plan, goals).encode("utf-8")
        if fmt == "pdf":
            return exports.pre_reading_pdf(view, pair, plan, goals)
        raise JourneyError("the pre-reading sheet comes as md or pdf")

    # ---- programme ----------------------------------------------------------------------

    def programme(self, user: str) -> programme.Programme:
        """Pairs, sessions held, ratings, goals on track, topics and gaps; admins only."""
        require_role(user, self.users.role_of(user), Role.ADMIN, "see the programme view")
        return programme.build(self.db, self.today())
