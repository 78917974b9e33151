"""Web sessions: which sign-in token belongs to whom, and whether it still counts.

A session ends when it has been idle longer than `security.session_idle_hours`, or when its
user's password or role changed or the user was removed after it started (the cutoff is in
the database, so a change made with the CLI ends the web app's sessions too). The database
is asked at most once per `CHECK_SECONDS` per session (every page request would ask it
otherwise): a change made by this process applies at once, one made by another process (the
CLI, another instance) within that time."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.settings import SecuritySettings
from assistant.users import UserDirectory, normalize_name, utcnow

log = logging.getLogger(__name__)
CHECK_SECONDS = 1.0


@dataclass
class _Session:
    user: str
    started: dt.datetime
    last_seen: float
    checked: float = float("-inf")  # when the database last said the session counts
    changes: int = -1  # the directory's change count then


class Sessions:
    """In-memory sessions of one web server process; thread-safe."""

    def __init__(self, users: UserDirectory, settings: SecuritySettings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.users = users
        self.idle_seconds = settings.session_idle_hours * 3600
        self.clock = clock
        self._by_token: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def open(self, token: str, name: str) -> str:
        """Start a session for `name`; returns the normalised name it is kept under."""
        user, now = normalize_name(name), self.clock()
        with self._lock:
            for stale in [t for t, s in self._by_token.items()
                          if now - s.last_seen > self.idle_seconds]:
                del self._by_token[stale]
            self._by_token[token] = _Session(user, utcnow(), now)
        return user

    def user(self, token: str | None) -> str | None:
        """The user of a live session (and it counts as activity); None when it has ended."""
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
        if session is None:
            return None
        now, changes = self.clock(), self.users.changes
        if (now - session.last_seen <= self.idle_seconds and changes == session.changes
                and now - session.checked < CHECK_SECONDS):
            session.last_seen = now
            return session.user
        reason = self._ended(session)
        if reason:
            log.info("session of %s ended: %s", session.user, reason)
            self.end(token)
            return None
        session.last_seen = session.checked = now
        session.changes = changes
        return session.user

    def end(self, token: str) -> None:
        with self._lock:
            self._by_token.pop(token, None)

    def tokens(self) -> Iterator[str]:
        """Tokens of live sessions (ended ones are dropped; this is not activity)."""
        with self._lock:
            sessions = list(self._by_token.items())
        live = []
        for token, session in sessions:
            if self._ended(session):
                self.end(token)
            else:
                live.append(token)
        return iter(live)

    def _ended(self, session: _Session) -> str:
        if self.clock() - session.last_seen > self.idle_seconds:
            return "idle too long"
        role, cutoff = self.users.standing(session.user)
        if role is None:
            return "user removed"
        if cutoff is not None and session.started < cutoff:
            return "password or role changed"
        return ""
