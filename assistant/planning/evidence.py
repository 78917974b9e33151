"""Retrieved passages as citable sources, and extractive sentence selection from them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer

from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.search import SearchHit
from assistant.planning.plan import Source

_WORD = re.compile(r"[a-z0-9][a-z0-9'+-]*")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[A-Z0-9\"“(])")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
TEXTS_KEPT = 8192  # texts whose words ``terms`` and ``signals.tokens`` keep per process
_BOLD_LEAD = re.compile(r"^\*\*(.{2,60}?)\*\*[.:]?\s+")
_DANGLING = {"this", "these", "that", "those", "it", "they", "them", "such", "both", "here"}
_CONNECTIVES = {"but", "however", "also", "so", "yet", "still", "instead", "otherwise", "then",
                "thus", "therefore", "similarly", "likewise", "again", "even"}
ADVICE = {"should", "use", "keep", "avoid", "try", "ask", "start", "never", "always", "pick",
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


@lru_cache(maxsize=TEXTS_KEPT)
def terms(text: str) -> frozenset[str]:
    """Stemmed content words of a text (kept: plans and answers read the same passages)."""
    words = [w.strip("'-+") for w in _WORD.findall(text.lower())]
    return frozenset(_stemmer().stemWords([w for w in words if w and w not in STOPWORDS]))


def make_source(hit: SearchHit, number: int) -> Source:
    c = hit.citation
    return Source(id=f"S{number}", chunk_id=hit.chunk_id, doc_id=c.doc_id, title=c.title,
                  section=c.section, source=c.source, version=c.version, label=c.label())


def sentences(text: str, section: str = "") -> list[str]:
    """Whole sentences of a passage, cut-off fragments dropped; a sentence that leans on the
    one before it ("These …") stays joined to it, and a list item's sentences are led by its
    bold term or, failing that, by the section it sits in, for context."""
    out = []
    for raw in text.splitlines():
        is_item = bool(LIST_MARK.match(raw))
        line = LIST_MARK.sub("", raw).strip()
        if not line or line.startswith("#"):
            continue
        lead = section if is_item else ""
        bold = _BOLD_LEAD.match(line)
        if bold and _is_term(bold.group(1), line[bold.end():]):
            lead, line = bold.group(1).strip(" .:"), line[bold.end():]
            line = line[:1].upper() + line[1:]  # "**Situation:** when …" -> "When …"
        line = line.replace("**", "")
        units: list[str] = []
        for part in SENTENCE_END.split(line):
            part = part.strip()
            if is_item and part and part[-1] not in ".!?:":
                part += "."
            if units and part and _depends(part):  # "These …", "However, …": keep together
                units[-1] = f"{units[-1]} {part}"
            else:
                units.append(part)
        lead = lead.replace(": ", " — ")  # one colon: the lead's, before the sentence
        for number, unit in enumerate(units):
            if _whole(unit):
                out.append(f"{lead}: {unit}" if lead and (number == 0 or is_item) else unit)
    return out


def _is_term(bold: str, rest: str) -> bool:
    """A bold term that leads its item ("**Reels.** Keep them short"), not a bold sentence
    ("**Do not delete anything yet.** …") or the bold start of one ("**Pause posts** on …")."""
    if bold[-1] in ".!?" and len(bold.split()) >= 4:
        return False
    return bold[-1] in ".:" or rest[:1] in ":." or not rest[:1].islower()


def _depends(part: str) -> bool:
    """A sentence that leans on the one before it: a pronoun or connective opens it."""
    first = part.split(" ", 1)[0].lower().strip(",;:")
    return first in _DANGLING or first in _CONNECTIVES


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
            advice = 0.15 if words & ADVICE else 0.0
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
    return in_context(source.title, source.section, sentence.text)


def in_context(title: str, section: str, text: str) -> str:
    """A sentence as ``rerank`` reads it: under its document title and section."""
    return f"{title} — {section}\n{text}"


def pick(ranked: list[Sentence], n: int, used: set[str]) -> list[Sentence]:
    """The first n sentences not used yet and not near-duplicates of each other."""
    chosen: list[Sentence] = []
    for sentence in ranked:
        if len(chosen) == n:
            break
        if sentence.text in used or any(similar(sentence.text, c.text) for c in chosen):
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


def similar(a: str, b: str) -> bool:
    ta, tb = terms(a), terms(b)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > 0.6
