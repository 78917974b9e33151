"""Person names, flagged only when tied to personal data in the same sentence."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from assistant.guardrail.detectors.base import Document, Pattern
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile

_NAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "given_names.txt"
# A gazetteer of common given names across regions (lower case), from the data file.
FIRST_NAMES = frozenset(
    line.strip() for line in _NAMES_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def fold(word: str) -> str:
    """Lower case without accents: "Siobhán" and "Björn" look up as "siobhan", "bjorn"."""
    if word.isascii():
        return word.casefold()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?"
_CANDIDATE = lazy_compile(
    rf"(?:{_TITLES}\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+"
    rf"(?:[-'][A-Z][a-z]+)?){{0,2}}"
)
_TIE_CATEGORIES = ("personal",)


def find_names(doc: Document, found: list[Finding]) -> list[Finding]:
    """Names in sentences that already hold personal data."""
    tied = [f for f in found if f.category in _TIE_CATEGORIES and f.rule != "personal.name"]
    if not tied:
        return []
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()
    for finding in tied:
        vstart = _view_index(doc, finding.start)
        left, right = doc.sentence(vstart, vstart + 1)
        if (left, right) in seen:
            continue
        seen.add((left, right))
        for match in _CANDIDATE.finditer(doc.view, left, right):
            words = match.group(0).split()
            titled = re.match(_TITLES, words[0]) is not None
            if not titled and words[0].lower() not in FIRST_NAMES:
                continue
            out.append(doc.finding("personal", "personal.name", *match.span(), 0.75,
                                   "name of a person tied to personal data", generic=True))
    return out


def _view_index(doc: Document, original: int) -> int:
    offsets = doc.norm.offsets
    if offsets is None:
        return original
    from bisect import bisect_left

    return min(bisect_left(offsets, original), len(doc.view) - 1)


_STOP = (r"(?!(?i:and|but|or|i|im|i'm|is|was|on|in|at|for|from|to|the|a|an|so|btw|please|pls|"
         r"thanks|not|also|just|still|here|there|this|that|it|by|with|of)\b)")
_NAME_WORD = rf"{_STOP}[A-Za-z][a-z'-]+"


def _given(match: re.Match[str], doc: Document) -> bool:
    """A capitalised name, or a lower-case one that starts with a known given name."""
    first = match.group("value").split()[0]
    return first[0].isupper() or first.lower() in FIRST_NAMES


# "my name is Alicia Marie Brennan", "my nme is kwame asante" (respelt), "my names Sophie"
NAME_PATTERNS: tuple[Pattern, ...] = (
    Pattern("personal.name", lazy_compile(
        rf"(?i:\bmy\s+(?:(?:full|real|legal|first|last|maiden|given)\s+)?(?:sur)?name(?:\s+is|'s|s)"
        rf"\s*:?\s+)(?P<value>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"),
        0.85, "name given by the person", group="value", hints=("name",), validator=_given),
)
