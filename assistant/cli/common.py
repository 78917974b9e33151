"""What every CLI command shares: the services, JSON output and readable errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.services import Services


@cache
def console() -> Console:
    """Rich output on stderr, built at first use: a command that prints none skips rich."""
    from rich.console import Console

    return Console(stderr=True)


@cache
def get_services(search_snapshot: bool = True) -> Services:
    """Services built once per process from settings (file + COACH_* variables).

    ``search_snapshot``: a command runs briefly, so its searches read the store's copy
    (`knowledge/snapshot.py`) instead of opening Chroma; the web app (`coach serve`) does not.
    Imported here, not at the top: `coach --help` loads no settings and no services."""
    from assistant.logs import configure_logging
    from assistant.services import Services
    from assistant.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        console().print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    configure_logging(settings.logging.format, settings.logging.level)
    return Services(settings, search_snapshot=search_snapshot)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@contextmanager
def user_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Turn expected errors into one red line and exit code 1, never a traceback."""
    try:
        yield
    except kinds as exc:
        console().print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(1) from None


def fail(message: str, code: int = 1) -> NoReturn:
    console().print(f"[red]Error:[/red] {message}")
    raise typer.Exit(code)
