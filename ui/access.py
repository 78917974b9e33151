"""Server-side role and session checks. Gradio exposes every handler as an API endpoint, so
hiding a tab protects nothing: each handler calls `require` before it does anything."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

from assistant.sessions import Sessions
from assistant.users import Role, UserDirectory, normalize_name
from ui.server import request_tokens

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class Access:
    def __init__(self, users: UserDirectory, sessions: Sessions | None = None) -> None:
        self.users = users
        self.sessions = sessions

    def require(self, request: gr.Request | None, *roles: Role) -> str:
        """The signed-in user's name, or a gr.Error when the session has ended or the role is
        not allowed."""
        name = normalize_name(getattr(request, "username", None) if request is not None else None)
        if self.sessions is not None and not self._live(request, name):
            raise gr.Error("Your session has ended; please sign in again.")
        role = self.users.role_of(name)
        if role is None:
            raise gr.Error("Please sign in again: your session has no known user.")
        if role not in roles:
            log.warning("refused %s (%s) for a %s-only action", name, role, "/".join(roles))
            raise gr.Error(f"This action is for {' or '.join(r.value for r in roles)}s only.")
        return name

    def _live(self, request: gr.Request | None, name: str) -> bool:
        """True when the request carries a sign-in token of a live session of `name`."""
        cookies = dict(getattr(request, "cookies", None) or {}) if request is not None else {}
        assert self.sessions is not None
        return bool(name) and any(self.sessions.user(t) == name
                                  for t in request_tokens(cookies))


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
