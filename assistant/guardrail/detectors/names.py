"""Person names, flagged only when tied to personal data in the same sentence."""

from __future__ import annotations

import re

from assistant.guardrail.detectors.base import Document, Pattern, words
from assistant.guardrail.finding import Finding

# A small gazetteer of common given names across regions (lower case).
FIRST_NAMES = frozenset(words("""
aaron abdul adam adrian ahmed aisha alan albert alex alexander alexandra alice alicia ali
amanda amelia amir amy ana andrea andrew andy angela anna anne anthony antonio arjun ashley
barbara ben benjamin beth bill bob brandon brian bruce carl carla carlos carol caroline
catherine charles charlie charlotte chen chris christina christine christopher claire daniel
david deborah dennis diana diego dmitri donald dorothy douglas edward elena elizabeth ella
emily emma eric erik ethan eva fatima felix fernando francesca francisco frank gabriel gary
george grace greg hannah harry hassan heather helen henry hiroshi hugo ian isabella jack
jacob james jane janet jason jennifer jessica jim joan joe john jonathan jorge jose joseph
joshua juan julia julie justin karen kate katherine kathleen keith kelly kenji kevin kim
laura lauren leo li liam linda lisa lucas lucia luis maria mark martin mary matthew maya
megan mei melissa michael michelle miguel mike mohammed muhammad nancy natalie nathan
nicholas nicole noah olivia omar oliver pablo patricia patrick paul pedro peter philip priya
rachel rahul raj ravi rebecca richard robert ryan sam samantha samuel sandra santiago sara
sarah scott sean sebastian sergei sharon sofia sophia sophie stephanie stephen steven susan
tanaka thomas tim timothy tom tyler valentina victoria vincent wei william yuki yusuf zoe
zhang lena lars sven ingrid klaus hans jurgen francois pierre marie sanjay anita deepak neha
kwame amara chloe lucy jake max nina rosa ivan olga yasmin layla
"""))
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?"
_CANDIDATE = re.compile(
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
    Pattern("personal.name", re.compile(
        rf"(?i:\bmy\s+(?:(?:full|real|legal|first|last|maiden|given)\s+)?(?:sur)?name(?:\s+is|'s|s)"
        rf"\s*:?\s+)(?P<value>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"),
        0.85, "name given by the person", group="value", hints=("name",), validator=_given),
)
