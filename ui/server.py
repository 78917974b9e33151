"""How the app hooks into Gradio's server (checked against Gradio 6.31):

- `/login` awaits `auth` when it is a coroutine function, else calls it on the event loop;
  `signin_callback` is async and hashes in a small thread pool.
- Gradio keeps sign-in tokens in `App.tokens` (token -> name) and resolves every request's
  user with `App.tokens.get`; `SessionTokens` puts our `Sessions` behind that mapping, so an
  ended session is refused on every route, and names are kept normalised.
- `Gatekeeper` is an ASGI middleware passed through `launch(app_kwargs={"middleware": ...})`:
  it refuses foreign origins, refuses uploads by non-admins, and notes the client address
  for the sign-in throttle (Gradio's auth callback is not given the request).
- Gradio keeps one `SessionState` per browser session in `App.state_holder` (also
  `Blocks.state_holder`) and builds it on the session's first event, on the event loop.
  Gradio's own builds the config of every component up front (for deep links, which this app
  has none of); `LightStateHolder` builds sessions that compute a component's config when an
  event first changes it, as Gradio already does for components it did not know.
- Gradio runs every event step inside `utils.MatplotlibBackendMananger`, which tries to
  `import matplotlib` on entry and exit; when it is not installed each try searches the
  import path (two failed imports per streamed update, on the event loop).
  `no_matplotlib_switch` puts a manager that does nothing in its place, which is what
  Gradio's does when the import fails.
- `FrontDoor`, the outermost middleware, gives each request an id (the proxy's
  `X-Request-ID` or a new one, echoed in the response and put in the request's headers so
  handlers log it), writes one access line per request, and answers `GET /healthz` (the
  database and the vector store, without signing in) for load balancers.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import importlib.util
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException
from gradio.state_holder import SessionState, StateHolder
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.logs import new_request_id, request_id
from assistant.sessions import Sessions
from assistant.signin import SignIn, SignInPaused
from assistant.users import Role, UserDirectory

log = logging.getLogger(__name__)
access_log = logging.getLogger("coach.access")
client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "client_address", default=None)
TOKEN_COOKIE = "access-token"  # Gradio's cookies: access-token[-unsecure]-<app cookie id>
_hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="signin")  # leave CPU to the loop


def signin_callback(signin: SignIn) -> Callable[[str, str], Awaitable[bool]]:
    """Gradio's `auth`: the password hash runs off the event loop; a pause is a 429."""

    async def auth(name: str, password: str) -> bool:
        address = client_address.get()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(_hashing, signin.attempt, name, password, address)
        except SignInPaused as exc:
            raise HTTPException(status_code=429, detail=str(exc),
                                headers={"Retry-After": str(exc.retry_after)}) from None

    return auth


class SessionTokens(MutableMapping[str, str]):
    """Gradio's token table, backed by `Sessions` (idle expiry, cutoffs, normalised names)."""

    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions

    def __getitem__(self, token: str) -> str:
        user = self.sessions.user(token)
        if user is None:
            raise KeyError(token)
        return user

    def get(self, token: object, default: str | None = None) -> str | None:  # type: ignore[override]
        return self.sessions.user(token if isinstance(token, str) else None) or default

    def __contains__(self, token: object) -> bool:
        return self.get(token) is not None

    def __setitem__(self, token: str, name: str) -> None:
        self.sessions.open(token, name)

    def __delitem__(self, token: str) -> None:
        self.sessions.end(token)

    def __iter__(self) -> Iterator[str]:
        return self.sessions.tokens()

    def __len__(self) -> int:
        return sum(1 for _ in self.sessions.tokens())


class LightSessionState(SessionState):
    """A session's state with no component configs yet: Gradio adds each one when an event
    first updates that component (``_update_value_in_config``, ``__setitem__``)."""

    def __init__(self, blocks: Any) -> None:
        empty = SimpleNamespace(default_config=blocks.default_config, blocks={})
        super().__init__(empty)  # type: ignore[arg-type]


class LightStateHolder(StateHolder):
    """Gradio's session states, each built as a `LightSessionState`."""

    def __getitem__(self, session_id: str) -> SessionState:
        if session_id not in self.session_data:
            self.session_data[session_id] = LightSessionState(self.blocks)
        return super().__getitem__(session_id)


def light_sessions(blocks: Any) -> None:
    """Give a launched app a `LightStateHolder` (before its first session)."""
    holder = LightStateHolder()
    holder.set_blocks(blocks)
    blocks.server_app.state_holder = holder


def no_matplotlib_switch() -> bool:
    """When matplotlib is not installed, Gradio's backend switch does nothing but fail to
    import it; replace it by a manager that does nothing. True when replaced."""
    import gradio.utils

    if importlib.util.find_spec("matplotlib") is not None:
        return False
    gradio.utils.MatplotlibBackendMananger = contextlib.nullcontext  # type: ignore[misc,assignment]
    return True


def request_tokens(cookies: dict[str, str]) -> list[str]:
    """Sign-in tokens a request carries in Gradio's cookies."""
    return [value for name, value in cookies.items() if name.startswith(TOKEN_COOKIE)]


class Gatekeeper:
    """ASGI middleware: allowed origins, admin-only uploads, client address for sign-in."""

    def __init__(self, app: ASGIApp, allowed_origins: list[str], sessions: Sessions,
                 users: UserDirectory) -> None:
        self.app = app
        self.allowed = set(allowed_origins)
        self.sessions = sessions
        self.users = users

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        refusal = self._refusal(conn)
        if refusal:
            log.warning("refused %s %s from %s: %s", scope.get("method", "WS"), scope["path"],
                        conn.client.host if conn.client else "?", refusal)
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await PlainTextResponse(refusal, status_code=403)(scope, receive, send)
            return
        reset = client_address.set(conn.client.host if conn.client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            client_address.reset(reset)

    def _refusal(self, conn: HTTPConnection) -> str:
        origin = conn.headers.get("origin")
        if origin is not None and not self._origin_allowed(origin, conn.headers.get("host", "")):
            return f"Requests from origin {origin} are not allowed (security.allowed_origins)."
        if conn.scope.get("method") == "POST" and conn.url.path.endswith("/gradio_api/upload"):
            users = {self.sessions.user(t) for t in request_tokens(dict(conn.cookies))}
            if not any(self.users.role_of(u) == Role.ADMIN for u in users if u):
                return "Only admins may upload files."
        return ""

    def _origin_allowed(self, origin: str, host: str) -> bool:
        origin = origin.strip().rstrip("/").lower()
        if origin in self.allowed:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and bool(host) and (
            _without_default_port(parts.netloc, parts.scheme)
            == _without_default_port(host.lower(), parts.scheme))


def _without_default_port(netloc: str, scheme: str) -> str:
    default = ":443" if scheme == "https" else ":80"
    return netloc.removesuffix(default)


class FrontDoor:
    """ASGI middleware: request ids, one access line per request, and ``GET /healthz``."""

    QUIET = ("/gradio_api/queue/data", "/gradio_api/heartbeat")  # long polls, one per page

    def __init__(self, app: ASGIApp, probe: Callable[[], dict[str, object]]) -> None:
        self.app = app
        self.probe = probe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(HTTPConnection(scope).headers)
        rid = new_request_id(headers.get("x-request-id"))
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"x-request-id"] + [
            (b"x-request-id", rid.encode())]
        token = request_id.set(rid)
        start, status = time.perf_counter(), 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", rid.encode())]
            await send(message)

        try:
            if scope["path"] == "/healthz" and scope["method"] in ("GET", "HEAD"):
                await self._health(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            if not scope["path"].startswith(self.QUIET):
                access_log.info("%s %s %s %.0f ms", scope["method"], scope["path"], status,
                                (time.perf_counter() - start) * 1000,
                                extra={"status": status, "path": scope["path"]})
            request_id.reset(token)

    async def _health(self, scope: Scope, receive: Receive, send: Send) -> None:
        report = await asyncio.get_running_loop().run_in_executor(None, self.probe)
        response = Response(json.dumps(report), media_type="application/json",
                            status_code=200 if report.get("ok") else 503)
        await response(scope, receive, send)
