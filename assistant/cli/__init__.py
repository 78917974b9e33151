"""`coach`: the command line over the same services the web app uses."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from assistant.cli import guard, journeys, kb, plan, users
from assistant.cli.common import get_services

app = typer.Typer(
    help="Reverse Mentoring Coach: knowledge base, guardrail, planner and web app.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(kb.app, name="kb")
app.add_typer(guard.app, name="guard")
app.add_typer(users.app, name="users")
app.add_typer(plan.plans_app, name="plans")
app.command("plan")(plan.plan)
app.command("ask")(plan.ask)
journeys.register(app)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7860,
) -> None:
    """Start the web app."""
    from ui.app import launch

    launch(get_services(), host=host, port=port)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
