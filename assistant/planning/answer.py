"""The offline chat answer: sentences that answer the question's intent, from the passage
that answers it best, opened by a one-line direct answer assembled from them.

Intent comes from cue words of the question (what to avoid, how often, how to start, why,
how to measure); a sentence that serves it (a warning, a frequency, a first step, a reason, a
metric) scores higher. When no sentence is close enough to the question, the answer says so
and shows the closest guidance as related. Every line carries its citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.knowledge.embeddings import Embedder
from assistant.planning.evidence import Passage, Sentence, rank_sentences, rerank, similar


@dataclass(frozen=True)
class Intent:
    """What a question asks for: cue words in the question, and what answers it."""

    name: str
    question: re.Pattern[str]
    answer: re.Pattern[str]


def _cues(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_FREQUENCY = (r"\b(?:once|twice|daily|weekly|monthly|quarterly|fortnightly|yearly|"
              r"(?:a|per|every|each) (?:\w+ )?(?:day|week|fortnight|month|quarter|year|session)s?|"
              r"times? a|within (?:a|an|the|\w+) \w+|"
              r"(?:one|two|three|four|five|six|ten|twenty|thirty|sixty|\d+)(?: (?:to|or) \w+)? "
              r"[a-z]+)\b")
INTENTS = [
    Intent("avoid", _cues(r"\b(?:avoid\w*|mistakes?|pitfalls?|wrong|shouldn['’]?t|never|"
                          r"risks?|risky|dangers?|careful|don['’]?t|not (?:do|post|say|use|"
                          r"share)|stay away|errors?|traps?)\b"),
           _cues(r"\b(?:never|avoid\w*|do not|don['’]t|stop|mistakes?|pitfalls?|"
                 r"not (?:use|post|share|paste|delete)|instead of|rather than)\b")),
    Intent("frequency", _cues(r"\bhow (?:often|frequently|many times|regularly|much time|"
                              r"long|quickly|soon|many)\b|\bfrequen\w*|\bcadence\b|\brhythm\b|"
                              r"\bper (?:day|week|month)\b"), _cues(_FREQUENCY)),
    Intent("start", _cues(r"\b(?:start\w*|begin\w*|first steps?|get going|set(?:ting)? up|"
                          r"prepar\w*|kick off|get started|onboard\w*)\b"),
           _cues(r"\b(?:first|start\w*|begin\w*|before|install\w*|set up|step one|initial|"
                 r"introduc\w*)\b")),
    Intent("reason", _cues(r"^why\b|\bwhy (?:do|does|should|is|are|would)\b|\breasons?\b|"
                           r"\bbenefits?\b|\bworth\b|\bpoint of\b|\bbother\b"),
           _cues(r"\b(?:because|so that|since|reason|helps?|means|matters?|builds?|"
                 r"trust\w*|worth|more (?:than|likely)|works? better|beats?|value)\b")),
    Intent("measure", _cues(r"\b(?:measur\w*|metrics?|kpis?|track\w*|analytics|is working|"
                            r"are working|it working|success\w*|tell (?:if|whether)|"
                            r"know (?:if|whether)|calculat\w*)\b"),
           _cues(r"\b(?:measur\w*|metrics?|rate|track\w*|watch time|analytics|insights|"
                 r"completion|reach|engagements?|saves|shares|signals?|baseline|counts?|"
                 r"percentage|numbers|divided)\b")),
]
INTENT_WEIGHT = 0.2  # added to a sentence's score (cosine-based) when it serves the intent
SAME_PASSAGE = 0.15  # sentences of the best passage this close to the best one join it
OTHER_PASSAGE = 0.05  # a sentence of another passage must be nearly as good as the best
ANSWER_FLOOR = 0.45  # below this score nothing answers the question: show it as related
MAX_SENTENCES = 3
SUMMARY_WORDS = 32
LEAD = re.compile(r"^([A-Z][^:.!?]{1,60}): (?=[A-Z\"“0-9])")


def detect(question: str) -> list[Intent]:
    """The intents a question's cue words signal, in order of INTENTS."""
    return [i for i in INTENTS if i.question.search(question)]


def serves(intent: Intent, sentence: Sentence) -> bool:
    """A sentence (read with its section heading) that gives what the intent asks for."""
    return bool(intent.answer.search(f"{sentence.passage.source.section}: {sentence.text}"))


def choose(query: str, passages: list[Passage],
           embedder: Embedder | None) -> tuple[list[Sentence], bool]:
    """The sentences that answer the query, best first, and whether they answer it (False:
    only related guidance was found)."""
    ranked = rank_sentences(passages, query)
    if embedder is not None:
        ranked = rerank(ranked, query, embedder)
    if not ranked:
        return [], False
    intents = detect(query)
    scored = sorted((Sentence(s.text, s.passage, round(
        s.score + INTENT_WEIGHT * sum(serves(i, s) for i in intents) - _general(s), 6))
        for s in ranked), key=lambda s: (-s.score, s.passage.rank, s.text))
    best = scored[0]
    answers = (best.score >= ANSWER_FLOOR if embedder is not None else True) and (
        not intents or any(serves(i, best) for i in intents))
    chosen = [best]
    for sentence in scored[1:]:
        if len(chosen) == MAX_SENTENCES:
            break
        margin = SAME_PASSAGE if sentence.passage.id == best.passage.id else OTHER_PASSAGE
        if sentence.score >= best.score - margin and not any(
                similar(sentence.text, c.text) or sentence.text in c.text or c.text in
                sentence.text for c in chosen):
            chosen.append(sentence)
    return chosen, answers


def _general(sentence: Sentence) -> float:
    """Less for what rarely answers a question: a question itself, and a document's overview
    (the passage before its first section) when its sections are there to answer."""
    source = sentence.passage.source
    overview = not source.section or source.section == source.title
    return (0.1 if sentence.text.endswith("?") else 0.0) + (0.1 if overview else 0.0)


def summary(chosen: list[Sentence]) -> str:
    """One line assembled from the chosen sentences: the main clause of the best one, and of
    the next one when both are short."""
    clauses = [_main_clause(s.text) for s in chosen if not s.text.endswith("?")][:2]
    clauses = clauses or [_main_clause(chosen[0].text)]
    line = clauses[0]
    if len(clauses) > 1 and len(f"{line} {clauses[1]}".split()) <= SUMMARY_WORDS:
        line = f"{line.rstrip('.')}; {clauses[1][:1].lower() + clauses[1][1:]}" \
            if not _proper_start(clauses[1]) else f"{line.rstrip('.')}; {clauses[1]}"
    return line if line.endswith((".", "!", "?")) else line + "."


def compose_answer(query: str, passages: list[Passage],
                   embedder: Embedder | None) -> Iterator[str]:
    """The offline answer as text pieces: a direct answer, then the cited sentences in the
    order they appear in the guidance."""
    chosen, answers = choose(query, passages, embedder)
    if not chosen:
        top = passages[0]
        yield f"From the approved guidance:\n- {top.text[:400].strip()} [{top.id}]\n"
        return
    if not answers:
        yield ("The approved guidance does not answer this directly. The closest related "
               "guidance:\n")
    else:
        ids = ", ".join(dict.fromkeys(s.passage.id for s in chosen[:2]))
        yield f"In short: {summary(chosen)} [{ids}]\n\nFrom the approved guidance:\n"
    for sentence in _reading_order(chosen):
        yield f"- {sentence.text} [{sentence.passage.id}]\n"


def _reading_order(chosen: list[Sentence]) -> list[Sentence]:
    """The best passage's sentences first, each passage's in the order of its text."""
    def position(s: Sentence) -> tuple[int, int]:
        first = next(i for i, c in enumerate(chosen) if c.passage.id == s.passage.id)
        return first, s.passage.text.replace("**", "").find(LEAD.sub("", s.text)[:40])
    return sorted(chosen, key=position)


def _main_clause(text: str) -> str:
    body = LEAD.sub("", text)
    if len(body.split()) <= SUMMARY_WORDS // 2:
        return body
    for mark in (". ", "; ", " — ", ": ", ", because ", ", so ", ", which "):
        head = body.split(mark, 1)[0]
        if mark in body and len(head.split()) >= 4:
            return head.rstrip(",") + "."
    return body


def _proper_start(text: str) -> bool:
    word = text.split(" ", 1)[0]
    return len(word) > 1 and (word.isupper() or any(c.isupper() for c in word[1:]))
