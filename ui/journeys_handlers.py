"""The Journeys tab's handlers, apart from its layout so they can be called in-process.

Pairs, goals and sessions are picked from dropdowns (or a click on the pairs table), never
typed as ids. Every handler checks the role first; the journeys service checks pair
membership. Each public method is wrapped by `Access.handler` (errors fit for the browser).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import gradio as gr
import pandas as pd

from assistant.journeys import Journeys
from assistant.journeys.views import Pair, Session
from assistant.sanitize import safe_markdown
from assistant.users import Role
from ui.access import Access
from ui.scratch import scratch_dir

PAIRS = ["id", "mentor", "executive", "role", "familiarity"]
EVERYONE = (Role.MENTOR, Role.EXECUTIVE, Role.ADMIN)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _items(value: list[str] | str | None) -> list[str]:
    """Checked boxes (a list) or one item per line (text from the API)."""
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return _lines(value)


def _picked(value: Any, what: str) -> int:
    if value in (None, ""):
        raise gr.Error(f"Choose a {what} first.")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise gr.Error(f"Choose a {what} from the list.") from None


def _date(text: str | None, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise gr.Error(f"Write the {label} as YYYY-MM-DD, for example 2027-01-31.") from None


def _when(text: str | None, label: str) -> dt.datetime | None:
    if not (text or "").strip():
        return None
    try:
        return dt.datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise gr.Error(f"Write the {label} as YYYY-MM-DD HH:MM, for example "
                       "2027-01-31 10:00.") from None


def _file(data: bytes, name: str) -> str:
    path = scratch_dir("coach-journey-") / name
    path.write_bytes(data)
    return str(path)


def pair_label(pair: Pair) -> str:
    return f"{pair.mentor} → {pair.executive} ({pair.executive_role})"


def session_status(session: Session, rating: int | None) -> str:
    """Where a session stands: rated, held, scheduled or just drafted."""
    if rating is not None:
        return f"held {session.held_on or '-'}, rated {rating}/5"
    if session.held_on:
        return f"held {session.held_on}, not rated yet"
    if session.scheduled_at:
        return f"scheduled {session.scheduled_at:%Y-%m-%d %H:%M}"
    return "not scheduled yet"


def _keep(current: Any, choices: list[tuple[str, str]]) -> str | None:
    """The current choice while it is still offered; else none (never a made-up default)."""
    values = [v for _, v in choices]
    return str(current) if current not in (None, "") and str(current) in values else None


class JourneysHandlers:
    """Pairs, goals, sessions, feedback, exports and the admin's programme view."""

    PUBLIC = ("my_pairs", "pair_picker", "pick_row", "people", "pair_view", "create_pair",
              "clear_pair_form", "add_goal", "goal_progress", "draft_next", "session_view",
              "mentor_notes", "rate", "feedback", "invite", "pre_reading", "programme",
              "initial")

    def __init__(self, journeys: Journeys, access: Access) -> None:
        self.journeys, self.access = journeys, access
        for name in self.PUBLIC:
            setattr(self, name, access.handler(getattr(self, name)))

    def user(self, request: gr.Request | None, *roles: Role) -> str:
        return self.access.require(request, *(roles or EVERYONE))

    # ---- pairs ----------------------------------------------------------------------------

    def pair_rows(self, user: str) -> list[list[Any]]:
        return [[p.id, p.mentor, p.executive, p.executive_role,
                 ", ".join(f"{k}: {v}" for k, v in p.familiarity.items())]
                for p in self.journeys.pairs(user)]

    def my_pairs(self, request: gr.Request) -> list[list[Any]]:
        return self.pair_rows(self.user(request))

    def pair_picker(self, current: Any, request: gr.Request) -> Any:
        """The pair dropdown: the caller's pairs; the only one is picked for them."""
        pairs = self.journeys.pairs(self.user(request))
        choices = [(pair_label(p), str(p.id)) for p in pairs]
        value = _keep(current, choices) or (choices[0][1] if len(choices) == 1 else None)
        return gr.Dropdown(choices=choices, value=value)

    def pick_row(self, event: gr.EventData, request: gr.Request) -> Any:
        """A click on a row of the pairs table picks that pair; the row is looked up in the
        caller's own pairs (the table lists them in the same order). The plain EventData
        (not SelectData) lets a call without a click fail here, with a clear message."""
        user = self.user(request)
        data = getattr(event, "_data", None)
        index = data.get("index") if isinstance(data, dict) else None
        row = index[0] if isinstance(index, list | tuple) and index else index
        pairs = self.journeys.pairs(user)
        if not isinstance(row, int) or not 0 <= row < len(pairs):
            raise gr.Error("Click a row of the pairs table.")
        return str(pairs[row].id)

    def people(self, request: gr.Request) -> tuple[Any, Any]:
        """The mentors and executives an admin may pair (nothing for anyone else)."""
        users = self.access.users
        if users.role_of(getattr(request, "username", None)) != Role.ADMIN:
            return gr.skip(), gr.skip()
        self.user(request, Role.ADMIN)
        return (gr.Dropdown(choices=users.names(Role.MENTOR), value=None),
                gr.Dropdown(choices=users.names(Role.EXECUTIVE), value=None))

    def pair_view(self, pair: Any, goal: Any, session: Any,
                  request: gr.Request) -> tuple[Any, Any, Any]:
        """The pair's goals and sessions with their status, and the goal and session
        dropdowns refreshed (keeping the current choices)."""
        user = self.user(request)
        if pair in (None, ""):
            return "", gr.Dropdown(choices=[], value=None), gr.Dropdown(choices=[], value=None)
        number = _picked(pair, "pair")
        found = self.journeys.pair(number, user)
        goals = self.journeys.goals(number, user)
        sessions = self.journeys.sessions(number, user)
        ratings = {s.id: (f.executive.rating if (f := self.journeys.feedback(s.id, user))
                          .executive else None) for s in sessions}
        out = [f"### {pair_label(found)}", "", "**Goals**"]
        out += [f"- {g.text} · **{g.progress}%** · target {g.target_date}"
                + (f" · {g.comment}" if g.comment else "") for g in goals] or ["- none yet"]
        out += ["", "**Sessions**"]
        out += [f"- #{s.number} {s.title} · {session_status(s, ratings[s.id])}"
                for s in sessions] or ["- none yet"]
        goal_choices = [(f"{g.text} ({g.progress}%)", str(g.id)) for g in goals]
        session_choices = [(f"#{s.number} {s.title} · {session_status(s, ratings[s.id])}",
                            str(s.id)) for s in sessions]
        return (safe_markdown("\n".join(out)),
                gr.Dropdown(choices=goal_choices, value=_keep(goal, goal_choices)),
                gr.Dropdown(choices=session_choices, value=_keep(session, session_choices)))

    def create_pair(self, mentor: str, executive: str, role: str, familiarity: str,
                    request: gr.Request) -> str:
        """Only the message: on success the table and dropdown are refreshed by the next
        step, so an error never replaces the pairs table."""
        user = self.user(request, Role.ADMIN)
        levels = dict(line.split("=", 1) for line in _lines(familiarity) if "=" in line)
        pair = self.journeys.create_pair(user, (mentor or "").strip(), (executive or "").strip(),
                                         role or "", {k.strip(): v.strip()
                                                      for k, v in levels.items()})
        return f"Created the pair {pair_label(pair)}."

    def clear_pair_form(self, request: gr.Request) -> tuple[Any, ...]:
        """Empties the create-pair fields once the pair exists."""
        self.user(request, Role.ADMIN)
        return ("",) * 4

    # ---- goals ----------------------------------------------------------------------------

    def add_goal(self, pair: Any, text: str, target: str, request: gr.Request) -> str:
        user = self.user(request)
        goal = self.journeys.add_goal(_picked(pair, "pair"), user, text or "",
                                      _date(target, "target date"))
        return f"Added the goal “{goal.text}”."

    def goal_progress(self, goal: Any, progress: float, comment: str,
                      request: gr.Request) -> str:
        user = self.user(request, Role.MENTOR, Role.EXECUTIVE)
        found = self.journeys.update_goal(_picked(goal, "goal"), user, int(progress),
                                          comment or "")
        return f"“{found.text}” is at {found.progress}% ({len(found.history)} updates)."

    # ---- sessions -------------------------------------------------------------------------

    def draft_next(self, pair: Any, topic: str, minutes: float, notes: str, start: str,
                   request: gr.Request) -> tuple[str, Any]:
        """The drafted plan, and the new session picked in the session dropdown."""
        user = self.user(request, Role.MENTOR)
        drafted = self.journeys.draft_next(_picked(pair, "pair"), user, (topic or "").strip(),
                                           int(minutes), notes=notes or "",
                                           scheduled_at=_when(start, "start"))
        result = drafted.result
        if drafted.session is None or result.plan is None:
            return f"**{result.message or 'No plan was made.'}**", gr.skip()
        head = (f"*Session #{drafted.session.number} · shared with the executive*\n\n")
        return safe_markdown(head + result.plan.to_markdown()), str(drafted.session.id)

    def session_view(self, session: Any, request: gr.Request) -> tuple[Any, Any, Any]:
        """The session's segments, offered as boxes to tick as covered or skipped."""
        user = self.user(request)
        if session in (None, ""):
            empty = gr.CheckboxGroup(choices=[], value=[])
            return "", empty, empty
        view, _ = self.journeys.session(_picked(session, "session"), user)
        plan = self.journeys.planner.plans.get(view.plan_id, user).plan
        choices = [(f"{i}. {s.title} ({s.minutes} min)", str(i))
                   for i, s in enumerate(plan.agenda, 1)]
        return (safe_markdown("\n".join(label for label, _ in choices)),
                gr.CheckboxGroup(choices=choices, value=[]),
                gr.CheckboxGroup(choices=choices, value=[]))

    def mentor_notes(self, session: Any, covered: list[str] | str, skipped: list[str] | str,
                     questions: str, request: gr.Request) -> str:
        user = self.user(request, Role.MENTOR)
        notes = self.journeys.record_notes(_picked(session, "session"), user, _items(covered),
                                           _items(skipped), _lines(questions))
        return (f"Saved: {len(notes.covered)} covered, {len(notes.skipped)} skipped, "
                f"{len(notes.open_questions)} open questions.")

    def rate(self, session: Any, rating: float, helped: str, change: str, held_early: bool,
             request: gr.Request) -> str:
        user = self.user(request, Role.EXECUTIVE)
        self.journeys.rate(_picked(session, "session"), user, int(rating), helped or "",
                           change or "", held_early=bool(held_early))
        return f"Thank you: session rated {int(rating)}/5."

    def feedback(self, session: Any, request: gr.Request) -> str:
        user = self.user(request)
        f = self.journeys.feedback(_picked(session, "session"), user)
        out = []
        if f.executive:
            out += [f"**Executive ({f.executive.author})**: {f.executive.rating}/5",
                    f"- helped: {f.executive.helped or '-'}",
                    f"- change: {f.executive.change or '-'}"]
        if f.mentor:
            out += [f"**Mentor ({f.mentor.author})**",
                    f"- covered: {'; '.join(f.mentor.covered) or '-'}",
                    f"- skipped: {'; '.join(f.mentor.skipped) or '-'}",
                    f"- open questions: {'; '.join(f.mentor.open_questions) or '-'}"]
        return safe_markdown("\n".join(out)) or "No feedback yet."

    def invite(self, session: Any, start: str, request: gr.Request) -> str:
        user = self.user(request)
        number = _picked(session, "session")
        return _file(self.journeys.invite(number, user, _when(start, "invite start")),
                     f"session-{number}.ics")

    def pre_reading(self, session: Any, fmt: str, request: gr.Request) -> str:
        user = self.user(request)
        number = _picked(session, "session")
        return _file(self.journeys.pre_reading(number, user, fmt),
                     f"pre-reading-{number}.{fmt}")

    # ---- programme and page load -------------------------------------------------------

    def programme(self, request: gr.Request) -> tuple[Any, ...]:
        user = self.user(request, Role.ADMIN)
        view = self.journeys.programme(user)
        totals = " · ".join(f"**{k}**: {v if v is not None else '-'}"
                            for k, v in view.totals.items())
        topics = pd.DataFrame(view.topics, columns=["topic", "plans"])
        gaps = pd.DataFrame(view.gaps, columns=["question", "times asked"])
        return totals, view.pairs, topics, topics, gaps, gaps

    def initial(self, request: gr.Request) -> tuple[Any, ...]:
        """The caller's pairs, and the sections their role uses shown."""
        user = getattr(request, "username", None)
        role = self.access.users.role_of(user)
        if role is None:
            return (gr.skip(),) * 5
        return (self.pair_rows(str(user)), gr.Group(visible=role == Role.MENTOR),
                gr.Group(visible=role == Role.MENTOR), gr.Group(visible=role == Role.EXECUTIVE),
                gr.Group(visible=role == Role.ADMIN))
