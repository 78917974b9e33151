"""`coach guard`: scan text with the guardrail and manage the confidential term list."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.common import get_services, print_json
from assistant.guardrail.finding import Stage

if TYPE_CHECKING:  # the detectors load when a command runs, not for `coach --help`
    from assistant.guardrail import Guardrail, ScreenResult
    from assistant.guardrail.workers import ScanPool

app = typer.Typer(
    help="Screen text for secrets, personal data and confidential content; manage terms.",
    no_args_is_help=True,
)
terms_app = typer.Typer(help="The admin-managed list of confidential terms.", no_args_is_help=True)
app.add_typer(terms_app, name="terms")

BATCH = 500


def result_json(result: ScreenResult, item_id: Any = None, with_id: bool = False) -> dict[str, Any]:
    """The JSON form of a decision; spans refer to the input text."""
    data: dict[str, Any] = {"id": item_id} if with_id else {}
    data.update(
        blocked=result.blocked,
        action=result.action,
        text=result.text,
        findings=[
            {"category": f.category, "rule": f.rule, "start": f.start, "end": f.end,
             "score": f.score, "action": action}
            for f, action in zip(result.findings, result.actions, strict=True)
        ],
    )
    return data


def scan_jsonl(guard: Guardrail, stage: Stage, source: IO[str], sink: IO[str],
               workers: int = 1) -> int:
    """Screen JSON lines {"id", "text"}; write one JSON line per input, in input order.
    ``workers`` above one: a batch long enough is scanned by that many processes
    (``assistant/guardrail/workers.py``). Returns the count."""
    from assistant.guardrail.workers import ScanPool

    pool = ScanPool(guard, workers)
    try:
        return _scan_lines(guard, stage, source, sink, pool)
    finally:
        pool.close()


def _scan_lines(guard: Guardrail, stage: Stage, source: IO[str], sink: IO[str],
                pool: ScanPool) -> int:
    count = 0
    batch: list[tuple[Any, str]] = []

    def flush() -> None:
        results = guard.screen_many([t for _, t in batch], stage, scan_many=pool.scan_many)
        for (item_id, _), result in zip(batch, results, strict=True):
            sink.write(json.dumps(result_json(result, item_id, True), ensure_ascii=False) + "\n")
        sink.flush()
        batch.clear()

    for line in source:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            batch.append((item.get("id"), str(item.get("text", ""))))
        except (json.JSONDecodeError, AttributeError):
            batch.append((None, line.rstrip("\n")))
        count += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return count


@app.command()
def scan(
    file: Annotated[str, typer.Argument(help="File to scan, or - for stdin.")] = "-",
    stage: Annotated[Stage, typer.Option(help="Stage whose policy applies.")] = Stage.INPUT,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
    jsonl: Annotated[
        bool,
        typer.Option("--jsonl", help='Read JSON lines {"id","text"} on stdin, write one per line.'),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="With --jsonl: processes that scan a long input (default: one "
                     "per core; 1: this process only)."),
    ] = None,
) -> None:
    """Screen a file or stdin and print the sanitised text and findings.

    Exit codes: 0 allowed or redacted, 1 blocked, 2 usage or settings error.
    With --jsonl the exit code is 0 whatever the decisions.
    """
    guard = get_services().guardrail
    if jsonl:
        from assistant.guardrail.workers import default_workers

        scan_jsonl(guard, stage, sys.stdin, sys.stdout, workers or default_workers())
        return
    text = sys.stdin.read() if file == "-" else _read(Path(file))
    result = guard.screen(text, stage)
    if as_json:
        from assistant.guardrail.policy import stage_policy

        data = result_json(result)
        data["message"] = result.message
        data["stage"] = str(stage)
        data["policy"] = stage_policy(guard.settings, stage)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        _print_human(result)
    raise typer.Exit(1 if result.blocked else 0)


def _read(path: Path) -> str:
    if not path.is_file():
        typer.echo(f"Error: {path} is not a file", err=True)
        raise typer.Exit(2)
    return path.read_text(encoding="utf-8", errors="replace")


def _print_human(result: ScreenResult) -> None:
    typer.echo(f"action: {result.action}", err=True)
    if result.message:
        typer.echo(result.message, err=True)
    for f, action in zip(result.findings, result.actions, strict=True):
        typer.echo(f"  {f.category:<12} {f.rule:<32} [{f.start}:{f.end}] score={f.score:.2f}"
                   f" {action:<6}  {f.reason}", err=True)
    if not result.blocked:
        sys.stdout.write(result.text)


@app.command()
def policy(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """The action at each stage of each category, and of each rule that differs from its
    category there (from settings: guardrail.stage_actions, rule_actions, category policies)."""
    from assistant.guardrail.policy import stage_policy

    settings = get_services().guardrail.settings
    table = {str(s): stage_policy(settings, s) for s in Stage}
    if as_json:
        print_json(table)
        return
    keys = list(dict.fromkeys(k for row in table.values() for k in row))
    typer.echo(f"{'category or rule':<34}" + "".join(f"{s:<11}" for s in table))
    for key in keys:
        cells = [row.get(key, row[key.split(".", 1)[0]]) for row in table.values()]
        typer.echo(f"{key:<34}" + "".join(f"{c:<11}" for c in cells))


@terms_app.command("add")
def terms_add(
    term: Annotated[str, typer.Argument(help="Codename, product, client or deal name.")],
    user: Annotated[str | None, typer.Option(help="Who adds it (kept in the database).")] = None,
) -> None:
    """Add a confidential term; it applies to new requests at once, and indexed documents
    that mention it are flagged and hidden for review."""
    try:
        added = get_services().guardrail.terms.add(term, user)
    except ValueError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo("added" if added else "already listed")


@terms_app.command("remove")
def terms_remove(term: Annotated[str, typer.Argument(help="The term to remove.")]) -> None:
    """Remove a confidential term (matched ignoring case, spacing and punctuation)."""
    if not get_services().guardrail.terms.remove(term):
        typer.echo("not listed", err=True)
        raise typer.Exit(1)
    typer.echo("removed")


@terms_app.command("list")
def terms_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List the confidential terms."""
    terms = get_services().guardrail.terms.list()
    if as_json:
        typer.echo(json.dumps(terms, ensure_ascii=False))
        return
    for term in terms:
        typer.echo(term)
