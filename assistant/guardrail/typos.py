"""Context words as people type them: misspellings and chat abbreviations of the words the
detectors look for ("pasword", "adress", "soc sec", "bday", "my nme is") respelt to the word
itself, so every pattern written for the correct spelling also reads the typo.

Two tables, both exact dictionary lookups (no edit distance is computed at scan time):
- ``FUZZY``: every spelling one edit (insert, delete, substitute, swap) away from a context
  word of six letters or more, except real words and inflections ("employer", "rational",
  "licensed", "passwords") that are not typos of it;
- ``PHRASES``: short forms and typos of short words, some only next to the words that make
  them unambiguous ("crd" only after "credit", "acc" only before "no"/"number").
"""

from __future__ import annotations

import re
from string import ascii_lowercase

# Context words whose one-edit typos are respelt (six letters or more: shorter words have too
# many real-word neighbours).
CONTEXT_WORDS = (
    "password", "passcode", "passport", "username", "credentials", "credential", "address",
    "birthday", "social", "security", "national", "insurance", "licence", "license", "driving",
    "employee", "account", "credit", "postcode", "mobile",
)
# Real words one edit away from a context word (not typos of it).
REAL_NEIGHBOURS = frozenset({
    "rational", "nacional", "diving", "deriving", "licensee", "licencee", "mobil", "tmobile",
})


def _edits(word: str) -> set[str]:
    """Spellings one edit from ``word``; edits at the very end only delete (inflections
    such as "-s", "-d", "-r" are other words)."""
    out: set[str] = set()
    for i in range(len(word) + 1):
        for c in ascii_lowercase:
            if i < len(word):
                out.add(word[:i] + c + word[i:])  # insertion
                if i < len(word) - 1:
                    out.add(word[:i] + c + word[i + 1 :])  # substitution (not the last letter)
        if i < len(word):
            out.add(word[:i] + word[i + 1 :])  # deletion
        if i < len(word) - 2:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # swap (not the end)
    return out


def _fuzzy_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for word in CONTEXT_WORDS:
        for variant in _edits(word):
            if len(variant) >= 5 and variant not in REAL_NEIGHBOURS:
                table.setdefault(variant, word)
    for word in CONTEXT_WORDS:
        table.pop(word, None)  # "licence" and "license" stay as written
    return table


FUZZY: dict[str, str] = _fuzzy_table()

# (regex, replacement): short forms, run case-insensitively and word-bounded.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"soc(?:\.\s?|\s)sec\.?|socsec", "social security"),
    (r"nat(?:\.\s?|\s)ins\.?", "national insurance"),
    (r"b[-']?day|bdy", "birthday"),
    (r"brith|birht|bith|brth|birh|bitrh", "birth"),
    (r"nme|nmae|naem|anme", "name"),
    (r"psw|pswd|pswrd|pword|passw|p/w", "password"),
    (r"crdt", "credit"),
    (r"(?:(?<=credit )|(?<=crdt )|(?<=debit ))crd", "card"),
    (r"acc(?=\.?\s?(?:no\b|num|number|#))", "account"),
    (r"emp(?=\.?\s?(?:no\b|num|number|#|id\b))", "employee"),
    (r"mob(?=\.?\s?(?:no\b|num|number|#|:))", "mobile"),
    (r"ph(?=\.?\s?(?:no\b|num|number|#))", "phone"),
    (r"(?:(?<=driving )|(?<=drivers )|(?<=driver's ))lic\.?", "licence"),
    (r"sortcode", "sort code"),
)
_PHRASE = re.compile(
    "|".join(rf"(?P<p{i}>(?<![\w@/.-])(?:{regex})(?![\w@/-]))"
             for i, (regex, _) in enumerate(PHRASES)),
    re.I,
)
# Words outside links, paths and addresses ("docs.example.org/adress" stays as written).
_TOKEN = re.compile(r"(?<![\w@/.:=#&?%+-])[A-Za-z]{5,14}(?![\w@/]|\.\w)")


Edit = tuple[int, int, str]  # view start, view end, replacement


def respellings(view: str) -> list[Edit]:
    """Non-overlapping edits, in order, that turn typos in ``view`` into context words."""
    edits: list[Edit] = []
    for match in _PHRASE.finditer(view):
        name = match.lastgroup or ""
        edits.append((match.start(), match.end(), PHRASES[int(name[1:])][1]))
    for match in _TOKEN.finditer(view):
        word = match.group(0)
        target = FUZZY.get(word.lower())
        if target is not None:
            edits.append((match.start(), match.end(), _same_case(word, target)))
    if len(edits) > 1:
        edits.sort()
        edits = [e for i, e in enumerate(edits) if i == 0 or e[0] >= edits[i - 1][1]]
    return edits


def _same_case(written: str, word: str) -> str:
    if written.isupper():
        return word.upper()
    return word.capitalize() if written[:1].isupper() else word


def apply(view: str, offsets: list[int] | None, edits: list[Edit]) -> tuple[str, list[int]]:
    """The respelt view and its map to original offsets; a replacement maps onto the
    characters it replaces."""
    base = offsets if offsets is not None else list(range(len(view) + 1))
    chars: list[str] = []
    out: list[int] = []
    last = 0
    for start, end, word in edits:
        chars.append(view[last:start])
        out.extend(base[last:start])
        chars.append(word)
        out.extend(base[min(start + i, end - 1)] for i in range(len(word)))
        last = end
    chars.append(view[last:])
    out.extend(base[last:])
    return "".join(chars), out
