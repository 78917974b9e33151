"""Home addresses as people type them: lower case, UK flats and "the crescent" streets, US
directions and numbered streets, with the town, postcode or ZIP+4 that follows.

Not personal: a company's own premises ("our office, 1 Canada Square", "visit us at our hq")
and a few public landmarks ("10 Downing Street"), unless the sentence says someone lives
there or something is sent there ("courier it to 1600 Pennsylvania Avenue").
"""

from __future__ import annotations

import re

from assistant.guardrail.detectors.base import Document, Pattern
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile

STREET_TYPES = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|close|crescent|gardens|grove|row|mews|hill|green|parade|rise|walk|square|sq|"
    r"circle|cir|parkway|pkwy|highway|hwy|trail|alley|plaza|view|park|gate|wharf|quay|yard|"
    r"croft|fields|heights|embankment"
)
UK_POSTCODE = r"[a-pr-uwyz][a-hk-y]?\d[a-z\d]? ?\d[abd-hjlnp-uw-z]{2}"
AU_STATE = r"(?:nsw|vic|qld|wa|sa|tas|act|nt)"
CA_POSTCODE = r"[abceghj-nprstvxy]\d[a-z] ?\d[a-z]\d"
_CODE_AHEAD = rf"{UK_POSTCODE}\b|{AU_STATE}\s+\d|[a-z]{{2}}\s+{CA_POSTCODE}"
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
_BUSINESS_WORDS = (
    r"office|offices|hq|headquarters|head office|campus|store|shop|branch|venue|hotel|"
    r"restaurant|cafe|conference|factory|warehouse|studio|showroom|visit us|find us|company|"
    r"registered|reception|lobby|hub|museum|ministry|embassy|library|gallery|theatre|theater|"
    r"stadium|station|town hall|city hall"
)
_BUSINESS_CUE = lazy_compile(rf"\b(?:{_BUSINESS_WORDS})\b", re.I)
# "our Madrid hub moved to ...": premises that move are not a person moving home.
_PREMISES_MOVED = lazy_compile(rf"\b(?:{_BUSINESS_WORDS})\s+(?:has\s+|have\s+|is\s+|are\s+)?"
                             r"(?:moved|moving|relocat\w+)\b", re.I)
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
    if not public:
        return True
    return _LIVES_CUE.search(sentence) is not None and not _PREMISES_MOVED.search(sentence)


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
            rf"(?=[\dfasu])(?:\b(?:flat|apartment|apt|unit|suite)\.?\s*\w{{1,5}}(?:,?\s+|/)|"
            rf"\b\d{{1,4}}[a-z]?/)?"
            rf"\b\d{{1,5}}[a-z]?,?\s+"
            rf"(?:(?:[nsew]|north|south|east|west)\.?\s+)?(?:(?:(?:\d{{1,3}}(?:st|nd|rd|th)|{_WORD})"
            rf"\s+){{1,3}}|the\s+)(?:{STREET_TYPES})\b\.?(?:\s+(?:[nsew]|ne|nw|se|sw)\b\.?)?"
            r"(?:,?\s*(?:apt|apartment|suite|unit|flat|#)\.?\s*\w{1,5})?"
            rf"(?:,\s*(?!{_CODE_AHEAD})[a-z]+\b(?:\s(?!{_CODE_AHEAD})[a-z]+\b)?)?"
            rf"(?P<code>,?\s*(?:[a-z]{{2}}\s+\d{{5}}(?:-\d{{4}})?|{UK_POSTCODE}|{AU_STATE}\s+\d{{4}}|"
            rf"(?:[a-z]{{2}}\s+)?{CA_POSTCODE})\b)?",
            re.I,
        ),
        0.8,
        "street address",
        digits=True,
        validator=_home,
    ),
)


# Continental forms: the street's name, then its number, then the postcode and town
# ("Keizersgracht 123, 1015 CJ Amsterdam", "Calle Mayor 12", "ul. Długa 7, 00-238 Warszawa",
# "Thorvald Meyers gate 49"), and the French number-first form ("12 rue de la Paix").
_UP = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŘŚŠŤŰŹŻŽ"
_NAME = rf"[{_UP}][\w'’.-]*"
_LINK = r"(?:(?:de|del|la|le|les|des|du|do|da|dos|das|di|della|van|von|der|den|dei|y)\s+)"
_EU_PREFIX = (r"ul\.|ulica|al\.|aleja|viale|piazza|calle|carrer|avenida|avda\.|paseo|rua|travessa|"
              r"rue|chemin|allée|quai")
# Also English words ("sent via Royal Mail 24"): a capital letter only.
_EU_PREFIX_CAPITAL = r"Via|Corso|Largo|Plaza|Place|Avenue|Boulevard|Cours"
_EU_SUFFIX = (r"straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|laan|straat|plein|"
              r"kade|singel|dijk|steeg|gatan|vägen|gata|gate|gaten|veien|vej|gade|utca|katu|tie")
EU_POSTCODE = r"(?:\d{4}\s?[A-Z]{2}|\d{2}-\d{3}|\d{3}\s\d{2}|\d{4}-\d{3}|\d{4,5})"
_TOWN = rf"[{_UP}][\w'’-]+(?:[ -](?:[{_UP}][\w'’-]+|\d{{1,2}}\b))?"
_CODE = rf",?\s+{EU_POSTCODE}\s+{_TOWN}"
_NUMBER = r"\d{1,4}[a-z]?(?:[-/]\d{1,4}[a-z]?)?"
_NAMED_STREET = (
    rf"(?:(?i:{_EU_PREFIX})|{_EU_PREFIX_CAPITAL})\s+{_LINK}*{_NAME}(?:\s+{_LINK}*{_NAME}){{0,3}}"
    rf"|(?:{_NAME}\s+){{1,2}}(?i:{_EU_SUFFIX})|[{_UP}][\w'’-]+(?i:{_EU_SUFFIX})"
)
_NUMBER_FIRST = r"(?i:rue|avenue|boulevard|via|calle|avenida|chemin|allée|quai)"
# A name word right before a house number, or a number before a street word: what every
# continental form has.
_STREET_NUMBER = lazy_compile(rf"[^\W\d_]\.?,?\s{_NUMBER}\b(?:,|\s*(?:[;.!?)]|$))|"
                            rf"\d,?\s+{_NUMBER_FIRST}\s")
_YEAR_CODE = lazy_compile(r",?\s+(?:19|20)\d\d\s")


def _eu_home(match: re.Match[str], doc: Document) -> bool:
    """Not an organisation's premises, and a four-digit "postcode" is not a year."""
    code = match.group("code") or match.groupdict().get("code2")
    return not (code and _YEAR_CODE.match(code)) and not_public(match, doc)


EU_ADDRESS_PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "personal.address",
        lazy_compile(
            rf"(?=[\w.])\b(?:{_NAMED_STREET}),?\s+{_NUMBER}\b(?:(?P<code>{_CODE})|(?=\s*(?:[,;.!?)]|$)))"
            rf"|\b\d{{1,4}}[a-z]?,?\s+{_NUMBER_FIRST}\s+{_LINK}*{_NAME}(?:\s+{_LINK}*{_NAME}){{0,3}}(?P<code2>{_CODE})?"
        ),
        0.8,
        "street address",
        digits=True,
        hints=(*(h.replace("\\", "") for h in _EU_PREFIX.split("|")),
               *(h.lower() for h in _EU_PREFIX_CAPITAL.split("|")),
               *(h.replace("\\", "") for h in _EU_SUFFIX.split("|"))),
        gate=_STREET_NUMBER,
        validator=_eu_home,
    ),
)


# No street word: a capitalised name and number before a postcode and town ("Vodičkova 30,
# 110 00 Praha 1"). Looked for only around a "number, postcode Town" run (cheap).
_POSTCODE_RUN = lazy_compile(rf"\d,\s*{EU_POSTCODE}\s+[{_UP}]")
_UNNAMED = lazy_compile(
    rf"\b{_NAME}(?:\s+{_LINK}*{_NAME}){{0,2}},?\s+{_NUMBER},(?P<code>{_CODE})"
)


def find_unnamed_streets(doc: Document) -> list[Finding]:
    """Street addresses without a street word, before a postcode and town."""
    if not doc.has_digits:
        return []
    out: list[Finding] = []
    for run in _POSTCODE_RUN.finditer(doc.view):
        for match in _UNNAMED.finditer(doc.view, max(0, run.start() - 60), run.end() + 40):
            if match.start() <= run.start() < match.end() and _eu_home(match, doc):
                out.append(doc.finding("personal", "personal.address", *match.span(), 0.8,
                                       "street address"))
                break
    return out
