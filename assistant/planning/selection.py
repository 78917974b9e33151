"""Sentence selection for the composer: candidates scored once (by meaning when an embedder
is given), taken without repeats, themed by heading."""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable

import numpy as np

from assistant.knowledge.embeddings import Embedder
from assistant.planning.evidence import ADVICE, Passage, Sentence, sentences, similar, terms
from assistant.planning.signals import Names, tokens

# ---- selection: candidate sentences scored once, taken without repeats ---------------------

_LEANING = re.compile(r"^(?:but|however|also|so|and|yet|still|otherwise|then|thus|therefore|"
                      r"instead|again|similarly|likewise)\b|\bthough\b|\bas well\b|"
                      r"\b(?:above|below|earlier|later on)[.,]", re.IGNORECASE)
MAX_EMBEDDED = 32  # candidate sentences ranked by meaning per plan, the best by words first
THEME_MARGIN = 0.2  # a new sub-topic is opened only for a point nearly as good as the best
NEAR_DUPLICATE = 0.85  # cosine above which two talking points say the same thing


_VECTORS: weakref.WeakKeyDictionary[Embedder, dict[str, np.ndarray]] = (
    weakref.WeakKeyDictionary())
CACHED = 8192  # sentence vectors kept per embedder: a knowledge base's sentences recur


def embed(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Vectors of texts in one embedding call for those not seen before; sentences of the
    knowledge base come back in plan after plan, so their vectors are kept (bounded)."""
    try:
        cache = _VECTORS.setdefault(embedder, {})
    except TypeError:  # an embedder that cannot be weakly referenced: no cache
        return embedder.embed(texts)
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    if missing:
        cache.update(zip(missing, embedder.embed(missing), strict=True))
        for old in list(cache)[: max(0, len(cache) - CACHED)]:
            del cache[old]
    return np.stack([cache[t] for t in texts])


def subtopics(topic: str) -> list[frozenset[str]]:
    """The parts of a topic such as "LinkedIn and short-form video", as sets of terms."""
    parts = re.split(r",|;|/|&|\+|\band\b|\bor\b|\bvs\.?|\bversus\b", topic, flags=re.IGNORECASE)
    return [t for t in (terms(p) for p in parts) if t]


class Selector:
    """The topic passages' sentences, scored once for relevance to the request (by meaning
    when an embedder is given, by shared words otherwise) and screened for subject: when the
    request names platforms or products, a sentence about another one is left out, and so is
    a passage whose heading names only other ones. Talking points are then taken from it
    without repeats or near-duplicates."""

    def __init__(self, passages: list[Passage], query: str, topic: str, known: str = "",
                 embedder: Embedder | None = None, intents: dict[str, str] | None = None) -> None:
        self.names = Names(passages, query)
        self.wanted = self.names.requested(query)
        self.allowed = self.wanted | {k for k, _, _ in tokens(known)}
        self.parts = subtopics(topic)
        self.query_terms = terms(query)
        self.off = {p.id for p in passages if self._foreign(p)}
        self.unnamed = {p.id for p in passages if self.wanted and not self._about(p)
                        and not {k for _, k, _ in self.names.in_text(p.text)} & self.wanted}
        pool = self._candidates(passages, strict=True)
        if not pool:  # nothing on the requested subject: better the evidence than no plan
            self.off = set()
            pool = self._candidates(passages, strict=False)
        self.relevant = [p for p in passages if p.id not in self.off]
        pool.sort(key=lambda s: (-s.score, s.passage.rank, s.text))
        self.pool = pool[:MAX_EMBEDDED]
        self.vectors: np.ndarray | None = None
        self.intent: dict[str, np.ndarray] = {}
        if embedder is not None and self.pool:
            names = list(intents or {})
            texts = [query, topic, *(intents or {}).values(), *(s.text for s in self.pool)]
            vectors = embed(embedder, texts)
            self.vectors = vectors[2 + len(names):]
            self.intent = {n: self.vectors @ vectors[2 + i] for i, n in enumerate(names)}
            relevance = self.vectors @ (vectors[0] + vectors[1]) / 2
            self.pool = [Sentence(s.text, s.passage, self._meaning(s, float(r)))
                         for s, r in zip(self.pool, relevance, strict=True)]
        self.used: list[int] = []

    def take(self, n: int, intent: str | None = None, cues: frozenset[str] = frozenset(),
             need: Callable[[str], bool] | None = None, themes: bool = False) -> list[Sentence]:
        """The n best sentences not taken yet (for an intent and cue words, if given), each
        meeting need, none a near-duplicate of one taken before; with themes, one per
        heading first so the points cover distinct sub-topics."""
        order = sorted(range(len(self.pool)), key=lambda i: (-self._score(i, intent, cues),
                                                             self.pool[i].passage.rank, i))
        order = [i for i in order if i not in self.used and (need is None
                                                              or need(self.pool[i].text))]
        chosen: list[int] = []
        floor = self._score(order[0], intent, cues) - THEME_MARGIN if order else 0.0
        for first_pass in ((True, False) if themes else (False,)):
            covered = {_theme(self.pool[i]) for i in chosen}
            for i in order:
                if len(chosen) == n:
                    break
                if i in chosen or (first_pass and (_theme(self.pool[i]) in covered
                                                   or self._score(i, intent, cues) < floor)):
                    continue
                if not self._duplicate(i):
                    chosen.append(i)
                    self.used.append(i)
                    covered.add(_theme(self.pool[i]))
        return [self.pool[i] for i in chosen]

    def _candidates(self, passages: list[Passage], strict: bool) -> list[Sentence]:
        seen: set[str] = set()
        out: list[Sentence] = []
        for passage in passages:
            weight = (passage.similarity if passage.similarity is not None
                      else 0.5 / (1 + passage.rank)) + 0.5 * self._about(passage)
            for text in sentences(passage.text, passage.source.section):
                words = terms(text)
                if not words or text in seen or (strict and self._off_subject(text, passage)):
                    continue
                seen.add(text)
                overlap = len(words & self.query_terms) / math.sqrt(len(words))
                advice = 0.15 if words & ADVICE else 0.0
                out.append(Sentence(text, passage, round(
                    overlap + weight + advice - self._penalty(text, passage), 6)))
        return out

    def _meaning(self, sentence: Sentence, relevance: float) -> float:
        passage = sentence.passage
        return round(relevance + 0.3 * (passage.similarity or 0.0) + 0.15 * self._about(passage)
                     + (0.05 if terms(sentence.text) & ADVICE else 0.0)
                     - self._penalty(sentence.text, passage), 6)

    def _score(self, i: int, intent: str | None, cues: frozenset[str]) -> float:
        sentence = self.pool[i]
        score = sentence.score
        if intent in self.intent:
            score += 1.0 * float(self.intent[intent][i])
        if cues:
            words = terms(sentence.text)
            score += 0.6 * len(words & cues) / math.sqrt(len(words))
        return round(score, 6)

    def _duplicate(self, i: int) -> bool:
        text = self.pool[i].text
        if any(similar(text, self.pool[j].text) for j in self.used):
            return True
        if self.vectors is None or not self.used:
            return False
        return bool((self.vectors[self.used] @ self.vectors[i] > NEAR_DUPLICATE).any())

    def _heading_names(self, passage: Passage) -> set[str]:
        source = passage.source
        return {k for _, k, _ in self.names.in_text(source.title)
                + self.names.in_text(source.section)}

    def _about(self, passage: Passage) -> bool:
        heading = terms(f"{passage.source.title} {passage.source.section}")
        return any(part <= heading for part in self.parts) or bool(
            self._heading_names(passage) & self.wanted)

    def _foreign(self, passage: Passage) -> bool:
        heading = self._heading_names(passage)
        return bool(self.wanted and heading and not heading & self.allowed
                    and not self._about(passage))

    def _off_subject(self, text: str, passage: Passage) -> bool:
        if not self.wanted:
            return False
        subject = self.names.subject(text)
        if passage.id in self.off:
            return subject not in self.wanted
        return subject is not None and subject not in self.allowed | self._heading_names(passage)

    def _penalty(self, text: str, passage: Passage) -> float:
        """Less for a sentence that leans on the one before it ("..., though, ...") and, when
        the request names platforms or products, for one that mentions other ones or comes
        from a passage that names none of the requested ones."""
        penalty = 0.2 if _LEANING.search(text.split(": ", 1)[-1]) else 0.0
        others = {k for _, k, _ in self.names.in_text(text)} - self.allowed
        if self.wanted and others - self._heading_names(passage):
            penalty += 0.1
        return penalty + (0.15 if passage.id in self.unnamed else 0.0)


def _theme(sentence: Sentence) -> tuple[str, str]:
    source = sentence.passage.source
    return source.doc_id, source.section or source.title
