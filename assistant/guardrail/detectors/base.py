"""Detector building blocks: a scanned document, regex patterns as data, a base detector."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, TypeVar

import ahocorasick

from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile
from assistant.guardrail.normalize import Normalized, normalize
from assistant.guardrail.spans import Identifiers

T = TypeVar("T")
_DIGIT = lazy_compile(r"\d")
_SENTENCE_END = lazy_compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bMrs)(?<!\bvs)(?<!e\.g)(?<!i\.e)"
    r"[.!?](?:\s|$)|\n"
)
SAMPLE_WORDS = lazy_compile(
    r"\b(?:examples?|samples?|tests?|testing|dummy|fake|placeholders?|fictional|fictitious|"
    r"made[- ]up|documentation|docs|invalid|not (?:a )?real|e\.g\.|such as|format|like this)\b",
    re.I,
)
# Emails, URLs and host names: a sample word inside one ("acme-example.com") is part of a
# name, not a statement that the sentence is an example.
ADDRESS_TOKEN = lazy_compile(
    r"[\w.%+-]*@[\w.-]+|\b[a-z][a-z0-9+.-]*://\S+|\b(?:[\w-]+\.)+[a-z]{2,24}\b(?![.-]?\w)", re.I
)


def words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words of a data block."""
    return tuple(text.split())


class Document:
    """The text being screened, its normalised view and cheap shared lookups."""

    def __init__(self, text: str, norm: Normalized | None = None) -> None:
        self.text = text
        self.norm = norm or normalize(text)
        self.view = self.norm.view

    @cached_property
    def lower(self) -> str:
        return self.view.lower()

    @cached_property
    def has_digits(self) -> bool:
        return _DIGIT.search(self.view) is not None

    @cached_property
    def identifiers(self) -> Identifiers:
        """URLs, paths, template tags, UUIDs and commit hashes (view offsets), found once."""
        return Identifiers(self.view)

    def in_identifier(self, start: int, end: int) -> bool:
        """True when the view span lies in a link or id that carries no credential."""
        return self.identifiers.plain(start, end)

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        """View span of an original span (the inverse of ``norm.span``)."""
        offsets = self.norm.offsets
        if offsets is None:
            return start, end
        last = len(self.view)
        return min(bisect_left(offsets, start), last), min(bisect_left(offsets, end), last)

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, computed once per document and ``key``: what several detectors, or a
        batch's ``prepare`` and its ``detect``, ask of the same text."""
        kept = self.__dict__.setdefault("_memo", {})
        if key not in kept:
            kept[key] = build()
        return kept[key]  # type: ignore[no-any-return]

    def hits(self, gate: HintGate) -> frozenset[str]:
        """Hint words present in the lower-cased view (computed once per gate)."""
        return self.memo(("hits", id(gate)), lambda: gate.present(self.lower))

    def window(self, start: int, end: int, before: int = 60, after: int = 30) -> str:
        """Lower-cased view text around a view span."""
        return self.lower[max(0, start - before) : end + after]

    def before(self, start: int, chars: int = 60) -> str:
        return self.lower[max(0, start - chars) : start]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """View span of the sentence (or line) around a span."""
        left = 0
        for m in _SENTENCE_END.finditer(self.view, max(0, start - 400), start):
            left = m.end()
        nxt = _SENTENCE_END.search(self.view, end)
        return left, (nxt.start() + 1 if nxt else len(self.view))

    def sentence_text(self, start: int, end: int) -> str:
        left, right = self.sentence(start, end)
        return self.lower[left:right]

    def is_sample(self, start: int, end: int) -> bool:
        """True when the sentence presents the value as an example or test value."""
        prose = ADDRESS_TOKEN.sub(" ", self.sentence_text(start, end))
        return bool(SAMPLE_WORDS.search(prose))

    def finding(
        self, category: str, rule: str, start: int, end: int, score: float, reason: str,
        generic: bool = False,
    ) -> Finding:
        """A finding with its view span mapped back to the original text."""
        ostart, oend = self.norm.span(start, end)
        return Finding(category, rule, ostart, oend, round(min(score, 1.0), 3), reason, generic)


Validator = Callable[[re.Match[str], Document], "float | bool | None"]


@dataclass(frozen=True)
class Pattern:
    """One regex rule: what it finds, why it matters, and how a match is confirmed."""

    rule: str
    regex: re.Pattern[str]
    score: float
    reason: str
    group: int | str = 0
    hints: tuple[str, ...] = ()  # lower-case literals; the regex runs only if one is present
    digits: bool = False  # the regex needs at least one digit in the text
    validator: Validator | None = None
    context: tuple[str, ...] = field(default=())  # words nearby that raise the score
    context_required: bool = False
    gate: re.Pattern[str] | None = None  # a cheap regex that must match somewhere first
    generic: bool = False  # a broad rule: loses to specific ones, silent inside plain links


class HintGate:
    """All hint words of a detector in one Aho-Corasick automaton."""

    def __init__(self, words: Iterable[str]) -> None:
        self.automaton = ahocorasick.Automaton()
        for word in set(words):
            self.automaton.add_word(word, word)
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def present(self, text: str) -> frozenset[str]:
        if self.empty:
            return frozenset()
        return frozenset(word for _, word in self.automaton.iter(text))


def with_context(pattern: Pattern, doc: Document, start: int, end: int, score: float) -> float:
    """Raise the score when a context word is near; 0 when required and absent."""
    if not pattern.context:
        return score
    around = doc.window(start, end, 80, 40)
    if any(word in around for word in pattern.context):
        return min(1.0, score + 0.3)
    return 0.0 if pattern.context_required else score


class Detector:
    """Runs its class-level PATTERNS; subclasses add logic in ``extra``. Satisfies the
    registry's detector protocol (``name``, ``category``, ``detect``)."""

    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()

    _gate: ClassVar[HintGate | None] = None

    @classmethod
    def hint_gate(cls) -> HintGate:
        if cls.__dict__.get("_gate") is None:
            cls._gate = HintGate(h for p in cls.PATTERNS for h in p.hints)
        return cls._gate  # type: ignore[return-value]

    def detect(self, doc: Document) -> list[Finding]:
        found: list[Finding] = []
        for pattern in self.PATTERNS:
            found.extend(self.run(pattern, doc))
        found.extend(self.extra(doc))
        return found

    def run(self, pattern: Pattern, doc: Document, text: str | None = None) -> list[Finding]:
        """Apply one pattern to the document view."""
        if pattern.digits and not doc.has_digits:
            return []
        if pattern.hints and doc.hits(self.hint_gate()).isdisjoint(pattern.hints):
            return []
        if pattern.gate is not None and pattern.gate.search(doc.view) is None:
            return []
        out: list[Finding] = []
        for match in pattern.regex.finditer(doc.view if text is None else text):
            score = pattern.score
            if pattern.validator is not None:
                verdict = pattern.validator(match, doc)
                if verdict is None or verdict is False:
                    continue
                score = pattern.score if verdict is True else float(verdict)
            start, end = match.span(pattern.group)
            if start < 0 or end <= start:
                continue
            score = with_context(pattern, doc, start, end, score)
            if score <= 0:
                continue
            out.append(doc.finding(self.category, pattern.rule, start, end, score, pattern.reason,
                                   pattern.generic))
        return out

    def extra(self, doc: Document) -> list[Finding]:
        return []
