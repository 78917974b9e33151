"""Citation markers in a streamed answer: [S2] kept when S2 was given to the model, dropped
otherwise, even when a marker arrives split across pieces."""

from __future__ import annotations

import re

_MARKER = re.compile(r"\[\s*S\d+(?:\s*,\s*S\d+)*\s*\]")
_PARTIAL = re.compile(r"\[\s*(?:S\d*(?:\s*,\s*(?:S\d*)?)*)?\s*$")
_ID = re.compile(r"S\d+")


class CitationFilter:
    """feed(piece) -> text safe to pass on; finish() -> the rest; ``used`` lists kept ids."""

    def __init__(self, valid: set[str]) -> None:
        self.valid = valid
        self.used: list[str] = []
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
        ids = [i for i in _ID.findall(match.group(0)) if i in self.valid]
        self.used += [i for i in ids if i not in self.used]
        return f"[{', '.join(ids)}]" if ids else ""
