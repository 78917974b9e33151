"""`coach users ...`: who may sign in to the web app, and with which role."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.common import console, get_services, user_errors
from assistant.roles import Role

app = typer.Typer(help="Manage web app users and their roles.", no_args_is_help=True)


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="Sign-in name (lower case).")],
    role: Annotated[Role, typer.Option(help="mentor, executive or admin.")],
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                          help="Asked for when not given.")
    ],
    replace: Annotated[bool, typer.Option(help="Replace an existing user.")] = False,
) -> None:
    """Add a user; the password is asked for and stored as a scrypt hash."""
    from assistant.users import UserError

    with user_errors(UserError):
        get_services().users.add(name, role, password, replace=replace)
    typer.echo(f"added {name.lower()} ({role.value})")


@app.command()
def remove(name: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Remove a user."""
    from assistant.users import UserError

    with user_errors(UserError):
        get_services().users.remove(name)
    typer.echo(f"removed {name}")


@app.command("list")
def list_users() -> None:
    """Users and their roles."""
    for name, role in get_services().users.list():
        typer.echo(f"{name}\t{role.value}")


@app.command()
def demo() -> None:
    """Create demo users (one per role) if missing, and print their passwords once."""
    from assistant.users import create_demo_users

    created = create_demo_users(get_services().users)
    if not created:
        console().print("Demo users exist already (passwords were printed when they were made; "
                      "`coach users add NAME --role ROLE --replace` sets a new one).")
        return
    console().print("[bold]Demo users (shown once):[/bold]")
    for name, role, password in created:
        console().print(f"  {role.value:<10} {name:<6} password: {password}")
