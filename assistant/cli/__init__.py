"""`coach`: the command line over the same services the web app uses."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import journeys, operations, plan
from assistant.cli.common import get_services
from assistant.cli.lazy import lazy_app

app = typer.Typer(
    help="Reverse Mentoring Coach: knowledge base, guardrail, planner and web app.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Built when used: `coach --help` imports none of these modules (each help text is the app's).
LAZY = {
    "kb": ("assistant.cli.kb:app", "Curate and search the knowledge base."),
    "guard": ("assistant.cli.guard:app",
              "Screen text for secrets, personal data and confidential content; manage terms."),
    "users": ("assistant.cli.users:app", "Manage web app users and their roles."),
    "admin": ("assistant.cli.admin:app", "Admin reports."),
}
for name, (source, text) in LAZY.items():
    app.add_typer(lazy_app(source, text), name=name)
app.add_typer(plan.plans_app, name="plans")
app.command("plan")(plan.plan)
app.command("ask")(plan.ask)
journeys.register(app)
operations.register(app)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7860,
) -> None:
    """Start the web app."""
    from ui.app import launch

    launch(get_services(search_snapshot=False), host=host, port=port)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to set up (created if missing).")] = Path(
        "."
    ),
) -> None:
    """Copy the seed corpus and a commented coach.yaml into FOLDER, which the admin then owns."""
    from assistant.cli.common import user_errors
    from assistant.workspace import WorkspaceError, init_workspace

    with user_errors(WorkspaceError):
        report = init_workspace(folder)
    typer.echo(f"wrote {report.config} and {report.documents} documents to {report.knowledge}")
    typer.echo(f"next: cd {report.folder} && coach kb sync && coach users demo && coach serve")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
