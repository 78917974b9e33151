"""Ages tied to an identifiable person: "my son is 7", "she's 54 and ...", "Tom, aged 29",
"our 16-year-old daughter". A bare number after "she's" is an age only when nothing that
measures something else follows it ("she's 30 minutes late", "54 slides in" are not ages);
ages of products, companies and cohorts ("aged 18-24") are not personal data."""

from __future__ import annotations

import re

import ahocorasick

from assistant.guardrail.detectors.base import Document, words
from assistant.guardrail.detectors.names import FIRST_NAMES, fold
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile

RELATIONS = (
    r"son|sons|daughter|daughters|kid|kids|child|children|boy|girl|baby|twins?|mum|mom|"
    r"mother|dad|father|parents?|wife|husband|partner|spouse|brother|sister|sibling|grandson|"
    r"granddaughter|grandchild|grandmother|grandfather|grandma|gran|grandad|granddad|grandpa|"
    r"nan|nana|nanna|aunt|auntie|uncle|niece|nephew|cousin|stepson|stepdaughter|fianc[eé]e?|"
    r"boyfriend|girlfriend|boss|manager|mentor|mentee|colleague|assistant|intern|hire|starter|"
    r"joiner|recruit|apprentice|graduate|grad|direct report|ceo|cfo|cto|coo|cmo|chair|chairman|"
    r"exec|executive|deputy|pa|report|team lead|line manager|"
    r"founder|friend|neighbou?r|flatmate|housemate|landlord|landlady|tenant|client|patient"
)
_ADJ = (r"(?:(?:eldest|oldest|youngest|little|baby|big|younger|older|new|late|step|best|twin|"
        r"other|middle)\s+)?")
_RELATED = rf"\b(?:my|our|his|her|their|your)\s+{_ADJ}(?:{RELATIONS})\b"
# "she's 54" describes someone in the conversation; "he turned 50 this year" is a milestone
# remark and needs a name or a relation ("my mum turned 80") to be personal.
_PRONOUN = (r"\b(?:i'?m|i\s+am|im|(?:he|she)(?:'s|\s+is|\s+was)|i\s+(?:turn|turned|just\s+turned|"
            r"will\s+be))")
_NAME = r"(?-i:\b(?P<name>[A-Z][a-z]+|[a-z]{3,})\b)"  # lower case too: "gareth is 61"
_VERB = (r"(?:\s+(?:is|was|are|were|turned|turns|will\s+be|(?:has\s+)?just\s+turned|is\s+turning|"
         r"is\s+now)|'s)")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# What may follow an age: end of clause, a conjunction, a time word, "years old".
_AGE_TAIL = lazy_compile(
    rf"\s*(?:$|[.,;!?)]|(?:and|but|so|now|today|tomorrow|soon|already|this|next|"
    rf"last|or|though|too|y/?o|yo)\b|(?:in|on)\s+(?:the\s+)?(?:{_MONTHS}|\d)|in\s+a\s+few\b|"
    rf"(?:years?|yrs?)"
    rf"(?:\s+(?:old|of\s+age)\b|\s*(?:$|[.,;!?)]|and\b)))",
    re.I,
)
# What may follow "my 7-year-old": a person noun, a verb, or the end of the clause.
_OLD_TAIL = lazy_compile(
    rf"\s*(?:(?:{RELATIONS}|man|woman|lad|guy|lady|person|self)\b|[.,;!?)]|$|(?:is|was|has|had|"
    r"loves|asked|wants|keeps|just|says|said|told|showed|uses|and|thinks|started|can|can't|"
    r"won't|still|goes|got)\b)",
    re.I,
)
_NUMBER = lazy_compile(r"\d{1,3}(?![\d%a-zA-Z]|[.,:]\d)")
_NOT_BEFORE = frozenset(".,/:-$£€#+")
_ADVERB = r"(?:(?:now|about|nearly|almost|only|just|turning|turned|going\s+on)\s+)?"
# Each is searched at the end of the text before the number.
_IS_BEFORE = lazy_compile(rf"(?:{_PRONOUN}|(?:{_RELATED}|{_NAME}){_VERB})\s+{_ADVERB}$", re.I)
_AGED_BEFORE = lazy_compile(rf"(?:{_NAME}|{_RELATED}|\b(?:he|she|i))\s*,?\s+aged\s+$", re.I)
# "Tom, 29", "Maria Lopez, 34," "Lukas Schmidt (29)": a given name, perhaps a surname.
_APPOSITION_BEFORE = lazy_compile(rf"{_NAME}(?-i:\s+[A-Z][\w'’-]+)?(?:,\s+|\s+\()$")
_APPOSITION_AFTER = lazy_compile(r"[,)](?!\s*(?:\d|(?:and|or)\s+\d))", re.I)
_OLD_BEFORE = lazy_compile(
    rf"(?:(?P<possessive>\b(?:my|our|his|her|their|your)\s+{_ADJ})|(?:{_PRONOUN}|"
    rf"(?:{_RELATED}|{_NAME})(?:\s+is|\s+was|'s))\s+an?\s+)$",
    re.I,
)
_YEAR_OLD = lazy_compile(r"[- ]years?[- ]old\b", re.I)
_RANGE_AFTER = lazy_compile(r"\s*(?:[-–+]|(?:to|and|or|plus|over|under)\b)", re.I)


_UNITS = words("two three four five six seven eight nine")
_TEENS = words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = words("twenty thirty forty fifty sixty seventy eighty ninety")
# Ages in words ("my son is seven", "she's forty-two"); "one" is too often something else.
_NUMBER_WORDS = ahocorasick.Automaton()
for _word in (*_UNITS, *_TEENS, *_TENS):
    _NUMBER_WORDS.add_word(_word, _word)
_NUMBER_WORDS.make_automaton()
_COMPOUND = lazy_compile(r"[- ](?:one|two|three|four|five|six|seven|eight|nine)\b")


def find_ages(doc: Document) -> list[Finding]:
    """Ages tied to a person: each short number, in digits or words, is checked against the
    words around it."""
    view = doc.view
    out: list[Finding] = []
    for start, end in (*_digit_ages(doc), *_word_ages(doc)):
        before = view[max(0, start - 60) : start]
        if _is_age(view, before, end) and not doc.is_sample(start, end):
            out.append(doc.finding("personal", "personal.age", start, end, 0.75,
                                   "age of an identifiable person"))
    return out


def _digit_ages(doc: Document) -> list[tuple[int, int]]:
    if not doc.has_digits:
        return []
    view = doc.view
    spans = []
    for number in _NUMBER.finditer(view):
        start, end = number.span()
        if start and (view[start - 1].isalnum() or view[start - 1] in _NOT_BEFORE):
            continue
        if 1 <= int(number.group(0)) <= 110:
            spans.append((start, end))
    return spans


def _word_ages(doc: Document) -> list[tuple[int, int]]:
    low = doc.lower
    if len(low) != len(doc.view):
        return []
    spans = []
    for last, word in _NUMBER_WORDS.iter(low):
        start, end = last - len(word) + 1, last + 1
        if (start and low[start - 1].isalpha()) or low[end : end + 1].isalpha():
            continue
        compound = _COMPOUND.match(low, end) if word in _TENS else None
        spans.append((start, compound.end() if compound else end))
    return spans


def _is_age(view: str, before: str, end: int) -> bool:
    old = _YEAR_OLD.match(view, end)
    if old is not None:
        # "our 16-year-old daughter" is a person; "our 5-year-old product" is not
        match = _OLD_BEFORE.search(before)
        if match is not None and _named(match):
            return not match.group("possessive") or _OLD_TAIL.match(view, old.end()) is not None
    if before.rstrip().lower().endswith("aged"):
        # "Tom, aged 29" is one person; "aged 18 to 24" is a cohort
        match = _AGED_BEFORE.search(before)
        return match is not None and _named(match) and _RANGE_AFTER.match(view, end) is None
    if _AGE_TAIL.match(view, end):
        match = _IS_BEFORE.search(before)
        if match is not None and _named(match):
            return True
    if _APPOSITION_AFTER.match(view, end):
        match = _APPOSITION_BEFORE.search(before)
        return match is not None and _named(match)
    return False


def _named(match: re.Match[str]) -> bool:
    """A named subject must be a known given name ("Priya", "gareth"; not "Chapter")."""
    name = match.groupdict().get("name")
    return not name or fold(name) in FIRST_NAMES
