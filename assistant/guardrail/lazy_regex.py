"""Regular expressions compiled at first use. The detectors hold about 230 of them, most
behind a hint word or a digit test that a given text seldom passes; compiling them all
when the detectors are imported cost a cold `coach guard scan` about 0.1 s."""

from __future__ import annotations

import re
from typing import Any, cast


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiles on the first attribute asked for
    and then keeps each attribute (``search``, ``finditer``, ...) of the compiled pattern on
    itself, so later calls cost what calls on the compiled pattern cost."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern  # as on a compiled pattern; reading it compiles nothing
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like: not a pattern's attributes
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self.pattern, self._flags)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` deferred to first use. The result has a compiled pattern's methods and
    attributes, but is not an ``re.Pattern``: pass it to no ``re`` module function."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
