"""`coach plan`, `coach plans list|show|refine|export` and `coach ask`: planner and chat."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import console, fail, get_services, print_json, user_errors

if TYPE_CHECKING:  # the planner loads inside the commands (fast `coach --help`)
    from assistant.planning.plan import Familiarity

plans_app = typer.Typer(help="Saved session plans.", no_args_is_help=True)
UserOpt = Annotated[str, typer.Option("--user", help="Who is asking (default: your login).")]


def _errors() -> tuple[type[Exception], ...]:
    from assistant.planning.llm import LLMError
    from assistant.planning.plan import PlanError
    from assistant.planning.records import RecordError

    return PlanError, LLMError, RecordError, ValueError


def _user(user: str) -> str:
    from assistant.users import normalize_name

    return normalize_name(user or getpass.getuser())


def plan(
    topic: Annotated[str, typer.Option(help="What the session is about.")],
    mentee_role: Annotated[str, typer.Option(help="The executive's role.")],
    minutes: Annotated[int, typer.Option(help="Session length in minutes.")],
    goal: Annotated[list[str] | None, typer.Option(help="A goal; repeat for more.")] = None,
    familiarity: Annotated[str, typer.Option(
        help="new, beginner, intermediate or advanced.")] = "beginner",
    json_out: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    md_out: Annotated[bool, typer.Option("--md", help="Print the plan as Markdown.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write the plan to FILE (.md/.docx/.pdf/.json)."
                                             )] = None,
    user: UserOpt = "",
) -> None:
    """Draft a timed, cited session plan from approved guidance and save it."""
    from assistant.planning.factory import build_planner
    from assistant.planning.plan import PlanRequest

    if json_out and md_out:
        fail("choose one of --json and --md")
    with user_errors(*_errors()):
        request = PlanRequest(topic=topic, mentee_role=mentee_role, minutes=minutes,
                              goals=goal or [], familiarity=_familiarity(familiarity), notes="")
        result = build_planner(get_services()).create(request, _user(user))
    for item in result.withheld:
        console().print(f"[yellow]withheld by the guardrail[/yellow] ({item.stage}, "
                      f"{item.action}): {', '.join(item.categories) or 'policy'}")
    if result.plan is None:
        fail(result.message)
    if result.notice:
        console().print(f"[yellow]Notice:[/yellow] {result.notice}")
    console().print(f"saved plan {result.plan_id} (version {result.version}, {result.provider})")
    if out is not None:
        _write(result.plan_id, out, _user(user))
    if json_out:
        print_json(result.as_dict())
    elif md_out or out is None:
        sys.stdout.write(result.plan.to_markdown())


@plans_app.command("list")
def list_plans(
    mine: Annotated[bool, typer.Option("--mine", help="Only plans you created.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    user: UserOpt = "",
) -> None:
    """Saved plans you may read (an admin: all), newest first."""
    from rich.table import Table

    from assistant.planning.factory import build_planner

    plans = build_planner(get_services()).plans
    rows = plans.list(_user(user)) if mine else plans.visible(_user(user))
    if json_out:
        print_json(rows)
        return
    table = Table("id", "title", "owner", "version", "updated")
    for r in rows:
        table.add_row(str(r["id"]), r["title"], r["owner"], str(r["version"]),
                      f"{r['updated']:%Y-%m-%d %H:%M}")
    console().print(table)


@plans_app.command()
def show(
    plan_id: Annotated[int, typer.Argument(help="Plan id.")],
    version: Annotated[int | None, typer.Option(help="A version; default the latest.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    user: UserOpt = "",
) -> None:
    """Print a saved plan you may read as Markdown (or JSON)."""
    from assistant.planning.factory import build_planner

    with user_errors(*_errors()):
        stored = build_planner(get_services()).plans.get(plan_id, _user(user), version)
    if json_out:
        print_json(stored.plan.model_dump(mode="json"))
        return
    console().print(f"plan {stored.id} version {stored.version} ({stored.kind}, {stored.provider})")
    if stored.notice:
        console().print(f"[yellow]Notice:[/yellow] {stored.notice}")
    sys.stdout.write(stored.plan.to_markdown())


@plans_app.command()
def refine(
    plan_id: Annotated[int, typer.Argument(help="Plan id.")],
    instruction: Annotated[str, typer.Argument(
        help="What to change, in words: “make the exercise about a behind-the-scenes Reel”.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    md_out: Annotated[bool, typer.Option("--md", help="Also print the plan as Markdown.")] = False,
    user: UserOpt = "",
) -> None:
    """Refine your saved plan in words; says what was applied, what not, and what changed."""
    from assistant.planning.factory import build_planner

    if not instruction.strip():
        fail("say how to change the plan, e.g. “make the exercise about Reels”")
    with user_errors(*_errors()):
        result = build_planner(get_services()).refine(plan_id, _user(user), instruction)
    for item in result.withheld:
        console().print(f"[yellow]withheld by the guardrail[/yellow] ({item.stage}, "
                      f"{item.action}): {', '.join(item.categories) or 'policy'}")
    if result.plan is None:
        fail(result.message)
    if json_out:
        print_json(result.as_dict())
        return
    if result.notice:
        console().print(f"[yellow]Notice:[/yellow] {result.notice}")
    sys.stdout.write(result.report_markdown() + "\n")
    console().print(result.message or f"saved plan {result.plan_id} (version {result.version}, "
                                     f"{result.provider})")
    if md_out:
        sys.stdout.write(result.plan.to_markdown())


@plans_app.command("export")
def export_plan(
    plan_id: Annotated[int, typer.Argument(help="Plan id.")],
    fmt: Annotated[str, typer.Option("--format", help="md, docx or pdf.")] = "md",
    out: Annotated[Path | None, typer.Option(help="File to write; default plan-ID.FORMAT.")] = None,
    user: UserOpt = "",
) -> None:
    """Write a saved plan you may read as Markdown, DOCX or PDF."""
    from assistant.planning.export import FORMATS

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}")
    _write(plan_id, out or Path(f"plan-{plan_id}.{fmt}"), _user(user), fmt)


def ask(
    question: Annotated[str, typer.Argument(help="Your question.")],
    plan_id: Annotated[int | None, typer.Option("--plan", help="A saved plan as context.")] = None,
    chat_id: Annotated[int | None, typer.Option("--chat", help="Continue a chat.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    user: UserOpt = "",
) -> None:
    """Ask a follow-up question; the answer streams, with citations to approved guidance."""
    from assistant.planning.factory import build_chat

    with user_errors(*_errors()):
        stream = build_chat(get_services()).stream(question, _user(user), chat_id, plan_id)
        for piece in stream:
            if not json_out:
                sys.stdout.write(piece)
                sys.stdout.flush()
    answer = stream.answer
    assert answer is not None
    if json_out:
        print_json(answer.as_dict())
        return
    sys.stdout.write("\n")
    for source in answer.citations:
        typer.echo(f"[{source.id}] {source.label}")
    for question in answer.follow_ups:
        typer.echo(f"ask next: {question}")
    console().print(f"(chat {answer.chat_id}; continue with --chat {answer.chat_id})")


def _write(plan_id: int | None, path: Path, user: str, fmt: str | None = None) -> None:
    from assistant.planning.export import export
    from assistant.planning.factory import build_planner
    from assistant.planning.records import PlanAction

    assert plan_id is not None
    fmt = fmt or path.suffix.lstrip(".").lower()
    with user_errors(*_errors(), OSError):
        stored = build_planner(get_services()).plans.get(plan_id, user,
                                                         action=PlanAction.EXPORT)
        if fmt == "json":
            path.write_text(stored.plan.model_dump_json(indent=2), encoding="utf-8")
        else:
            path.write_bytes(export(stored.plan, fmt))  # type: ignore[arg-type]
    console().print(f"wrote {path}")


def _familiarity(value: str) -> Familiarity:
    from assistant.planning.plan import PlanError

    allowed = ("new", "beginner", "intermediate", "advanced")
    if value not in allowed:
        raise PlanError(f"--familiarity must be one of {', '.join(allowed)}")
    return value  # type: ignore[return-value]
