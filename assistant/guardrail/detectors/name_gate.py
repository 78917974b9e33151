"""Which parts of a text the NER detector must parse: sentences with a word that could end
up as a finding (a known given name, two capitalised words in a row, a capitalised word in a
person context, a lower-case given name after a cue, a house number or "lives in" before a
capitalised place). Nothing else can give an entity finding, so spaCy never sees the rest."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from assistant.guardrail.detectors.base import _SENTENCE_END, Document
from assistant.guardrail.detectors.names import FIRST_NAMES
from assistant.guardrail.lazy_regex import lazy_compile

_WORD = lazy_compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = lazy_compile(r"['’]s$")
# What may sit between the words of one name: spaces, a title's dot, a particle.
_JOIN = lazy_compile(r"[\s.]{1,3}|\s+(?:de|da|di|del|der|den|van|von|la|le|du|bin|al|el)\s+")
_NUMBER_BEFORE_WORD = lazy_compile(r"\b\d{1,5}[a-zA-Z]?,?\s+(?=[^\W\d_])")


def sentences(view: str) -> list[tuple[int, int]]:
    """Sentence and line spans covering ``view`` (abbreviations like "Dr." end none)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(view):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(view):
        spans.append((start, len(view)))
    return spans


@dataclass(frozen=True)
class NameGate:
    """The entity detector's own context patterns and word lists, used to pick sentences."""

    residence: re.Pattern[str]  # "lives in" and the like, ending where a place starts
    person_before: re.Pattern[str]  # words before a lone name that show a person
    person_after: re.Pattern[str]
    lower_cue: re.Pattern[str]  # "ask greg": a lower-case name in group "name"
    not_people: frozenset[str]
    camel: Callable[[str], bool]

    def units(self, doc: Document, limit: int) -> list[tuple[int, int]]:
        """Runs of consecutive candidate sentences (view offsets), each at most ``limit``
        characters unless one sentence is longer."""
        spans = sentences(doc.view)
        units: list[tuple[int, int]] = []
        for (start, end), marked in zip(spans, self._marks(doc, spans), strict=True):
            if not marked:
                continue
            if units and units[-1][1] == start and end - units[-1][0] <= limit:
                units[-1] = (units[-1][0], end)
            else:
                units.append((start, end))
        return units

    def _marks(self, doc: Document, spans: list[tuple[int, int]]) -> list[bool]:
        view = doc.view
        starts = [s for s, _ in spans]
        marks = [False] * len(spans)

        def mark(position: int) -> None:
            marks[max(0, bisect_right(starts, position) - 1)] = True

        for match in _NUMBER_BEFORE_WORD.finditer(view):
            if view[match.end()].isupper():
                mark(match.end())
        for match in self.residence.finditer(view):
            mark(match.end())
        for match in self.lower_cue.finditer(doc.lower):
            if match.group("name").split()[0] in FIRST_NAMES:
                mark(match.start("name"))
        for index, (start, end) in enumerate(spans):
            marks[index] = marks[index] or self._names_in(view, start, end)
        return marks

    def _skippable(self, word: str) -> bool:
        """Words that never start or join a private person's name: lower case, all
        capitals, products and roles, camel case ("YouTube")."""
        return (not word[0].isupper() or (len(word) > 1 and word.isupper())
                or word.casefold() in self.not_people or self.camel(word))

    def _names_in(self, view: str, start: int, end: int) -> bool:
        """A given name, two capitalised words in a row, or one in a person context."""
        heading = view[start:end].lstrip().startswith("#")  # no person is taken from one
        previous: re.Match[str] | None = None
        for match in _WORD.finditer(view, start, end):
            word = _POSSESSIVE.sub("", match.group())
            if word[0].isupper() and word.casefold() in FIRST_NAMES:
                return True
            if heading or self._skippable(word):
                previous = None
                continue
            if previous is not None and _JOIN.fullmatch(view[previous.end() : match.start()]):
                return True
            end = match.start() + len(word)  # "Dan's": the context starts at "'s"
            if self.person_before.search(view[max(0, match.start() - 20) : match.start()]) or (
                    self.person_after.match(view[end : end + 30])):
                return True
            previous = match
        return False
