"""`coach admin ...`: the admin's reports."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.common import get_services, print_json

app = typer.Typer(help="Admin reports.", no_args_is_help=True)


@app.command()
def usage(
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Documents, users, guardrail decisions, overrides, plans and chats (counts only)."""
    from assistant.operations.usage import usage_report

    report = usage_report(get_services())
    if json_out:
        print_json(report.as_dict())
        return
    for line in report.lines():
        typer.echo(line)
