"""Which section of a plan a model is writing, read from its streamed JSON as it arrives.

Only the names of known top-level fields are reported, never the model's text: that is
shown once the whole plan has been validated and screened.
"""

from __future__ import annotations

SECTIONS = {
    "title": "title", "objectives": "objectives", "pre_reading": "pre-reading",
    "agenda": "agenda", "exercise": "exercise", "misconceptions": "misconceptions",
    "glossary": "glossary", "discussion_questions": "discussion questions",
    "privacy": "privacy notes", "follow_up": "follow-up actions",
    "feedback_questions": "feedback questions",
}


class SectionWatch:
    """feed(piece) -> the sections whose top-level keys this piece completed; ``raw`` is the
    text so far. One pass over each character (a small JSON tokenizer: depth, strings, escapes)."""

    def __init__(self) -> None:
        self.raw = ""
        self.started: list[str] = []
        self._depth = 0
        self._in_string = False
        self._escape = False
        self._expect_key = False
        self._key: str | None = None  # the top-level key being read, while in it

    def feed(self, piece: str) -> list[str]:
        self.raw += piece
        found = []
        for char in piece:
            key = self._step(char)
            if key in SECTIONS and SECTIONS[key] not in self.started:
                self.started.append(SECTIONS[key])
                found.append(SECTIONS[key])
        return found

    def _step(self, char: str) -> str | None:
        """Advance by one character; a completed top-level key is returned."""
        if self._in_string:
            if self._escape:
                self._escape = False
            elif char == "\\":
                self._escape = True
            elif char == '"':
                self._in_string = False
                key, self._key = self._key, None
                return key
            if self._key is not None and not self._escape:
                self._key += char
            return None
        if char == '"':
            self._in_string = True
            self._key = "" if self._depth == 1 and self._expect_key else None
            self._expect_key = False
        elif char in "{[":
            self._depth += 1
            self._expect_key = self._depth == 1 and char == "{"
        elif char in "}]":
            self._depth -= 1
        elif char == "," and self._depth == 1:
            self._expect_key = True
        return None
