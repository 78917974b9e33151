"""Server-side role and session checks, and the one wrapper every UI handler goes through.

Gradio exposes every handler as an API endpoint, so hiding a tab protects nothing: each
handler calls `require` before it does anything (the caller's session must be live and the
role allowed). `handler` turns what a handler raises into what the browser may see: refusals
and user errors keep their clear text (a refusal is logged as one warning line: user, role,
action); anything else becomes "Something went wrong (error id ...)" and its detail and
traceback go to the log under that id only.
"""

from __future__ import annotations

import functools
import inspect
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import gradio as gr
from pydantic import ValidationError

from assistant.journeys.rules import JourneyError
from assistant.journeys.rules import NotAllowed as PairNotAllowed
from assistant.knowledge.base import KnowledgeError
from assistant.logs import request_id
from assistant.planning.llm import LLMError
from assistant.planning.plan import PlanError
from assistant.planning.records import NotAllowed as PlanNotAllowed
from assistant.planning.records import RecordError
from assistant.sessions import Sessions
from assistant.users import Role, UserDirectory, UserError, normalize_name
from ui.server import request_tokens

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class Denied(gr.Error):
    """The caller's role may not use this handler (or nobody is signed in)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, print_exception=False)


REFUSALS: tuple[type[Exception], ...] = (Denied, PlanNotAllowed, PairNotAllowed)
# errors about the user's own request: their text is meant for them and names nothing internal
USER_ERRORS: tuple[type[Exception], ...] = (
    gr.Error, RecordError, JourneyError, PlanError, KnowledgeError, UserError, ValidationError,
    ValueError)
FAULT = ("Something went wrong (error id {id}). Try again; if it keeps happening, give the "
         "error id to an admin.")
LLM_FAULT = ("The language model could not answer (error id {id}). Try again later; if it "
             "keeps happening, give the error id to an admin.")


class Access:
    def __init__(self, users: UserDirectory, sessions: Sessions | None = None) -> None:
        self.users = users
        self.sessions = sessions

    def require(self, request: gr.Request | None, *roles: Role) -> str:
        """The signed-in user's name, or a gr.Error when the session has ended or the role is
        not allowed."""
        name = normalize_name(getattr(request, "username", None) if request is not None else None)
        if self.sessions is not None and not self._live(request, name):
            raise Denied("Your session has ended; please sign in again.")
        role = self.users.role_of(name)
        if role is None:
            raise Denied("Please sign in again: your session has no known user.")
        if role not in roles:
            raise Denied(f"This action is for {' or '.join(f'{r.value}s' for r in roles)} only.")
        return name

    def _live(self, request: gr.Request | None, name: str) -> bool:
        """True when the request carries a sign-in token of a live session of `name`."""
        cookies = dict(getattr(request, "cookies", None) or {}) if request is not None else {}
        assert self.sessions is not None
        return bool(name) and any(self.sessions.user(t) == name
                                  for t in request_tokens(cookies))


    def handler(self, fn: F) -> F:
        """``fn`` (a function or a generator) with its errors made fit for the browser."""
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
                try:
                    with _request_id(args, kwargs):
                        yield from fn(*args, **kwargs)
                except Exception as exc:
                    raise self.shown(exc, fn.__name__, args, kwargs) from None

            return stream  # type: ignore[return-value]

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                with _request_id(args, kwargs):
                    return fn(*args, **kwargs)
            except Exception as exc:
                raise self.shown(exc, fn.__name__, args, kwargs) from None

        return call  # type: ignore[return-value]

    def shown(self, exc: Exception, action: str, args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> gr.Error:
        """What the browser sees of ``exc``; refusals and faults are logged here."""
        if isinstance(exc, REFUSALS):
            name = _username(args, kwargs)
            log.warning("refused user=%s role=%s action=%s: %s", name,
                        _role_name(self.users, name), action, _text(exc))
            return gr.Error(_text(exc), print_exception=False)
        if isinstance(exc, LLMError | OSError) or not isinstance(exc, USER_ERRORS):
            error_id = secrets.token_hex(4)
            log.error("error id %s in %s for user=%s", error_id, action,
                      _username(args, kwargs), exc_info=exc)
            template = LLM_FAULT if isinstance(exc, LLMError) else FAULT
            return gr.Error(template.format(id=error_id), print_exception=False)
        return gr.Error(_text(exc), print_exception=False)


def _text(exc: Exception) -> str:
    if isinstance(exc, gr.Error):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return "Check the values: " + "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(exc)


@contextmanager
def _request_id(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Iterator[None]:
    """The id `FrontDoor` gave the request, set for the handler's log lines."""
    request = next((v for v in (*args, *kwargs.values()) if isinstance(v, gr.Request)), None)
    headers = getattr(request, "headers", None) or {}
    token = request_id.set(headers.get("x-request-id") or request_id.get())
    try:
        yield
    finally:
        with suppress(ValueError):  # a generator handler resumed in another worker's context
            request_id.reset(token)


def _username(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, gr.Request):
            return getattr(value, "username", None)
    return None


def _role_name(users: UserDirectory, name: str | None) -> str:
    role = users.role_of(name)
    return role.value if role else "none"
