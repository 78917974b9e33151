"""Server-side role checks. Gradio exposes every handler as an API endpoint, so hiding a
tab protects nothing: each handler calls `require` before it does anything."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from assistant.users import Role, UserDirectory

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class Access:
    def __init__(self, users: UserDirectory) -> None:
        self.users = users

    def require(self, request: gr.Request | None, *roles: Role) -> str:
        """The signed-in user's name, or a gr.Error when the role is not allowed."""
        name = getattr(request, "username", None) if request is not None else None
        role = self.users.role_of(name)
        if role is None:
            raise gr.Error("Please sign in again: your session has no known user.")
        if role not in roles:
            log.warning("refused %s (%s) for a %s-only action", name, role, "/".join(roles))
            raise gr.Error(f"This action is for {' or '.join(r.value for r in roles)}s only.")
        return str(name)


def readable_errors(*kinds: type[Exception]) -> Callable[[F], F]:
    """Show expected errors as a message in the page instead of a traceback."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except gr.Error:
                raise
            except kinds as exc:
                raise gr.Error(str(exc)) from None

        return inner  # type: ignore[return-value]

    return wrap
