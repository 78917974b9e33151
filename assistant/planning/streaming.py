"""Citation markers in a streamed answer: [S2] kept when S2 was given to the model, dropped
otherwise, even when a marker arrives split across pieces. Kept markers are renumbered S1,
S2, ... in the order they first appear, so the reader sees no gaps."""

from __future__ import annotations

import re

_MARKER = re.compile(r"\[\s*S\d+(?:\s*,\s*S\d+)*\s*\]")
_PARTIAL = re.compile(r"\[\s*(?:S\d*(?:\s*,\s*(?:S\d*)?)*)?\s*$")
_ID = re.compile(r"S\d+")


class CitationFilter:
    """feed(piece) -> text safe to pass on; finish() -> the rest; ``used`` lists the kept
    (given) ids in order of appearance; ``shown`` maps each to the id the reader sees."""

    def __init__(self, valid: set[str]) -> None:
        self.valid = valid
        self.used: list[str] = []
        self.shown: dict[str, str] = {}
        self._held = ""

    def feed(self, piece: str) -> str:
        text = self._held + piece
        self._held = ""
        start = text.rfind("[")
        if start != -1 and _PARTIAL.fullmatch(text[start:]) and len(text) - start < 40:
            text, self._held = text[:start], text[start:]
        return _MARKER.sub(self._keep, text)

    def finish(self) -> str:
        rest, self._held = self._held, ""
        return _MARKER.sub(self._keep, rest)

    def _keep(self, match: re.Match[str]) -> str:
        ids = list(dict.fromkeys(i for i in _ID.findall(match.group(0)) if i in self.valid))
        for i in ids:
            if i not in self.shown:
                self.used.append(i)
                self.shown[i] = f"S{len(self.used)}"
        return f"[{', '.join(self.shown[i] for i in ids)}]" if ids else ""
