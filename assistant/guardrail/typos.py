"""Context words as people type them: misspellings and chat abbreviations of the words the
detectors look for ("pasword", "adress", "soc sec", "bday", "my nme is") respelt to the word
itself, so every pattern written for the correct spelling also reads the typo.

Two tables, both exact dictionary lookups (no edit distance is computed at scan time):
- ``FUZZY``: every spelling one edit (insert, delete, substitute, swap) away from a context
  word of six letters or more, except real words and inflections ("employer", "rational",
  "licensed", "passwords") that are not typos of it;
- ``SHORT``, ``PAIRS`` and ``BEFORE_NUMBER``: short forms and typos of short words, some only
  next to the words that make them unambiguous ("crd" only after "credit", "acc" only before
  "no"/"number").
"""

from __future__ import annotations

import re
from string import ascii_lowercase

import ahocorasick

# Context words whose one-edit typos are respelt (six letters or more: shorter words have too
# many real-word neighbours).
CONTEXT_WORDS = (
    "password", "passcode", "passport", "username", "credentials", "credential", "address",
    "birthday", "social", "security", "national", "insurance", "licence", "license", "driving",
    "employee", "account", "credit", "postcode", "mobile",
    # the meaning detector's disclosure words, as typed in chat ("aquisition", "breeched")
    "acquisition", "acquiring", "announced", "announcement", "redundancy", "redundancies",
    "redundant", "restructure", "restructuring", "revenue", "quarter", "customer", "customers",
    "breached", "resigning", "resignation", "layoffs", "confidential", "investors",
)
# Real words one edit away from a context word (not typos of it).
REAL_NEIGHBOURS = frozenset({
    "rational", "nacional", "diving", "deriving", "licensee", "licencee", "mobil", "tmobile",
    "announce", "revenge", "breathed", "preached", "reached", "designing", "reigning",
    "designation", "playoffs", "investor",
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

# Short forms and typos of short words, as whole words.
SHORT: dict[str, str] = {
    **dict.fromkeys(("bday", "b-day", "b'day", "bdy"), "birthday"),
    **dict.fromkeys(("brith", "birht", "bith", "brth", "birh", "bitrh"), "birth"),
    **dict.fromkeys(("nme", "nmae", "naem", "anme"), "name"),
    **dict.fromkeys(("psw", "pswd", "pswrd", "pword", "passw", "p/w", "paswrd", "paswd", "pwrd"),
                    "password"),
    "crdt": "credit", "sortcode": "sort code", "socsec": "social security",
}
# Two words that together are a short form: (first, second) -> replacement of both.
PAIRS: dict[tuple[str, str], str] = {
    ("soc", "sec"): "social security", ("my", "nam"): "my name",
    ("nat", "ins"): "national insurance",
    ("credit", "crd"): "credit card", ("crdt", "crd"): "credit card",
    ("debit", "crd"): "debit card",
    **{(w, "lic"): f"{w} licence" for w in ("driving", "drivers", "driver's")},
}
# Ambiguous short words expanded only before "no", "number", "#" ("acc no", "emp id").
BEFORE_NUMBER: dict[str, str] = {
    "acc": "account", "emp": "employee", "mob": "mobile", "ph": "phone",
}
_NUMBER_WORDS = frozenset({"no", "num", "number", "id", "#"})
_WORDS = re.compile(r"[a-z]+(?:['/-][a-z]+)?|#")
_LINK_BEFORE = frozenset("@/.:=#&?%+-_")
_SEPARATORS = frozenset(". ")
_CANDIDATES = frozenset(FUZZY) | set(SHORT) | set(BEFORE_NUMBER) | {first for first, _ in PAIRS}


Edit = tuple[int, int, str]  # view start, view end, replacement


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in _CANDIDATES:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()


def respellings(view: str) -> list[Edit]:
    """Non-overlapping edits, in order, that turn typos in ``view`` into context words."""
    low = view.lower()
    if len(low) != len(view):
        return []
    edits: list[Edit] = []
    taken = 0
    for last, word in _AUTOMATON.iter(low):
        start, end = last - len(word) + 1, last + 1
        if start < taken or not _whole_word(low, start, end):
            continue
        nxt = _next_word(low, end)
        if nxt is not None and (word, nxt.group(0)) in PAIRS:
            edits.append((start, nxt.end(), PAIRS[(word, nxt.group(0))]))
            taken = nxt.end()
        elif word in BEFORE_NUMBER:
            if nxt is not None and nxt.group(0) in _NUMBER_WORDS:
                edits.append((start, end, BEFORE_NUMBER[word]))
        elif word in SHORT:
            edits.append((start, end, SHORT[word]))
        elif word in FUZZY:
            edits.append((start, end, _same_case(view[start:end], FUZZY[word])))
    return edits


def _next_word(low: str, end: int) -> re.Match[str] | None:
    """The next word when only a space or a full stop separates it."""
    match = _WORDS.search(low, end, end + 4)
    if match is None or not set(low[end : match.start()]) <= _SEPARATORS:
        return None
    return _WORDS.match(low, match.start())


def _whole_word(low: str, start: int, end: int) -> bool:
    """A whole word, not part of a path, an address or a host name ("/adress", "adress.org")."""
    before = low[start - 1] if start else " "
    if before.isalnum() or before in _LINK_BEFORE:
        return False
    after = low[end : end + 2]
    if after[:1].isalnum() or after[:1] in ("@", "/"):
        return False
    return not (after[:1] == "." and after[1:2].isalnum())


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
