"""A mentee's topic as the phrases plan templates need, so that any topic reads grammatically.

Topics come as noun phrases ("content calendar"), gerund phrases ("Replying to comments"),
long descriptions, questions ("How do I measure whether my posts are working?"), platform
names (LinkedIn, X) and acronyms (KPIs). Templates use ``subject`` after a preposition ("with
…", "about …"), ``label`` where a short name is needed, and ``platform`` when one is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LABEL_WORDS = 4
_QUESTION = re.compile(
    r"^(?:how|what|why|when|where|which|who|should|can|could|do|does|is|are|shall|would|will)"
    r"\b(?:\s+(?:do|does|did|can|could|should|shall|would|will|to|is|are|must|might|"
    r"i|we|you|they|my|our|one|a|an|the|best|way|ways|it))*\s+", re.IGNORECASE)
_VERB_NEXT = re.compile(r"\b(?:i|we|you|they|one|to)\s+$", re.IGNORECASE)  # "how do I" + verb
_CLAUSE = re.compile(r"\s+(?:whether|that|which|who|if|so|because)\s+|(?<=s)\s+(?:and|or)\s+",
                     re.IGNORECASE)  # "measuring whether …", "channels and …"
_IRREGULAR = {"be": "being", "see": "seeing", "do": "doing", "go": "going", "have": "having"}
_QUALIFIER = re.compile(r"\s+(?:at|for|on|in|with|without|during|among|by|via|using|when|"
                        r"while|from|across|inside|within|through)\s+.*$", re.IGNORECASE)
_PERSON = {"i": "they", "we": "they", "me": "them", "us": "them", "my": "their", "our": "their",
           "mine": "theirs", "myself": "themselves", "ourselves": "themselves"}
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?![nr]i|s[eu]|ti)|hon|heir)")
_VOWEL_LETTER = "AEFHILMNORSX"  # acronyms said letter by letter: an HR lead, an MD
_LINKING = {"to", "of", "and", "or", "a", "an", "the", "&", "vs", "versus"}
_PROPER = re.compile(r"[A-Z].*[A-Z]|[A-Z0-9+]$|^[A-Z][a-z]*[A-Z]")  # LinkedIn, AI, KPIs, Google+


@dataclass(frozen=True)
class Phrases:
    """What the templates say instead of the raw topic."""

    subject: str  # a noun or gerund phrase, sentence-case: "using generative AI tools"
    label: str  # at most four words: "generative AI tools"
    platform: str  # a platform, product or acronym the topic names, or ""
    heading: str  # the subject capitalised, for titles


def phrases(topic: str, names: frozenset[str] | set[str] = frozenset()) -> Phrases:
    """The phrases for a topic; ``names`` are proper names known from the evidence."""
    text = re.sub(r"\s*\([^)]*\)", "", topic).strip().rstrip("?!. ").strip() or topic.strip()
    text = _as_phrase(text)
    words = text.split()
    subject = " ".join([_case(words[0], names), *words[1:]]) if words else text
    label = _label(subject)
    return Phrases(subject=subject, label=label, platform=_platform(topic, names),
                   heading=subject[:1].upper() + subject[1:])


def article(phrase: str) -> str:
    """'a' or 'an' before a phrase: an Operations Director, an HR lead, a Head of Legal."""
    word = phrase.strip().split(" ", 1)[0] if phrase.strip() else ""
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTER else "a"
    return "an" if word and _VOWEL_SOUND.match(word.lower()) else "a"


def _as_phrase(text: str) -> str:
    """A question becomes a gerund phrase ("How do I plan posts" -> "planning posts"); first
    person words become third person."""
    question = _QUESTION.match(text)
    if question and len(text.split()) > 2:
        rest = text[question.end():].split()
        verb_next = _VERB_NEXT.search(question.group())
        if rest and verb_next and rest[0].lower() not in _PERSON and not _PROPER.search(rest[0]):
            rest[0] = _gerund(rest[0].lower())
        text = " ".join(rest) or text
    return " ".join(_PERSON.get(w.lower(), w) if w.lower() in _PERSON else w
                    for w in text.split())


def _gerund(verb: str) -> str:
    if verb in _IRREGULAR or verb.endswith("ing") or len(verb) < 2:
        return _IRREGULAR.get(verb, verb)
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if (len(verb) <= 4 and re.search(r"[^aeiou][aeiou][bdgklmnprt]$", verb)):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _case(word: str, names: frozenset[str] | set[str]) -> str:
    """The first word lower-cased unless it is a name or an acronym."""
    if _PROPER.search(word) or word.lower() in names:
        return word
    return word[:1].lower() + word[1:]


def _label(subject: str) -> str:
    """At most four words: qualifiers ("at work", "for executives") dropped, then a trailing
    clause, then a leading gerund, then the phrase cut where it still reads whole."""
    core = _QUALIFIER.sub("", subject)
    if len(core.split()) < 2 and not core[:1].isupper():  # a name alone will do: "Instagram"
        core = subject
    words = core.split()
    if len(words) <= MAX_LABEL_WORDS:
        return core
    if len(words) > MAX_LABEL_WORDS:  # "measuring whether …", "broadcast channels and …"
        before = _CLAUSE.split(core, maxsplit=1)[0].split()
        if len(before) >= 2 or (before and before[0].endswith("ing")):
            words = before
    if len(words) > MAX_LABEL_WORDS and words[0].endswith("ing"):  # "responding to a crisis"
        words = words[1:]
        while len(words) > 1 and words[0].lower() in _LINKING:
            words = words[1:]
    cut = words[:MAX_LABEL_WORDS]
    while len(cut) > 1 and (cut[-1].lower() in _LINKING or cut[-1].endswith("ly")):
        cut.pop()
    return " ".join(cut)


def _platform(topic: str, names: frozenset[str] | set[str]) -> str:
    """The first platform, product or acronym the topic names (LinkedIn, X, AI, YouTube
    Shorts), from its spelling or from names the evidence uses."""
    words = re.findall(r"[A-Za-z][\w+'’-]*", topic)
    for i, word in enumerate(words):
        key = word.lower()
        proper = bool(_PROPER.search(word)) and key not in _PERSON and word not in ("I", "A")
        named = key in names and word[:1].isupper() and (i > 0 or key in names)
        if proper or named:
            following = words[i + 1] if i + 1 < len(words) else ""
            if following[:1].isupper() and following.lower() in names | {"shorts", "z"}:
                return f"{word} {following}"
            return word
    return ""
