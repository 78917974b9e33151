"""Admin-listed confidential terms: Aho-Corasick over the skeleton, word-bounded, plus
one-typo matching for longer terms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile
from assistant.guardrail.normalize import LEET, skeleton_of

_WORD = lazy_compile(r"[^\W_]+")
_ASCII_WORD = lazy_compile(r"[a-z0-9]+")


Match = tuple["Term", int, int, bool]  # term, view start, view end, disguised


@dataclass(frozen=True)
class Term:
    """One entry: its skeleton key, the words it is made of, and how a match is reported."""

    key: str
    words: tuple[str, ...]
    rule: str
    reason: str
    always: bool  # flag even when written plainly (admin terms); else only when obfuscated
    generic: bool = False  # a broad rule (see Pattern.generic)


def osa_distance(a: str, b: str, limit: int = 1) -> int:
    """Optimal string alignment distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TermMatcher:
    """Matches a fixed list of terms; build a new one when the list changes."""

    def __init__(self, terms: Iterable[Term], fuzzy_min_length: int = 6) -> None:
        self.automaton = ahocorasick.Automaton()
        self.fuzzy: dict[str, list[Term]] = {}
        self.fuzzy_sizes: dict[int, set[int]] = {}
        self.fuzzy_ends: set[str] = set()  # a typo rarely touches both ends of a word
        count = 0
        for term in terms:
            if len(term.key) < 3:
                continue
            existing = self.automaton.get(term.key, None)
            self.automaton.add_word(term.key, (existing or ()) + (term,))
            count += 1
            if term.always and len(term.key) >= fuzzy_min_length:
                lengths = self.fuzzy_sizes.setdefault(len(term.words), set())
                lengths.update((len(term.key) - 1, len(term.key), len(term.key) + 1))
                self.fuzzy_ends.update((term.key[:2], term.key[-2:]))
                for variant in _deletes(term.key) | {term.key}:
                    self.fuzzy.setdefault(variant, []).append(term)
        self.empty = count == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, doc: Document) -> list[tuple[Term, int, int, bool]]:
        """(term, view start, view end, obfuscated) for every word-bounded match."""
        if self.empty:
            return []
        skel = doc.norm.skeleton
        out: list[tuple[Term, int, int, bool]] = []
        for end_index, terms in self.automaton.iter(skel.text):
            start_index = end_index - len(terms[0].key) + 1
            vstart, vlast = skel.pos[start_index], skel.pos[end_index]
            if not (doc.norm.is_word_start(vstart) and doc.norm.is_word_end(vlast)):
                continue
            for term in terms:
                out.append((term, vstart, vlast + 1, _obfuscated(doc, term, vstart, vlast + 1)))
        if self.fuzzy:
            out.extend(self._fuzzy(doc, {(s, e) for _, s, e, _ in out}))
        return out

    def _fuzzy(self, doc: Document, taken: set[tuple[int, int]]) -> list[Match]:
        if doc.view.isascii():
            low = doc.lower.translate(LEET)
            words = [(m.start(), m.end(), m.group(0)) for m in _ASCII_WORD.finditer(low)]
        else:
            words = [(m.start(), m.end(), skeleton_of(m.group(0)))
                     for m in _WORD.finditer(doc.view)]
        out: list[tuple[Term, int, int, bool]] = []
        for size, lengths in self.fuzzy_sizes.items():
            for i in range(len(words) - size + 1):
                start, end = words[i][0], words[i + size - 1][1]
                if (start, end) in taken:
                    continue
                key = "".join(w[2] for w in words[i : i + size])
                if len(key) not in lengths or not (
                    key[:2] in self.fuzzy_ends or key[-2:] in self.fuzzy_ends
                ):
                    continue
                for term in self._candidates(key):
                    if osa_distance(key, term.key) <= 1:
                        out.append((term, start, end, True))
                        break
        return out

    def _candidates(self, key: str) -> list[Term]:
        found = list(self.fuzzy.get(key, ()))
        if len(key) >= 5:
            for variant in _deletes(key):
                found.extend(self.fuzzy.get(variant, ()))
        return found


def _obfuscated(doc: Document, term: Term, start: int, end: int) -> bool:
    """True when the span is not simply the term's words (split letters, digits, look-alikes)."""
    ostart, oend = doc.norm.span(start, end)
    if doc.text[ostart:oend] != doc.view[start:end]:
        return True
    words = tuple(w.lower() for w in _WORD.findall(doc.view[start:end]))
    return words != term.words


def term_finding(doc: Document, term: Term, start: int, end: int, obfuscated: bool) -> Finding:
    reason = term.reason + (" (disguised)" if obfuscated and term.always else "")
    score = 0.95 if not obfuscated else 0.85
    return doc.finding("confidential", term.rule, start, end, score, reason, term.generic)


def make_term(
    text: str, rule: str, reason: str, always: bool = True, generic: bool = False
) -> Term:
    return Term(skeleton_of(text), tuple(w.lower() for w in _WORD.findall(text)), rule, reason,
                always, generic)
