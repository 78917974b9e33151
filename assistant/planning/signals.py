"""Signals in sentences: which platform or product a sentence is about, and what kind of
point it makes (a warning, a contrast, privacy guidance)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.planning.evidence import (
    LIST_MARK,
    SENTENCE_END,
    STOPWORDS,
    TEXTS_KEPT,
    Passage,
)

# ---- named entities: which platform or product a sentence is about ------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’+-][A-Za-z0-9]+)*")
_CAMEL = re.compile(r"[a-z][A-Z]")
_OPENERS = ".!?:;—–\n"
_QUOTES = " \t\"“‘'([*"
_COMPARED = {"than", "unlike", "versus", "vs", "like", "from", "to"}
_NOT_NAMES = STOPWORDS | {"a", "i", "every", "each", "no", "yes", "new", "best", "top", "two",
                          "three", "four", "five", "ten", "first", "next", "last"}
SUBJECT_WINDOW = 4  # an entity among a sentence's first words is what the sentence is about


@lru_cache(maxsize=TEXTS_KEPT)
def tokens(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(key, word, starts a sentence or clause) for each word; keys are lowercase, without 's
    (kept, as ``terms``)."""
    out = []
    for match in _TOKEN.finditer(text):
        word = re.sub(r"['’]s$", "", match.group())
        before = text[: match.start()].rstrip(_QUOTES)
        out.append((word.lower(), word, not before or before[-1] in _OPENERS))
    return tuple(out)


def _plain(text: str) -> list[str]:
    """Every sentence and fragment of a passage, headings and list marks removed."""
    out = []
    for raw in text.replace("**", "").splitlines():
        line = LIST_MARK.sub("", raw).strip()
        if line and not line.startswith("#"):
            out += [part for part in SENTENCE_END.split(line) if part.strip()]
    return out


def _kind(word: str) -> str:
    """'camel' (LinkedIn), 'acronym' (AI, X), 'capital' (Instagram), or 'lower'."""
    if _CAMEL.search(word):
        return "camel"
    if word.isupper() and word not in ("A", "I"):
        return "acronym"
    return "capital" if word[0].isupper() else "lower"


class Names:
    """Proper names (platforms, products, organisations) as the evidence itself uses them.

    A word is a name when it is written with inner capitals (TikTok), when it is an acronym a
    title or the request uses (AI, X), when it is capitalised mid-sentence and never written
    in lower case (Instagram), capitalised mid-sentence in two sentences (Reels), or when it
    is what varies in a series of titles ("Threads strategy for executives", "Instagram
    strategy for executives"), is never written in lower case and is not a gerund."""

    def __init__(self, passages: list[Passage], request_text: str) -> None:
        mid: dict[str, int] = {}
        lower: set[str] = set()
        capital: set[str] = set()
        titled: set[str] = set()
        self.camel: set[str] = set()
        texts = [part for p in passages for part in _plain(p.text)]
        for sentence in [*texts, request_text]:
            for key, word, first in tokens(sentence):
                kind = _kind(word)
                if kind == "lower":
                    lower.add(key)
                    continue
                capital.add(key)
                if kind == "camel":
                    self.camel.add(key)
                elif not first and sentence is not request_text:
                    mid[key] = mid.get(key, 0) + 1
        tails: dict[tuple[str, ...], set[str]] = {}
        for passage in passages:
            for heading in {passage.source.title, passage.source.section}:
                words = tokens(heading)
                title_case = sum(w[0].isupper() for _, w, _ in words) > len(words) / 2 + 1
                for i, (key, word, _) in enumerate(words):
                    if _kind(word) == "lower":
                        lower.add(key)
                    elif i > 0 and (not title_case or _kind(word) != "capital"):
                        titled.add(key)
                if len(words) >= 3:  # "Threads strategy for executives": a series of titles
                    tails.setdefault(tuple(k for k, _, _ in words[1:]), set()).add(words[0][0])
        openers = {k for keys in tails.values() if len(keys) >= 2 for k in keys}
        self.acronyms = {k.lower() for k, w, _ in tokens(" ".join(
            [request_text, *(p.source.title for p in passages)])) if _kind(w) == "acronym"}
        self.names = (
            self.camel | self.acronyms
            | {k for k, n in mid.items() if n >= 2 or k not in lower or k in titled}
            | {k for k in openers & capital - lower - _NOT_NAMES if not k.endswith("ing")}
        )
        self.lower = lower

    def in_text(self, text: str) -> list[tuple[int, str, bool]]:
        """(word position, name, compared-with) of the names in text, in order."""
        words = tokens(text)
        out = []
        for i, (key, word, _) in enumerate(words):
            if key in self.names and _kind(word) != "lower":
                out.append((i, key, i > 0 and words[i - 1][0] in _COMPARED))
        return out

    def subject(self, text: str) -> str | None:
        """The name a sentence is about: one among its first words (or the first words after
        a lead such as "Formats: "), not the thing it is compared with."""
        body = text.split(": ", 1)
        for part in (body[0], body[-1]) if len(body) == 2 else (text,):
            for position, key, compared in self.in_text(part):
                if position < SUBJECT_WINDOW and not compared:
                    return key
        return None

    def requested(self, request_text: str) -> set[str]:
        """Names the request itself uses, however it is capitalised."""
        out = set()
        for key, word, _ in tokens(request_text):
            kind = _kind(word)
            if key in self.names or kind in ("camel", "acronym") or (
                kind == "capital" and key not in self.lower and key not in _NOT_NAMES
                and not key.endswith("ing")
            ):
                out.add(key)
        return out


# ---- cues: what kind of point a sentence makes ---------------------------------------------

WARNING = re.compile(
    r"\b(?:never|avoid\w*|don['’]t|do not|does not|doesn['’]t|isn['’]t|aren['’]t|won['’]t|"
    r"can['’]t|cannot|shouldn['’]t|mustn['’]t|not|no|without|mistake\w*|error\w*|risk\w*|"
    r"wrong\w*|damag\w*|fail\w*|pitfall\w*|trap\w*|bewar\w*|careful\w*|caution\w*|danger\w*|"
    r"harm\w*|hurt\w*|backfir\w*|worse|worst|problem\w*|overus\w*|overdo\w*|"
    r"too (?:much|many|often|long|few|little)|instead of|rather than|undermin\w*|"
    r"cannibali[sz]\w*|penali[sz]\w*|punish\w*|lose|loses|losing|leak\w*|spam\w*)\b",
    re.IGNORECASE)
STRONG_WARNING = re.compile(
    r"\b(?:never|avoid\w*|don['’]t|do not|mistake\w*|risk\w*|wrong\w*|damag\w*|pitfall\w*|"
    r"trap\w*|bewar\w*|harm\w*|backfir\w*|worse|worst|leak\w*|cannibali[sz]\w*)\b",
    re.IGNORECASE)
CONTRAST = re.compile(
    r"\b(?:myth\w*|misconception\w*|rather than|instead|better than|more \w+ than|"
    r"less \w+ than|beats?|outperform\w*|matters? more|in fact|actually|contrary)\b",
    re.IGNORECASE)
PRIVACY = re.compile(
    r"privacy|private|confidential|sensitive|secret|personal data|personally identifiable|"
    r"credential|password|leak|disclos|non-public|unreleased|screen.shar|gdpr|\bnda\b",
    re.IGNORECASE)


def is_warning(text: str) -> bool:
    """A sentence that warns: a negation, a mistake, a risk, something to avoid."""
    return bool(WARNING.search(text))


def is_strong_warning(text: str) -> bool:
    """A sentence that names a mistake, a risk or something never to do."""
    return bool(STRONG_WARNING.search(text))


def is_privacy(passage: Passage) -> bool:
    """A passage about keeping information private: by its heading, or twice in its text."""
    heading = f"{passage.source.title} {passage.source.section}"
    return bool(PRIVACY.search(heading)) or len(set(PRIVACY.findall(passage.text))) >= 2
