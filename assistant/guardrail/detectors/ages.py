"""Ages tied to an identifiable person: "my son is 7", "she's 54 and ...", "Tom, aged 29",
"our 16-year-old daughter". A bare number after "she's" is an age only when nothing that
measures something else follows it ("she's 30 minutes late", "54 slides in" are not ages);
ages of products, companies and cohorts ("aged 18-24") are not personal data."""

from __future__ import annotations

import re
from typing import Any

from assistant.guardrail.detectors.base import Document, Pattern
from assistant.guardrail.detectors.names import FIRST_NAMES

RELATIONS = (
    r"son|sons|daughter|daughters|kid|kids|child|children|boy|girl|baby|twins?|mum|mom|"
    r"mother|dad|father|parents?|wife|husband|partner|spouse|brother|sister|sibling|grandson|"
    r"granddaughter|grandchild|grandmother|grandfather|grandma|gran|grandad|granddad|grandpa|"
    r"nan|nana|nanna|aunt|auntie|uncle|niece|nephew|cousin|stepson|stepdaughter|fianc[eé]e?|"
    r"boyfriend|girlfriend|boss|manager|mentor|mentee|colleague|assistant|intern|hire|starter|"
    r"joiner|recruit|apprentice|graduate|grad|direct report|ceo|cfo|cto|coo|cmo|chair|chairman|"
    r"founder|friend|neighbou?r|flatmate|housemate|landlord|landlady|tenant|client|patient"
)
_ADJ = (r"(?:(?:eldest|oldest|youngest|little|baby|big|younger|older|new|late|step|best|twin|"
        r"other|middle)\s+)?")
_RELATED = rf"\b(?:my|our|his|her|their|your)\s+{_ADJ}(?:{RELATIONS})\b"
_PRONOUN = r"\b(?:i'?m|i\s+am|im|(?:he|she)(?:'s|\s+is|\s+was))"
_NAME = r"(?-i:\b(?P<name>[A-Z][a-z]+)\b)"
_VERB = (r"(?:is|was|are|were|'s|turned|turns|will\s+be|(?:has\s+)?just\s+turned|is\s+turning|"
         r"is\s+now)")
_VALUE = r"(?P<value>\d{1,3})(?![\d%]|[.,:]\d|[a-z])"
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# What may follow an age: end of clause, a conjunction, a time word, "years old".
_AGE_TAIL = (rf"(?=\s*(?:$|[.,;!?)]|(?:and|but|so|now|today|tomorrow|soon|already|this|next|"
             rf"last|or|though|too|years?|yrs?|y/?o|yo)\b|in\s+(?:{_MONTHS}|a\s+few|\d)))")
# What may follow "my 7-year-old": a person noun, a verb, or the end of the clause.
_OLD_TAIL = re.compile(
    rf"\s*(?:(?:{RELATIONS}|man|woman|lad|guy|lady|person|self)\b|[.,;!?)]|$|(?:is|was|has|had|"
    r"loves|asked|wants|keeps|just|says|said|told|showed|uses|and|thinks|started|can|can't|"
    r"won't|still|goes|got)\b)",
    re.I,
)
_RANGE_AFTER = re.compile(r"\s*(?:[-–+]|(?:to|and|or|plus|over|under)\b)", re.I)


def _age(match: re.Match[str], doc: Document) -> bool:
    """An age from 1 to 110; a capitalised subject must be a given name."""
    if not 1 <= int(match.group("value")) <= 110:
        return False
    name = match.groupdict().get("name")
    if name and name.lower() not in FIRST_NAMES:
        return False
    return not doc.is_sample(*match.span())


def _aged(match: re.Match[str], doc: Document) -> bool:
    """"aged 29" is one person's age; "aged 18 to 24" is a cohort."""
    return _RANGE_AFTER.match(doc.view, match.end()) is None and _age(match, doc)


def _year_old(match: re.Match[str], doc: Document) -> bool:
    """"our 16-year-old daughter" is a person; "our 5-year-old product" is not."""
    if match.group("possessive") and not _OLD_TAIL.match(doc.view, match.end()):
        return False
    return _age(match, doc)


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    return Pattern(f"personal.{rule}", re.compile(regex, re.I), score, reason, **kw)


_REASON = "age of an identifiable person"
AGE_PATTERNS: tuple[Pattern, ...] = (
    # "my son is 7", "she's 54 and ...", "Priya is 34, ...", "i'm 61 so ..."
    _p("age", rf"(?:{_PRONOUN}|(?:{_RELATED}|{_NAME})\s+{_VERB})\s+(?:(?:now|about|nearly|almost|"
       rf"only|just|turning|turned|going\s+on)\s+)?{_VALUE}{_AGE_TAIL}", 0.75, _REASON,
       digits=True, group="value", validator=_age),
    # "Tom, aged 29", "my dad, aged 80"
    _p("age", rf"(?:{_NAME}|{_RELATED}|\b(?:he|she|i))\s*,?\s+aged\s+{_VALUE}", 0.75, _REASON,
       digits=True, group="value", hints=("aged",), validator=_aged),
    # "Tom, 29, leads ...", "Priya (34) runs ..."
    _p("age", rf"{_NAME}(?:,\s+|\s+\(){_VALUE}[,)]", 0.7, _REASON, digits=True,
       group="value", validator=_age),
    # "our 16-year-old daughter", "she's a 45-year-old engineer"
    _p("age", rf"(?:(?P<possessive>\b(?:my|our|his|her|their|your)\s+{_ADJ})|(?:{_PRONOUN}|"
       rf"(?:{_RELATED}|{_NAME})\s+(?:is|was|'s))\s+an?\s+){_VALUE}[- ]years?[- ]old\b", 0.75,
       _REASON, digits=True, group="value", hints=("old",), validator=_year_old),
)
