"""Sign-in that holds under attack: failed attempts are counted per user name and per client
address; past the limit, sign-in pauses for that key (doubling up to a maximum) without
checking the password, so a burst costs no hashing. Refusals are logged, never passwords."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.settings import SecuritySettings
from assistant.users import UserDirectory, normalize_name

log = logging.getLogger(__name__)
MAX_KEYS = 10_000  # keys kept in memory; the stalest are dropped beyond this


class SignInPaused(Exception):
    """Too many failed sign-ins for this name or address; try again after `retry_after` s."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, round(retry_after))
        super().__init__(
            f"Too many failed sign-ins for this name or address: try again in "
            f"{self.retry_after} seconds."
        )


@dataclass
class _Key:
    failures: deque[float] = field(default_factory=deque)
    paused_until: float = 0.0
    pauses: int = 0
    touched: float = 0.0


class SignIn:
    """Checks passwords for the web app; thread-safe (hashing runs in worker threads)."""

    def __init__(self, users: UserDirectory, settings: SecuritySettings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.users = users
        self.settings = settings
        self.clock = clock
        self._keys: dict[tuple[str, str], _Key] = {}
        self._lock = threading.Lock()

    def attempt(self, name: str, password: str, address: str | None) -> bool:
        """True when the password is right; raises SignInPaused while a pause lasts."""
        user = normalize_name(name)
        keys = self._keys_for(user, address)
        wait = self._pause_left(keys)
        if wait > 0:
            log.warning("sign-in refused: user=%s address=%s reason=paused (%.0f s left)",
                        user, address, wait)
            raise SignInPaused(wait)
        if self.users.verify(user, password):
            self._succeeded(keys[0])
            return True
        log.warning("sign-in refused: user=%s address=%s reason=bad name or password",
                    user, address)
        self._failed(keys)
        return False

    def _keys_for(self, user: str, address: str | None) -> list[tuple[str, str]]:
        keys = [("name", user)]
        if address:
            keys.append(("address", address))
        return keys

    def _limit(self, key: tuple[str, str]) -> int:
        s = self.settings
        return s.signin_max_failures if key[0] == "name" else s.signin_max_failures_per_address

    def _pause_left(self, keys: list[tuple[str, str]]) -> float:
        now = self.clock()
        with self._lock:
            return max((self._keys[k].paused_until - now for k in keys if k in self._keys),
                       default=0.0)

    def _failed(self, keys: list[tuple[str, str]]) -> None:
        now, window = self.clock(), self.settings.signin_window_seconds
        with self._lock:
            for key in keys:
                state = self._keys.setdefault(key, _Key())
                if now - state.touched > 2 * self.settings.signin_max_pause_seconds:
                    state.pauses = 0  # a long quiet spell forgives earlier pauses
                state.touched = now
                state.failures.append(now)
                while state.failures and state.failures[0] <= now - window:
                    state.failures.popleft()
                if len(state.failures) >= self._limit(key):
                    pause = min(window * 2 ** state.pauses, self.settings.signin_max_pause_seconds)
                    state.paused_until, state.pauses = now + pause, state.pauses + 1
                    state.failures.clear()
            self._prune(now)

    def _succeeded(self, key: tuple[str, str]) -> None:
        """A right password clears the name's count (never the address's: an attacker
        with one account must not reset the count of the address it sprays from)."""
        with self._lock:
            self._keys.pop(key, None)

    def _prune(self, now: float) -> None:
        if len(self._keys) <= MAX_KEYS:
            return
        stale = sorted(self._keys, key=lambda k: self._keys[k].touched)
        for key in stale[: len(self._keys) - MAX_KEYS]:
            if self._keys[key].paused_until <= now:
                del self._keys[key]
