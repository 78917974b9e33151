"""`coach pairs|goals|feedback|sessions ...`: mentoring journeys from the command line.

The same rules as the web app apply: --user names who acts (default: your login).
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console, fail, get_services, print_json, user_errors

pairs_app = typer.Typer(help="Mentoring pairs (admins create them).", no_args_is_help=True)
goals_app = typer.Typer(help="A pair's goals and their progress.", no_args_is_help=True)
feedback_app = typer.Typer(help="Feedback after a session.", no_args_is_help=True)
sessions_app = typer.Typer(help="A pair's sessions: draft the next, export.", no_args_is_help=True)
UserOpt = Annotated[str, typer.Option("--user", help="Who acts (default: your login).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def register(app: typer.Typer) -> None:
    """Add the journeys sub-apps to `coach`."""
    for sub, name in ((pairs_app, "pairs"), (goals_app, "goals"), (feedback_app, "feedback"),
                      (sessions_app, "sessions")):
        app.add_typer(sub, name=name)


def _errors() -> tuple[type[Exception], ...]:
    """The expected errors, imported when a command runs (fast `coach --help`)."""
    from assistant.journeys import JourneyError
    from assistant.planning.plan import PlanError
    from assistant.planning.records import RecordError

    return JourneyError, PlanError, RecordError, ValueError


def _user(user: str) -> str:
    from assistant.users import normalize_name

    return normalize_name(user or getpass.getuser())


@pairs_app.command("add")
def pairs_add(
    mentor: Annotated[str, typer.Argument(help="The mentor's user name.")],
    executive: Annotated[str, typer.Argument(help="The executive's user name.")],
    role: Annotated[str, typer.Option(help="The executive's role, e.g. CFO.")],
    familiarity: Annotated[list[str] | None, typer.Option(
        help="TOPIC=LEVEL (new, beginner, intermediate, advanced); repeat.")] = None,
    user: UserOpt = "",
) -> None:
    """Create a pair (admins only)."""
    levels = dict(item.split("=", 1) for item in familiarity or [] if "=" in item)
    if len(levels) != len(familiarity or []):
        fail("--familiarity takes TOPIC=LEVEL")
    with user_errors(*_errors()):
        pair = get_services().journeys.create_pair(_user(user), mentor, executive, role, levels)
    typer.echo(f"created pair {pair.id}: {pair.mentor} → {pair.executive} ({pair.executive_role})")


@pairs_app.command("list")
def pairs_list(user: UserOpt = "", json_out: JsonOpt = False) -> None:
    """The pairs you may see (all of them for admins)."""
    pairs = get_services().journeys.pairs(_user(user))
    if json_out:
        print_json([p.as_dict() for p in pairs])
        return
    from rich.table import Table

    table = Table("id", "mentor", "executive", "role", "familiarity")
    for p in pairs:
        table.add_row(str(p.id), p.mentor, p.executive, p.executive_role,
                      ", ".join(f"{k}: {v}" for k, v in p.familiarity.items()))
    console().print(table)


@pairs_app.command("show")
def pairs_show(pair_id: Annotated[int, typer.Argument(help="Pair id.")], user: UserOpt = "",
               json_out: JsonOpt = False) -> None:
    """A pair with its goals and sessions (and their feedback)."""
    journeys, who = get_services().journeys, _user(user)
    with user_errors(*_errors()):
        pair = journeys.pair(pair_id, who)
        goals = journeys.goals(pair_id, who)
        sessions = journeys.sessions(pair_id, who)
        feedback = {s.id: journeys.feedback(s.id, who) for s in sessions}
    if json_out:
        print_json({"pair": pair.as_dict(), "goals": [g.as_dict() for g in goals],
                    "sessions": [{**s.as_dict(), "feedback": feedback[s.id].as_dict()}
                                 for s in sessions]})
        return
    typer.echo(f"pair {pair.id}: {pair.mentor} → {pair.executive} ({pair.executive_role})")
    for g in goals:
        typer.echo(f"  goal {g.id}: {g.text} · {g.progress}% · target {g.target_date}"
                   + (f" · {g.comment}" if g.comment else ""))
    for s in sessions:
        f = feedback[s.id]
        rating = f"rated {f.executive.rating}/5" if f.executive else "not rated"
        typer.echo(f"  session {s.id} (#{s.number}, plan {s.plan_id}): {s.title} · "
                   f"held {s.held_on or '-'} · {rating}")


@goals_app.command("add")
def goals_add(
    pair_id: Annotated[int, typer.Argument(help="Pair id.")],
    text: Annotated[str, typer.Argument(help="A specific goal.")],
    target: Annotated[str, typer.Option(help="Target date, YYYY-MM-DD.")],
    user: UserOpt = "",
) -> None:
    """Add a goal to a pair."""
    with user_errors(*_errors()):
        goal = get_services().journeys.add_goal(pair_id, _user(user), text,
                                                dt.date.fromisoformat(target))
    typer.echo(f"added goal {goal.id}: {goal.text} (target {goal.target_date})")


@goals_app.command("progress")
def goals_progress(
    goal_id: Annotated[int, typer.Argument(help="Goal id.")],
    percent: Annotated[int, typer.Argument(help="Progress, 0-100.")],
    comment: Annotated[str, typer.Option(help="What changed.")] = "",
    session: Annotated[int | None, typer.Option(help="The session it follows.")] = None,
    user: UserOpt = "",
) -> None:
    """Update a goal's progress (the pair's mentor or executive)."""
    with user_errors(*_errors()):
        goal = get_services().journeys.update_goal(goal_id, _user(user), percent, comment,
                                                   session)
    typer.echo(f"goal {goal.id}: {goal.progress}% ({len(goal.history)} updates)")


@feedback_app.command("add")
def feedback_add(
    session_id: Annotated[int, typer.Argument(help="Session id.")],
    rating: Annotated[int | None, typer.Option(help="Executive: 1-5.")] = None,
    helped: Annotated[str, typer.Option(help="Executive: what helped.")] = "",
    change: Annotated[str, typer.Option(help="Executive: what to change.")] = "",
    covered: Annotated[list[str] | None, typer.Option(
        help="Mentor: a covered segment (title or number); repeat.")] = None,
    skipped: Annotated[list[str] | None, typer.Option(
        help="Mentor: a skipped segment (title or number); repeat.")] = None,
    question: Annotated[list[str] | None, typer.Option(
        help="Mentor: an open question; repeat.")] = None,
    held_early: Annotated[bool, typer.Option(
        "--held-early", help="Executive: the session took place before its scheduled time."
    )] = False,
    user: UserOpt = "",
) -> None:
    """Record feedback: --rating etc. as the executive, --covered etc. as the mentor."""
    journeys, who = get_services().journeys, _user(user)
    mentor_side = covered or skipped or question
    if rating is None and not mentor_side:
        fail("give --rating (executive) or --covered/--skipped/--question (mentor)")
    with user_errors(*_errors()):
        if rating is not None:
            journeys.rate(session_id, who, rating, helped, change, held_early)
            typer.echo(f"rated session {session_id}: {rating}/5")
        if mentor_side:
            notes = journeys.record_notes(session_id, who, covered or [], skipped or [],
                                          question or [])
            typer.echo(f"notes for session {session_id}: {len(notes.covered)} covered, "
                       f"{len(notes.skipped)} skipped, {len(notes.open_questions)} questions")


@feedback_app.command("show")
def feedback_show(session_id: Annotated[int, typer.Argument(help="Session id.")],
                  user: UserOpt = "") -> None:
    """Both sides of a session's feedback (the pair and admins only)."""
    with user_errors(*_errors()):
        print_json(get_services().journeys.feedback(session_id, _user(user)).as_dict())


@sessions_app.command("next")
def sessions_next(
    pair_id: Annotated[int, typer.Argument(help="Pair id.")],
    topic: Annotated[str, typer.Option(help="What the session is about.")],
    minutes: Annotated[int, typer.Option(help="Session length in minutes.")],
    goal: Annotated[list[int] | None, typer.Option(help="A goal id it serves; repeat.")] = None,
    notes: Annotated[str, typer.Option(help="Extra wishes.")] = "",
    at: Annotated[str, typer.Option(help="When, YYYY-MM-DDTHH:MM.")] = "",
    user: UserOpt = "",
    json_out: JsonOpt = False,
) -> None:
    """Draft the pair's next session from its history (the pair's mentor)."""
    with user_errors(*_errors()):
        when = dt.datetime.fromisoformat(at) if at else None
        drafted = get_services().journeys.draft_next(pair_id, _user(user), topic, minutes,
                                                     goal, notes, when)
    result = drafted.result
    if drafted.session is None or result.plan is None:
        fail(result.message or "no plan was made")
    if json_out:
        print_json({"session": drafted.session.as_dict(), **result.as_dict()})
        return
    console().print(f"session {drafted.session.id} (#{drafted.session.number}) · plan "
                  f"{result.plan_id} · shared with the executive")
    sys.stdout.write(result.plan.to_markdown())


@sessions_app.command("list")
def sessions_list(pair_id: Annotated[int, typer.Argument(help="Pair id.")],
                  user: UserOpt = "") -> None:
    """A pair's sessions."""
    with user_errors(*_errors()):
        sessions = get_services().journeys.sessions(pair_id, _user(user))
    print_json([s.as_dict() for s in sessions])


@sessions_app.command("schedule")
def sessions_schedule(
    session_id: Annotated[int, typer.Argument(help="Session id.")],
    at: Annotated[str, typer.Option(help="When, YYYY-MM-DDTHH:MM.")] = "",
    held: Annotated[str, typer.Option(help="The day it was held, YYYY-MM-DD.")] = "",
    user: UserOpt = "",
) -> None:
    """Set when a session takes place, or the day it was held."""
    with user_errors(*_errors()):
        session = get_services().journeys.schedule(
            session_id, _user(user), dt.datetime.fromisoformat(at) if at else None,
            dt.date.fromisoformat(held) if held else None)
    typer.echo(f"session {session.id}: at {session.scheduled_at or '-'}, "
               f"held {session.held_on or '-'}")


@sessions_app.command("ics")
def sessions_ics(
    session_id: Annotated[int, typer.Argument(help="Session id.")],
    out: Annotated[Path, typer.Option(help="The .ics file to write.")],
    start: Annotated[str, typer.Option(help="Start, YYYY-MM-DDTHH:MM (default: scheduled).")
                     ] = "",
    user: UserOpt = "",
) -> None:
    """Write the session's calendar invite, agenda in its description."""
    with user_errors(*_errors(), OSError):
        when = dt.datetime.fromisoformat(start) if start else None
        out.write_bytes(get_services().journeys.invite(session_id, _user(user), when))
    console().print(f"wrote {out}")


@sessions_app.command("pre-reading")
def sessions_pre_reading(
    session_id: Annotated[int, typer.Argument(help="Session id.")],
    out: Annotated[Path, typer.Option(help="File to write: .md or .pdf.")],
    user: UserOpt = "",
) -> None:
    """Write the executive's one-page pre-reading sheet."""
    with user_errors(*_errors(), OSError):
        data = get_services().journeys.pre_reading(session_id, _user(user),
                                                   out.suffix.lstrip(".").lower())
        out.write_bytes(data)
    console().print(f"wrote {out}")
