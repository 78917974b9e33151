"""Refine instructions as mentors type them, read into a list of small edits.

The text is normalised first (case, dashes, typos of the words the patterns need, number words,
minute units), split into clauses ("…, and drop the glossary"), and each clause is matched
against a short table of patterns. Nothing here knows the plan: segment references stay
references ("opening", "segment:3", "tiktok analytics") until ``revise`` resolves them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from assistant.resources import resource

Kind = Literal["exercise", "retime", "add", "drop", "more", "simpler", "length", "unknown"]


@dataclass(frozen=True)
class Instruction:
    """One edit read from a clause; ``text`` is the clause as read (normalised)."""

    kind: Kind
    text: str
    target: str = ""  # a segment reference or a plan section: "opening", "segment:3", "glossary"
    subject: str = ""  # the exercise's subject, a new segment's subject, a subtopic
    minutes: int | None = None  # set the target to this many minutes
    delta: int | None = None  # add (positive) or take (negative) minutes
    direction: int = 0  # +1 longer, -1 shorter, when no number is given


# ---- vocabulary ---------------------------------------------------------------------------

SEGMENTS = {  # canonical segment kind -> what mentors call it
    "opening": ("opening", "opener", "intro", "introduction", "start", "kick-off", "kickoff",
                "warm-up", "icebreaker", "beginning", "welcome"),
    "core": ("core", "core ideas", "main part", "ideas", "theory", "concepts", "main segment",
             "teaching part", "content part"),
    "hands-on": ("hands-on", "exercise", "practice", "practical", "activity", "workshop",
                 "drafting", "hands-on exercise", "hands-on part", "exercise segment", "task",
                 "hands-on practice", "practice time", "exercise time", "hands-on time"),
    "pitfalls": ("pitfalls", "pitfalls and privacy", "mistakes", "common mistakes", "risks"),
    "wrap-up": ("wrap-up", "close", "closing", "summary", "conclusion", "end", "ending",
                "commitments", "next steps", "recap", "debrief"),
    "q&a": ("q&a", "questions", "question time", "discussion", "open questions", "questions part"),
}
SECTIONS = {  # plan sections that are not agenda segments
    "glossary": ("glossary", "terms", "definitions", "jargon list", "key terms"),
    "misconceptions": ("misconceptions", "myths", "misconceptions to address"),
    "pre-reading": ("pre-reading", "reading", "reading list", "homework", "prep reading"),
    "discussion questions": ("discussion questions",),
    "feedback questions": ("feedback questions", "feedback"),
    "follow-up": ("follow-up", "follow-up actions", "follow-ups", "action items", "actions"),
    "objectives": ("objectives", "goals"),
    "privacy": ("privacy", "privacy section", "privacy rules"),
    "exercise": ("exercise", "hands-on exercise"),
    "sources": ("sources", "citations", "references"),
}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "last": -1, "final": -1}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
           "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40, "forty-five": 45,
           "fifty": 50, "sixty": 60, "ninety": 90, "a couple of": 2, "a couple": 2,
           "a few": 5, "couple of": 2, "few": 5}
# Words whose typos are respelt (one edit away; two for words of eight letters or more).
VOCABULARY = (
    "exercise", "exercises", "segment", "segments", "section", "sections", "session", "minutes",
    "minute", "opening", "introduction", "shorter", "longer", "shorten", "lengthen", "glossary",
    "misconceptions", "simpler", "simplify", "language", "remove", "delete", "instead",
    "practice", "practise", "discussion", "questions", "objectives", "privacy", "pitfalls",
    "summary", "closing", "analytics", "detail", "details", "jargon", "wording", "another",
    "change", "about", "extra", "reading", "feedback", "activity", "include", "remove",
)
_FILLER = re.compile(
    r"^(?:(?:please|pls|plz|kindly|ok|okay|so|also|and|then|but|plus|maybe|perhaps|now|"
    r"(?:can|could|would|will) (?:you|u)|can we|could we|i'd like (?:you )?to|i would like "
    r"(?:you )?to|i want (?:you )?to|i'd love (?:you )?to|let's|lets|let us|we should|"
    r"you should|try to|just)\s+)+")
_TAIL = re.compile(r"(?:\s+(?:please|pls|thanks|thank you|instead|too|as well))+$|[\s,.!]+$")
TRIGGERS = (
    r"make|add|drop|remove|delete|cut|skip|give|shorten|lengthen|extend|use|change|include|"
    r"insert|simplify|trim|reduce|expand|replace|swap|put|set|more|less|go|focus|cover|explain|"
    r"spend|take|switch|turn|lose|limit|no|shorter|longer|simpler|avoid|let|dig|dive|"
    r"elaborate|double|halve|increase|decrease|allow|get rid|leave out|omit|write|base|"
    r"plain|talk|dedicate|allocate|bump|can you|could you|please"
)
_SPLIT = re.compile(
    r"[.;!?\n]+\s*|\s*,\s*(?:(?:and|then|also|plus|but)\s+)*(?=(?:" + TRIGGERS + r")\b)"
    r"|\s+(?:and|then|also|plus|but)\s+(?:(?:then|also)\s+)*(?=(?:" + TRIGGERS + r")\b)")


def _edits(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
    out |= {word[:i] + c + word[i + 1:] for i in range(len(word)) for c in letters}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    return out


@cache
def _typos() -> dict[str, str]:
    """Misspelling -> word; a variant that is itself a word (in the MiniLM vocabulary, e.g.
    "remote" next to "remove") is left alone."""
    real = set(resource("minilm", "vocab.txt").read_text(encoding="utf-8").split())
    table: dict[str, str] = {}
    for word in VOCABULARY:
        near = _edits(word)
        if len(word) >= 8:
            near |= {e2 for e in near for e2 in _edits(e) if len(e2) >= 7}
        for variant in near:
            if len(variant) >= 5 and variant not in real:
                table.setdefault(variant, word)
    for word in VOCABULARY:
        table.pop(word, None)
    return table

_PHRASES = [  # spellings of multi-word names, made one form before matching
    (r"\bq\s*(?:&|and|\+|/|n)\s*a'?s?\b|\bqna\b|\bqa\b", "q&a"),
    (r"\bwrap\s*-?\s*up\b", "wrap-up"), (r"\bhands\s*-?\s*on\b", "hands-on"),
    (r"\bpre\s*-?\s*reading\b", "pre-reading"), (r"\bfollow\s*-?\s*ups?\b", "follow-up"),
    (r"\bkick\s*-?\s*off\b", "kick-off"), (r"\bwarm\s*-?\s*up\b", "warm-up"),
    (r"\bhalf an hour\b|\bhalf-hour\b|\b1/2 hour\b", "30 min"),
    (r"\b(?:a )?quarter of an hour\b", "15 min"), (r"\b(?:an|one|1) hour\b", "60 min"),
    (r"\bdon't\b", "do not"), (r"\bdoesn't\b", "does not"), (r"\bit's\b", "it is"),
]
_WORDS = "|".join(sorted(map(re.escape, NUMBERS), key=len, reverse=True))
_NUMBER_WORD = re.compile(r"\b(" + _WORDS + r")\b(?=\s*(?:more|extra|additional|\s)*(?:-\s*)?min"
                          r"|\s*$)|(?<=segment )(" + _WORDS + r")\b")
_UNIT = re.compile(r"\b(\d{1,3})\s*(?:-\s*)?(?:minutes?|mins?|m)\b|\b(\d{1,3})'")


def normalise(text: str) -> str:
    """Lower case, plain quotes and dashes, one spacing, typos respelt, minutes as 'N min'."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”«»]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    text = re.sub(r"[^\S\n]+", " ", text).strip()
    typos = _typos()
    text = re.sub(r"[a-z]+", lambda m: typos.get(m.group(0), m.group(0)), text)
    for pattern, repl in _PHRASES:
        text = re.sub(pattern, repl, text)
    text = _NUMBER_WORD.sub(lambda m: str(NUMBERS[m.group(1) or m.group(2)]), text)
    text = re.sub(r"\b(\d{1,3})\s+(more|extra|additional|fewer|less)\s+(?:minutes?|mins?)\b",
                  r"\1 min \2", text)
    return _UNIT.sub(lambda m: f"{m.group(1) or m.group(2)} min", text)


def clauses(text: str) -> list[str]:
    """The normalised text cut where a new instruction starts, fillers trimmed."""
    out = []
    for part in _SPLIT.split(normalise(text)):
        part = _TAIL.sub("", _FILLER.sub("", (part or "").strip())).strip(" ,:-\"'")
        if part:
            out.append(part)
    return out


# ---- references ---------------------------------------------------------------------------

_SEG_WORD = r"(?:segment|section|part|block|slot|bit|item|module)"
_ART = r"(?:the|a|an|this|that|our|my)\s+"
_LOOKUP = {alias: name for name, aliases in SEGMENTS.items() for alias in aliases}
_SECTION = {alias: name for name, aliases in SECTIONS.items() for alias in aliases}


def _strip(phrase: str) -> str:
    phrase = re.sub(r"^(?:" + _ART + r")+", "", phrase.strip(" \"'"))
    return re.sub(r"\s+" + _SEG_WORD + r"s?$", "", phrase).strip()


def segment_ref(phrase: str, loose: bool = True) -> str | None:
    """A segment reference ("opening", "segment:3", "segment:-1"), a title phrase when loose,
    or None."""
    whole = phrase.strip(" \"'")
    whole = re.sub(r"^(?:" + _ART + r")+", "", whole)
    numbered = re.fullmatch(_SEG_WORD + r"\s*(?:#|no\.?|number)?\s*(\d{1,2})", whole)
    if numbered:
        return f"segment:{int(numbered.group(1))}"
    ordinal = re.fullmatch(r"(\w+)\s+(?:" + _SEG_WORD + r"|one)", whole)
    if ordinal and ordinal.group(1) in ORDINALS:
        return f"segment:{ORDINALS[ordinal.group(1)]}"
    name = _strip(whole)
    if name in _LOOKUP:
        return _LOOKUP[name]
    if loose and name and len(name.split()) <= 5 and name not in _SECTION:
        return name
    return None


def _minutes(text: str) -> int | None:
    found = re.search(r"(\d{1,3}) min", text)
    return int(found.group(1)) if found else None


def _subject(text: str) -> str:
    return re.sub(r"\s+(?:instead|please|too)$", "", text.strip(" \"'.,")).strip()


# ---- patterns -----------------------------------------------------------------------------

N = r"(?P<n>\d{1,3}) min"
SEG = r"(?:" + _ART + r")?(?P<seg>[\w&' -]+?)"
EX = (r"(?:" + _ART + r")?(?:hands-on\s+)?(?:exercise|task|activity|drill|practice task|"
      r"hands-on(?:\s+(?:part|bit))?)")
ON = r"(?:about|on|around|into|to|to be about|focus(?:ed)? on|based on|cent(?:er|re)d on)"
Handler = Callable[[re.Match[str], str], "Instruction | list[Instruction] | None"]


def _exercise(m: re.Match[str], text: str) -> Instruction | None:
    subject = _subject(m.group("subject"))
    if not subject or re.fullmatch(r"(?:\d+ min(?: long)?|shorter|longer|short|long)", subject):
        return None
    return Instruction("exercise", text, subject=subject)


def _retime(sign: int = 0, mode: str = "set") -> Handler:
    def handle(m: re.Match[str], text: str) -> Instruction | None:
        ref = segment_ref(m.group("seg"))
        if ref is None:
            return None
        n = int(m.group("n")) if "n" in m.groupdict() and m.group("n") else None
        if mode == "set":
            return Instruction("retime", text, target=ref, minutes=n)
        if mode == "delta" and n is not None:
            return Instruction("retime", text, target=ref, delta=sign * n)
        return Instruction("retime", text, target=ref, direction=sign)
    return handle


def _scale(factor: int) -> Handler:
    def handle(m: re.Match[str], text: str) -> Instruction | None:
        ref = segment_ref(m.group("seg"))
        return Instruction("retime", text, target=ref, direction=factor * 2) if ref else None
    return handle


def _add(m: re.Match[str], text: str) -> Instruction | None:
    subject = _subject(m.group("subject"))
    tail = re.search(r"\s*\(?\s*(?:of|for|lasting|taking)?\s*(\d{1,3}) min(?:\s+long)?\)?$",
                     subject)
    n = m.groupdict().get("n")
    minutes = int(n) if n else None
    if tail:
        minutes, subject = int(tail.group(1)), subject[:tail.start()].strip()
    return Instruction("add", text, subject=subject, minutes=minutes) if subject else None


def _add_minutes(m: re.Match[str], text: str) -> Instruction | None:
    """"add 10 minutes on X": more time for a segment X, else a new 10-minute segment on X."""
    ref = segment_ref(m.group("seg"), loose=False)
    if ref is not None:
        return Instruction("retime", text, target=ref, delta=int(m.group("n")))
    return Instruction("add", text, subject=_subject(m.group("seg")), minutes=int(m.group("n")))


def _drop(m: re.Match[str], text: str) -> Instruction | None:
    target = m.group("seg").strip()
    name = _strip(target)
    if name in _SECTION and (name not in _LOOKUP or not re.search(_SEG_WORD + r"s?$", target)):
        return Instruction("drop", text, target=_SECTION[name])
    ref = segment_ref(target)
    return Instruction("drop", text, target=ref) if ref else None


def _more(m: re.Match[str], text: str) -> Instruction | None:
    subject = _subject(m.group("subject"))
    ref = segment_ref(subject, loose=False)
    if ref is not None and ref != "core" and ref != "pitfalls":
        return Instruction("retime", text, target=ref, direction=1)
    return Instruction("more", text, subject=subject) if subject else None


def _simpler(m: re.Match[str], text: str) -> Instruction | None:
    return Instruction("simpler", text)


def _length(m: re.Match[str], text: str) -> Instruction | None:
    return Instruction("length", text, minutes=int(m.group("n")))


def _drops(m: re.Match[str], text: str) -> list[Instruction]:
    """"drop the glossary and the misconceptions": one drop per named thing."""
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("seg"))
    out = []
    for part in parts:
        sub = re.match(r"(?P<seg>.+)", part)
        one = _drop(sub, text) if sub else None
        out.append(one or Instruction("unknown", text))
    return out


SHORT = r"(?P<dir>shorter|quicker|briefer|tighter|less time|longer|more time|extra time)"
PATTERNS: list[tuple[str, Handler]] = [
    # the whole session's length
    (r"(?:make|set|change|cut|shorten|extend|trim|reduce)\s+(?:" + _ART + r")?(?:whole\s+|entire"
     r"\s+)?(?:session|plan|meeting|agenda|it)\s+(?:to\s+|down to\s+|up to\s+|last\s+|be\s+|"
     r"into\s+(?:a\s+)?)?(?:just\s+|only\s+)?" + N + r"(?:\s+(?:long|total|in total|session))?",
     _length),
    (r"(?:make it|make this|turn it into|i only have|we only have|we have|only have)\s+(?:a\s+|"
     r"an\s+)?" + N + r"(?:\s+session)?", _length),
    # the exercise's subject
    (r"(?:make|change|turn|switch|set|base|focus|have|let|refocus|rewrite|redo|move)\s+" + EX
     + r"\s+(?:be\s+|so (?:it is|that it is)\s+|so it'?s\s+)?" + ON + r"\s+(?P<subject>.+)",
     _exercise),
    (EX + r"\s+(?:should|must|could|would|can|needs to|has to|ought to)\s+(?:be\s+)?(?:" + ON
     + r"\s+)?(?P<subject>.+)", _exercise),
    (EX + r"\s*(?::|=|->|about|on)\s*(?P<subject>.+)", _exercise),
    (r"(?:use|do|try|pick|choose|take)\s+(?P<subject>.+?)\s+(?:for|as)\s+" + EX, _exercise),
    (r"(?:replace|swap)\s+" + EX + r"\s+(?:with|for)\s+(?:one\s+(?:about|on)\s+)?(?P<subject>.+)",
     _exercise),
    (r"(?:a\s+)?(?:new|different|another)\s+(?:exercise|task|activity)\s*(?::|about|on|with)\s*"
     r"(?P<subject>.+)", _exercise),
    (r"let (?:the executive|them) (?:do|draft|write|make|film|record|try)\s+(?P<subject>.+?)"
     r"(?:\s+(?:in|for|as) " + EX + r")?", _exercise),
    # simpler language
    (r".*\b(?:less jargon|no jargon|without jargon|jargon-free|avoid(?:ing)? jargon|fewer "
     r"buzzwords|no buzzwords|less corporate|layman'?s?(?: terms)?|plain english|plain "
     r"language|plain words|simple language|simpler language|simple words|simpler words|"
     r"simpler wording|simple english|everyday language|everyday words|less technical|"
     r"non-technical (?:language|words|wording))\b.*", _simpler),
    (r"(?:make|keep|write|rewrite|put|phrase|word)?\s*(?:it|the plan|the language|the wording|"
     r"the text|everything|the talking points|this|things)?\s*(?:in\s+)?(?:much\s+|a bit\s+|"
     r"a little\s+|way\s+)?(?:simpler|simple|plainer|plain|easier|clearer)(?:\s+(?:language|"
     r"words|wording|english|terms|to read|to understand|to follow|for a beginner|for "
     r"beginners))?", _simpler),
    (r"(?:simplify|dumb down|tone down)\b.*|.*\bshorter (?:sentences|words|talking points)\b.*"
     r"|explain (?:it|things|everything) (?:simply|more simply|like .*)", _simpler),
    # segment minutes: more or fewer
    (r"(?:give|add|allow|allocate)\s+" + SEG + r"\s+(?:another\s+|an extra\s+)?" + N
     + r"(?:\s+(?:more|extra))?", _retime(1, "delta")),
    (r"(?:give|add|allow|allocate|spend|put)\s+(?:another\s+|an extra\s+)?(?P<n>\d{1,3})\s+"
     r"(?:more\s+|extra\s+|additional\s+)?min\s+(?:more\s+)?(?:to|for|on|into)\s+" + SEG,
     lambda m, t: _retime(1, "delta")(m, t)
     if segment_ref(m.group("seg"), loose=False) or "give" in t or "to " in t
     else _add_minutes(m, t)),
    (r"(?:add)\s+(?P<n>\d{1,3})\s+min\s+(?:on|about|covering)\s+" + SEG, _add_minutes),
    (r"(?:extend|lengthen|increase|bump up|bump)\s+" + SEG + r"\s+by\s+" + N,
     _retime(1, "delta")),
    (r"(?:cut|trim|reduce|shorten|shave|decrease)\s+" + SEG + r"\s+by\s+" + N,
     _retime(-1, "delta")),
    (r"(?:cut|trim|take|shave|remove|knock)\s+" + N + r"\s+(?:off|from|out of)\s+" + SEG,
     _retime(-1, "delta")),
    (r"(?:make\s+)?" + SEG + r"\s+" + N + r"\s+(?P<dir>longer|shorter)",
     lambda m, t: _retime(1 if m.group("dir") == "longer" else -1, "delta")(m, t)),
    # segment minutes: set
    (r"(?:make|set|change|keep|cut|trim|reduce|limit|cap|bring|have|shorten|extend|lengthen)\s+"
     + SEG + r"\s+(?:to\s+|at\s+|be\s+|last\s+|down to\s+|up to\s+|only\s+|just\s+|about\s+|"
     r"around\s+|max\s+|maximum\s+)*" + N + r"(?:\s+(?:long|max|maximum|only|tops))?", _retime()),
    (SEG + r"\s+(?:should be|should last|to be|to last|must be|=|:|in|for|at|only|just|of)\s+"
     r"(?:only\s+|just\s+|about\s+)?" + N + r"(?:\s+long)?", _retime()),
    (r"(?:only\s+|just\s+)?" + N + r"\s+(?:for|on|of)\s+" + SEG + r"(?:\s+(?:is enough|only))?",
     _retime()),
    # segment minutes: longer or shorter, no number
    (r"(?:make\s+)?" + SEG + r"\s+(?:a\s+(?:bit|little)\s+|much\s+|slightly\s+|way\s+)?"
     r"(?P<dir>shorter|longer|quicker|briefer|tighter)",
     lambda m, t: _retime(1 if m.group("dir") == "longer" else -1, "dir")(m, t)),
    (SHORT + r"\s+(?:(?:on|for)\s+)?" + SEG,
     lambda m, t: _retime(1 if m.group("dir") in ("longer", "more time", "extra time") else -1,
                          "dir")(m, t)),
    (r"(?:shorten|condense|tighten|trim|speed up|cut down|rush)\s+" + SEG,
     _retime(-1, "dir")),
    (r"(?:lengthen|extend|expand|stretch)\s+" + SEG, _retime(1, "dir")),
    (r"(?:spend|allow|give|allocate)\s+(?P<dir>more|less|extra)\s+time\s+(?:on|for|to)\s+" + SEG,
     lambda m, t: _retime(-1 if m.group("dir") == "less" else 1, "dir")(m, t)),
    (r"double\s+" + SEG, _scale(1)),
    (r"halve\s+" + SEG, _scale(-1)),
    # add a segment
    (r"(?:add|include|insert|put in|throw in|append|we need|i need|need|want|i want|plan|create)"
     r"\s+(?:a|an|one|another|new|extra|short|quick|small|\s)*\s*(?:(?P<n>\d{1,3}) min\s+)?"
     + _SEG_WORD + r"\s+(?:of\s+\d{1,3} min\s+)?(?:on|about|for|covering|around|to cover|"
     r"regarding|re|that covers|explaining|with)\s+(?P<subject>.+)", _add),
    (r"(?:add|include|insert)\s+(?:a|an|another|new|extra)\s+(?:(?P<n>\d{1,3}) min\s+)?"
     r"(?P<subject>.+?)\s+" + _SEG_WORD + r"(?:\s+(?:of|for)\s+\d{1,3} min)?", _add),
    (r"(?:add|include|cover)\s+(?P<subject>.+?)\s+as\s+(?:a|an)\s+(?:new\s+|separate\s+|own\s+)?"
     + _SEG_WORD, _add),
    # drop a segment or a section
    (r"(?:drop|remove|delete|cut|skip|lose|get rid of|take out|leave out|omit|scrap|ditch|bin)"
     r"\s+(?P<seg>.+?)(?:\s+(?:entirely|completely|altogether))?", _drops),
    (r"(?:no|without|we do not need|no need for|i do not need|do not need)\s+(?P<seg>.+?)"
     r"(?:\s+(?:needed|necessary|please))?", _drops),
    # more on a subtopic
    (r"(?:more|extra|additional|deeper|further|go deeper|dig deeper|dive deeper|say more|"
     r"talk more|add more|add|include more|cover more|expand|elaborate|focus more|a bit more|"
     r"put more emphasis|more emphasis|more focus|more weight)(?:\s+(?:detail|details|depth|"
     r"content|material|guidance|info|information|points|talking points|examples|tips|focus|"
     r"emphasis|advice|ideas))?\s+(?:on|about|regarding|around|into|for|of|upon)\s+"
     r"(?P<subject>.+)", _more),
    (r"(?:cover|discuss|explain|emphasi[sz]e|stress|highlight|explore|go into|talk about)\s+"
     r"(?P<subject>.+?)\s+(?:more|in more (?:detail|depth)|in depth|in detail|further|more "
     r"deeply|more thoroughly)", _more),
    (r"(?:focus|zoom in|concentrate)\s+(?:more\s+)?on\s+(?P<subject>.+)", _more),
    (r"more\s+(?P<subject>[\w&' -]+)", _more),
]
COMPILED = [(re.compile(p), h) for p, h in PATTERNS]


def parse(text: str) -> list[Instruction]:
    """Every instruction in the text, in order; a clause no pattern reads is kind 'unknown'."""
    out: list[Instruction] = []
    for clause in clauses(text):
        out += _read(clause)
    return out


def _read(clause: str) -> list[Instruction]:
    for pattern, handle in COMPILED:
        match = pattern.fullmatch(clause)
        if match is None:
            continue
        found = handle(match, clause)
        items = found if isinstance(found, list) else [found] if found else []
        if items and all(i.kind != "unknown" for i in items):
            return items
    return [Instruction("unknown", clause)]
