"""`coach health`, `coach backup`, `coach restore`: what an operator runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console, get_services, print_json, user_errors

JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def register(app: typer.Typer) -> None:
    app.command()(health)
    app.command()(backup)
    app.command()(restore)


def health(
    as_json: JsonOpt = False,
    quick: Annotated[bool, typer.Option(
        "--quick", help="Only the database and the vector store (cheap, for probes).")] = False,
) -> None:
    """Check the database, Chroma, the model files and the LLM endpoint; exit 1 if any fails."""
    from assistant.operations.health import report, run_checks

    checks = run_checks(get_services().settings, quick=quick)
    if as_json:
        print_json(report(checks))
    else:
        for check in checks:
            mark = "[green]ok[/green]  " if check.ok else "[red]FAIL[/red]"
            console().print(f"{mark} {check.name:<17} {check.detail} ({check.ms:.0f} ms)",
                          highlight=False, soft_wrap=True)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def backup(
    file: Annotated[Path, typer.Argument(help="Archive to write (.tar.gz).")],
) -> None:
    """Write the app's records and the Chroma collection to FILE (safe while the app runs)."""
    from assistant.operations.backup import BackupError
    from assistant.operations.backup import backup as make_backup

    with user_errors(BackupError, OSError):
        report = make_backup(get_services().settings, file)
    rows = sum(report.rows.values())
    typer.echo(f"wrote {report.path}: {rows} rows in {len(report.rows)} tables, "
               f"{report.chunks} chunks (schema {report.revision})")


def restore(
    file: Annotated[Path, typer.Argument(help="Archive written by `coach backup`.")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace the data the target holds (stop every app instance first).",
    )] = False,
) -> None:
    """Load FILE into the configured database and Chroma collection (stop the app first)."""
    from assistant.operations.backup import BackupError
    from assistant.operations.backup import restore as load_backup

    with user_errors(BackupError, OSError):
        report = load_backup(get_services().settings, file, replace=replace)
    rows = sum(report.rows.values())
    typer.echo(f"restored {rows} rows and {report.chunks} chunks from {report.path}; "
               "start the app instances again")
