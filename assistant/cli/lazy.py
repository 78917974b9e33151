"""Command groups built from their module at first use: `coach --help` lists them by name and
help text without importing their modules or building their commands."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup


class LazyGroup(TyperGroup):
    """A group whose commands come from the Typer app at ``source`` ("module:attribute")."""

    source: ClassVar[str] = ""

    def _load(self) -> None:
        if not self.commands:
            module, attribute = self.source.split(":")
            app = getattr(importlib.import_module(module), attribute)
            self.commands.update(typer.main.get_group(app).commands)

    def list_commands(self, ctx: Any) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        self._load()
        return super().get_command(ctx, cmd_name)


def lazy_app(source: str, help: str) -> typer.Typer:
    """A stand-in for the Typer app at ``source``, for `add_typer`; ``help`` is the group's
    help text (the app's own, which `tests/test_cli_imports.py` checks)."""
    cls = type(f"Lazy_{source.replace('.', '_').replace(':', '_')}", (LazyGroup,),
               {"source": source})
    return typer.Typer(cls=cls, help=help, no_args_is_help=True)
