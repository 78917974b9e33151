"""Home addresses as people type them: lower case, UK flats and "the crescent" streets, US
directions and numbered streets, with the town, postcode or ZIP+4 that follows.

Not personal: a company's own premises ("our office, 1 Canada Square", "visit us at our hq")
and a few public landmarks ("10 Downing Street"), unless the sentence says someone lives
there or something is sent there ("courier it to 1600 Pennsylvania Avenue").
"""

from __future__ import annotations

import re

from assistant.guardrail.detectors.base import Document, Pattern
from assistant.guardrail.lazy_regex import lazy_compile

STREET_TYPES = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|close|crescent|gardens|grove|row|mews|hill|green|parade|rise|walk|square|sq|"
    r"circle|cir|parkway|pkwy|highway|hwy|trail|alley|plaza|view|park|gate|wharf|quay|yard|"
    r"croft|fields|heights|embankment"
)
UK_POSTCODE = r"[a-pr-uwyz][a-hk-y]?\d[a-z\d]? ?\d[abd-hjlnp-uw-z]{2}"
_WORD = r"(?!(?:and|or|the|to|at|in|on|for|of|is|my|our)\b)[a-z][a-z'-]+"
# Someone lives there, or something is sent to them there.
_LIVES_CUE = lazy_compile(
    r"\b(?:live[sd]?|living|moved|moving|home|house|send|sent|ship|post|mail|courier|"
    r"deliver(?:y|ed)?|drop(?:ped)? (?:it |them )?off|staying|stay)\b|"
    r"\b(?:i'?m|im|we'?re|were|i am|we are) (?:at|in|on)\b",
    re.I,
)
_ADDRESS_WORD = lazy_compile(r"\b(?:address|postcode|post code|zip)\b", re.I)
# The premises of an organisation, not a person's home.
_BUSINESS_CUE = lazy_compile(
    r"\b(?:office|offices|hq|headquarters|head office|campus|store|shop|branch|venue|hotel|"
    r"restaurant|cafe|conference|factory|warehouse|studio|showroom|visit us|find us|company|"
    r"registered|reception|lobby)\b",
    re.I,
)
_LANDMARKS = lazy_compile(
    r"\b(?:1[01] downing st(?:reet)?|1600 pennsylvania ave(?:nue)?|221b baker st(?:reet)?|"
    r"sw1a 2aa)\b",
    re.I,
)


def _around(doc: Document, start: int, end: int) -> str:
    """The sentence around the address, at least 60 characters before it ("i'm at no. 9 ...")."""
    left, right = doc.sentence(start, end)
    return doc.lower[min(left, max(0, start - 60)) : right]


def not_public(match: re.Match[str], doc: Document) -> bool:
    """False for a landmark or an organisation's premises, unless the sentence says someone
    lives there or something is sent there."""
    return private_place(doc, *match.span())


def private_place(doc: Document, start: int, end: int) -> bool:
    """``not_public`` for a view span (the NER detector's places use it too)."""
    sentence = _around(doc, start, end)
    public = _LANDMARKS.search(doc.view[start:end]) or _BUSINESS_CUE.search(sentence)
    return not public or _LIVES_CUE.search(sentence) is not None


def _home(match: re.Match[str], doc: Document) -> bool:
    """Lower-case streets need a cue in the sentence, or a postcode or ZIP after them."""
    if not not_public(match, doc):
        return False
    if match.group("code"):
        return True
    sentence = _around(doc, *match.span())
    return bool(_LIVES_CUE.search(sentence) or _ADDRESS_WORD.search(sentence))


ADDRESS_PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "personal.address",
        lazy_compile(
            rf"\b\d{{1,5}}[a-z]?,?\s+"
            rf"(?:(?:[nsew]|north|south|east|west)\.?\s+)?(?:(?:(?:\d{{1,3}}(?:st|nd|rd|th)|{_WORD})"
            rf"\s+){{1,3}}|the\s+)(?:{STREET_TYPES})\b\.?"
            r"(?:,?\s*(?:apt|apartment|suite|unit|flat|#)\.?\s*\w{1,5})?"
            rf"(?:,\s*(?!{UK_POSTCODE}\b)[a-z]+\b(?:\s(?!{UK_POSTCODE}\b)[a-z]+\b)?)?"
            rf"(?P<code>,?\s*(?:[a-z]{{2}}\s+\d{{5}}(?:-\d{{4}})?|{UK_POSTCODE})\b)?",
            re.I,
        ),
        0.8,
        "street address",
        digits=True,
        validator=_home,
    ),
)
