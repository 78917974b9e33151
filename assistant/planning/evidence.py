"""Retrieved passages as citable sources, and extractive sentence selection from them."""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import Stemmer

from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.search import SearchHit
from assistant.planning.plan import Source

_WORD = re.compile(r"[a-z0-9][a-z0-9'+-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[A-Z0-9\"“(])")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_BOLD_LEAD = re.compile(r"^\*\*(.{2,60}?)\*\*[.:]?\s+")
_DANGLING = {"this", "these", "that", "those", "it", "they", "them", "such", "both", "here"}
_ADVICE = {"should", "use", "keep", "avoid", "try", "ask", "start", "never", "always", "pick",
           "encourage", "help", "review", "make", "leave", "write", "post", "reply", "check"}
_STOP = (
    "a an and are as at be been but by can could do does for from had has have how i if in "
    "into is it its me my of on or our should so than that the their them then there these "
    "they this to too us was we what when where which who why will with would you your about "
    "also any more most much not just one some such very well get got want wants need needs "
    "like make use using"
)
STOPWORDS = frozenset(_STOP.split())


@dataclass(frozen=True)
class Passage:
    """A retrieved, context-screened passage and the source id it is cited by."""

    source: Source
    text: str
    similarity: float | None
    rank: int

    @property
    def id(self) -> str:
        return self.source.id


@dataclass(frozen=True)
class Sentence:
    text: str
    passage: Passage
    score: float


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(text: str) -> set[str]:
    """Stemmed content words of a text."""
    words = [w.strip("'-+") for w in _WORD.findall(text.lower())]
    return set(_stemmer().stemWords([w for w in words if w and w not in STOPWORDS]))


def make_source(hit: SearchHit, number: int) -> Source:
    c = hit.citation
    return Source(id=f"S{number}", chunk_id=hit.chunk_id, doc_id=c.doc_id, title=c.title,
                  section=c.section, source=c.source, version=c.version, label=c.label())


def sentences(text: str, section: str = "") -> list[str]:
    """Whole sentences of a passage, cut-off fragments dropped; a list item's first sentence
    is led by its bold term or, failing that, by the section it sits in, for context."""
    out = []
    for raw in text.splitlines():
        is_item = bool(_LIST_MARK.match(raw))
        line = _LIST_MARK.sub("", raw).strip()
        if not line or line.startswith("#"):
            continue
        lead = section if is_item else ""
        bold = _BOLD_LEAD.match(line)
        if bold:
            lead, line = bold.group(1).strip(" .:"), line[bold.end():]
        line = line.replace("**", "")
        for number, part in enumerate(_SENTENCE_END.split(line)):
            part = part.strip()
            if is_item and part and part[-1] not in ".!?:":
                part += "."
            if not _whole(part):
                continue
            out.append(f"{lead}: {part}" if lead and number == 0 else part)
    return out


def _whole(part: str) -> bool:
    """A sentence that stands on its own: 5-60 words, capitalised, ends, no dangling 'This'."""
    words = part.split()
    return (5 <= len(words) <= 60 and (part[0].isupper() or part[0] in "\"“(")
            and (part[-1] in ".!?" or part.endswith(('."', '.”')))
            and words[0].lower().strip(",") not in _DANGLING)


def rank_sentences(
    passages: list[Passage], query: str, cues: frozenset[str] = frozenset(), focus: str = ""
) -> list[Sentence]:
    """Sentences of all passages, most useful first: query overlap, passage relevance (more
    when its document is about the focus, e.g. the topic), advice cues."""
    wanted = terms(query)
    focused = terms(focus)
    ranked = []
    for passage in passages:
        weight = passage.similarity if passage.similarity is not None else 0.5 / (1 + passage.rank)
        if focused and focused <= terms(passage.source.title + " " + passage.source.section):
            weight += 0.5
        for text in sentences(passage.text, passage.source.section):
            words = terms(text)
            if not words:
                continue
            overlap = len(words & wanted) / math.sqrt(len(words))
            advice = 0.15 if words & _ADVICE else 0.0
            cue = 0.6 * len(words & cues) / math.sqrt(len(words)) if cues else 0.0
            ranked.append(Sentence(text, passage, round(overlap + weight + advice + cue, 6)))
    ranked.sort(key=lambda s: (-s.score, s.passage.rank, s.text))
    return ranked


def rerank(ranked: list[Sentence], query: str, embedder: Embedder) -> list[Sentence]:
    """Re-order sentences by meaning (each read with its document title and section) plus a
    little passage relevance."""
    if not ranked:
        return ranked
    vectors = embedder.embed([query, *(_in_context(s) for s in ranked)])
    cosine = vectors[1:] @ vectors[0]
    scored = [
        Sentence(s.text, s.passage, round(float(c) + 0.25 * (s.passage.similarity or 0.0), 6))
        for s, c in zip(ranked, cosine, strict=True)
    ]
    return sorted(scored, key=lambda s: (-s.score, s.passage.rank, s.text))


def _in_context(sentence: Sentence) -> str:
    source = sentence.passage.source
    return f"{source.title} — {source.section}\n{sentence.text}"


def pick(ranked: list[Sentence], n: int, used: set[str]) -> list[Sentence]:
    """The first n sentences not used yet and not near-duplicates of each other."""
    chosen: list[Sentence] = []
    for sentence in ranked:
        if len(chosen) == n:
            break
        if sentence.text in used or any(_similar(sentence.text, c.text) for c in chosen):
            continue
        chosen.append(sentence)
        used.add(sentence.text)
    return chosen


def best_source(text: str, passages: list[Passage], min_shared: int = 2) -> str | None:
    """The passage sharing the most content words with text, if it shares at least min_shared."""
    words = terms(text)
    scored = [(len(words & terms(p.text)), -p.rank, p.id) for p in passages]
    best = max(scored, default=None)
    return best[2] if best and best[0] >= min_shared else None


def _similar(a: str, b: str) -> bool:
    ta, tb = terms(a), terms(b)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > 0.6


# ---- named entities: which platform or product a sentence is about ------------------------

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’+-][A-Za-z0-9]+)*")
_CAMEL = re.compile(r"[a-z][A-Z]")
_OPENERS = ".!?:;—–\n"
_QUOTES = " \t\"“‘'([*"
_COMPARED = {"than", "unlike", "versus", "vs", "like", "from", "to"}
_NOT_NAMES = STOPWORDS | {"a", "i", "every", "each", "no", "yes", "new", "best", "top", "two",
                          "three", "four", "five", "ten", "first", "next", "last"}
SUBJECT_WINDOW = 4  # an entity among a sentence's first words is what the sentence is about


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(key, word, starts a sentence or clause) for each word; keys are lowercase, without 's."""
    out = []
    for match in _TOKEN.finditer(text):
        word = re.sub(r"['’]s$", "", match.group())
        before = text[: match.start()].rstrip(_QUOTES)
        out.append((word.lower(), word, not before or before[-1] in _OPENERS))
    return out


def _plain(text: str) -> list[str]:
    """Every sentence and fragment of a passage, headings and list marks removed."""
    out = []
    for raw in text.replace("**", "").splitlines():
        line = _LIST_MARK.sub("", raw).strip()
        if line and not line.startswith("#"):
            out += [part for part in _SENTENCE_END.split(line) if part.strip()]
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
            for key, word, first in _tokens(sentence):
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
                words = _tokens(heading)
                title_case = sum(w[0].isupper() for _, w, _ in words) > len(words) / 2 + 1
                for i, (key, word, _) in enumerate(words):
                    if _kind(word) == "lower":
                        lower.add(key)
                    elif i > 0 and (not title_case or _kind(word) != "capital"):
                        titled.add(key)
                if len(words) >= 3:  # "Threads strategy for executives": a series of titles
                    tails.setdefault(tuple(k for k, _, _ in words[1:]), set()).add(words[0][0])
        openers = {k for keys in tails.values() if len(keys) >= 2 for k in keys}
        self.acronyms = {k.lower() for k, w, _ in _tokens(" ".join(
            [request_text, *(p.source.title for p in passages)])) if _kind(w) == "acronym"}
        self.names = (
            self.camel | self.acronyms
            | {k for k, n in mid.items() if n >= 2 or k not in lower or k in titled}
            | {k for k in openers & capital - lower - _NOT_NAMES if not k.endswith("ing")}
        )
        self.lower = lower

    def in_text(self, text: str) -> list[tuple[int, str, bool]]:
        """(word position, name, compared-with) of the names in text, in order."""
        words = _tokens(text)
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
        for key, word, _ in _tokens(request_text):
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


def subtopics(topic: str) -> list[set[str]]:
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
        self.allowed = self.wanted | {k for k, _, _ in _tokens(known)}
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
                advice = 0.15 if words & _ADVICE else 0.0
                out.append(Sentence(text, passage, round(
                    overlap + weight + advice - self._penalty(text, passage), 6)))
        return out

    def _meaning(self, sentence: Sentence, relevance: float) -> float:
        passage = sentence.passage
        return round(relevance + 0.3 * (passage.similarity or 0.0) + 0.15 * self._about(passage)
                     + (0.05 if terms(sentence.text) & _ADVICE else 0.0)
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
        if any(_similar(text, self.pool[j].text) for j in self.used):
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
