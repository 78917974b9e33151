"""Streaming-safe screening: emit text only once a window of characters follows it, so a
secret split across streamed pieces is seen whole before any of it leaves."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.guardrail.finding import Finding, ScreenResult, Stage
from assistant.guardrail.policy import ORDER, Redactor, action_for

if TYPE_CHECKING:
    from assistant.guardrail.screen import Guardrail

_SPACE = re.compile(r"\s")


class StreamScreener:
    """feed(piece) -> safe text to emit now; finish() -> the rest; then ``result``."""

    def __init__(self, guardrail: Guardrail, stage: Stage, user: str | None, window: int) -> None:
        self._guard = guardrail
        self._stage = stage
        self._user = user
        self._window = window
        self._redactor = Redactor()
        self._pending = ""
        self._tail = ""  # the last emitted original characters, kept as context
        self._offset = 0  # original offset of the first pending character
        self._original: list[str] = []
        self._out: list[str] = []
        self._findings: list[Finding] = []
        self._action = "allow"
        self._messages: list[str] = []
        self.result: ScreenResult | None = None

    @property
    def blocked(self) -> bool:
        return self._action == "block"

    def feed(self, piece: str) -> str:
        """Take the next piece; return the text that is now safe to show."""
        if self.result is not None:
            raise RuntimeError("the stream is finished")
        self._original.append(piece)
        if self.blocked:
            return ""
        self._pending += piece
        if len(self._pending) < 2 * self._window:
            return ""
        return self._flush(final=False)

    def finish(self) -> str:
        """Flush what is held back and build ``result`` (and its audit row)."""
        if self.result is not None:
            return ""
        rest = "" if self.blocked else self._flush(final=True)
        original = "".join(self._original)
        text = "" if self.blocked else "".join(self._out)
        message = next((m for m in reversed(self._messages) if self.blocked and m), "")
        if not self.blocked:
            message = self._messages[-1] if self._messages else ""
            if self._action == "redact":
                message = self._guard.decide(original, self._findings, self._stage).message
        actions = [action_for(f, self._guard.settings, self._stage) for f in self._findings]
        self.result = ScreenResult(text, self.blocked, self._action, self._findings, message,
                                   actions)
        if self._findings:
            self._guard._record([self._guard._entry(original, self.result, self._stage,
                                                    self._user)])
        return rest

    def _flush(self, final: bool) -> str:
        shift = len(self._tail)
        text = self._tail + self._pending
        findings = [f for f in self._guard.scan(text, self._stage) if f.end > shift]
        cut = len(text) if final else self._safe_cut(text, shift)
        for f in sorted(findings, key=lambda f: f.start, reverse=True):
            if f.start < cut < f.end:
                cut = max(shift, f.start)
        if cut <= shift:
            return ""
        ready = [
            Finding(f.category, f.rule, max(f.start, shift) - shift + self._offset,
                    f.end - shift + self._offset, f.score, f.reason, f.generic)
            for f in findings if f.end <= cut
        ]
        segment = text[shift:cut]
        decision = self._guard.decide(segment, ready, self._stage, self._redactor, self._offset)
        self._findings.extend(ready)
        if ORDER[decision.action] > ORDER[self._action]:
            self._action = decision.action
        self._messages.append(decision.message)
        if decision.blocked:
            return ""
        self._out.append(decision.text)
        self._offset += cut - shift
        self._tail = text[max(shift, cut - self._window) : cut]
        self._pending = text[cut:]
        return decision.text

    def _safe_cut(self, text: str, shift: int) -> int:
        """Cut a window before the end, at whitespace, never inside a word."""
        limit = len(text) - self._window
        space = max((m.start() for m in _SPACE.finditer(text, shift, limit)), default=-1)
        if space > shift:
            return space + 1
        return limit if len(text) - shift > 8 * self._window else shift
