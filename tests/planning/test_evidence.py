"""Sentence selection: names a sentence is about, warning cues, near-duplicates, determinism.

Synthetic passages (not the seed corpus) and a bag-of-words fake embedder keep these fast.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from assistant.planning.evidence import Passage, terms
from assistant.planning.plan import Source
from assistant.planning.selection import Selector, embed, subtopics
from assistant.planning.signals import Names, is_privacy, is_strong_warning, is_warning


def passage(n: int, title: str, text: str, section: str = "", similarity: float = 0.5) -> Passage:
    source = Source(id=f"S{n}", chunk_id=f"doc{n}::v1::0000", doc_id=f"doc{n}", title=title,
                    section=section or title, source=f"doc{n}.md", version="v1", label=title)
    return Passage(source, text, similarity, n - 1)


class BagOfWords:
    """A deterministic fake embedder: hashed stemmed words, unit length; counts its calls."""

    name = "bag-of-words"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in terms(text):
                out[row, zlib.crc32(word.encode()) % 64] += 1.0
        return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-9, None)


# A small corpus in the shape of real guidance: one note per platform, one cross-platform note.
CORPUS = [
    passage(1, "Glimmer strategy for leaders", "Glimmer rewards a steady weekly rhythm of "
            "posts from leaders. Post on Glimmer at least once a week, on fixed days. Never "
            "post the same update on Glimmer twice in one day. Avoid walls of hashtags on "
            "every post you write.", "How often to post", 0.62),
    passage(2, "Vistagram strategy for leaders", "Vistagram tolerates longer silences than "
            "Glimmer does, so bursts around events are fine. Two or three Vistagram posts a "
            "week are plenty for a busy leader.", "Rhythm", 0.58),
    passage(3, "Short video trends", "Short vertical video now dominates across Vistagram, "
            "Zoomly and increasingly Glimmer as well. Videos that answer one specific question "
            "keep performing well for months.", "Short video trends", 0.55),
    passage(4, "Glimmer strategy for leaders", "Post on Glimmer at least once a week, on "
            "fixed days. Glimmer posts with a document carousel every week get saved and shared "
            "most.", "Formats that work", 0.60),
]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a platform opening the sentence is what it is about
        ("Vistagram tolerates longer silences than Glimmer does, so bursts are fine.",
         "vistagram"),
        # the thing it is compared with is not the subject
        ("Unlike Vistagram, Glimmer rewards a steady weekly rhythm.", "glimmer"),
        # a platform late in a list is not the subject
        ("Short vertical video now dominates across Vistagram, Zoomly and Glimmer.", None),
        # a lead such as "Formats: " is skipped for the subject after it
        ("Formats that work: Zoomly clips should be under a minute long.", "zoomly"),
        # an ordinary capitalised opening word is not a name
        ("Post on Glimmer at least once a week, on fixed days.", "glimmer"),
        # no names at all
        ("Leave at least a day between posts so each collects comments.", None),
    ],
)
def test_the_subject_of_a_sentence_is_the_name_it_opens_with(text, subject):
    names = Names(CORPUS, "Glimmer")
    assert names.subject(text) == subject


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # a name used by the evidence, typed in lower case, is still a name
        ("glimmer for finance leaders", {"glimmer"}),
        # inner capitals and acronyms are names even when the evidence lacks them
        ("FooBar and AI at work", {"foobar", "ai"}),
        # a plain topic names nothing: no subject filter applies
        ("Posting rhythm for busy leaders", set()),
        # a gerund opening the topic is not a name
        ("Measuring short video", set()),
    ],
)
def test_names_in_a_request(request_text, expected):
    assert Names(CORPUS, request_text).requested(request_text) == expected


@pytest.mark.parametrize(
    ("text", "warning", "strong"),
    [
        ("Never paste unreleased figures into a draft.", True, True),  # never
        ("Avoid walls of hashtags on every post.", True, True),  # avoid
        ("Posting twice a day cannibalises reach.", True, True),  # a harm verb
        ("A gap of a month is more damaging than a weak post.", True, True),  # damage
        ("Do not repost a television advert.", True, True),  # do not
        ("Upload the file rather than posting a link.", True, False),  # a soft contrast
        ("No wall of hashtags; two or three at most.", True, False),  # a bare negation
        ("Real photos from real moments work well.", False, False),  # advice, not a warning
        ("Ask them what they stop scrolling for.", False, False),  # 'stop' alone is no warning
    ],
)
def test_warning_cues(text, warning, strong):
    assert is_warning(text) is warning
    assert is_strong_warning(text) is strong


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # privacy in the heading
        ("Keeping information private in sessions", "Use invented examples.", True),
        # privacy words twice in the text
        ("Session hygiene", "Close confidential files and never show credentials.", True),
        # one passing mention is not a privacy passage
        ("Executives try new apps", "Executives try apps and share their screens.", False),
    ],
)
def test_privacy_passages(title, text, expected):
    assert is_privacy(passage(9, title, text)) is expected


def test_topics_split_into_parts():
    # "A and B" is two parts, each a set of stemmed terms
    assert subtopics("Glimmer and short-form video") == [{"glimmer"}, {"short-form", "video"}]


@pytest.mark.parametrize("embedder", [None, BagOfWords()], ids=["by words", "by meaning"])
def test_a_single_platform_request_keeps_to_that_platform(embedder):
    select = Selector(CORPUS, "Glimmer. Post every week", "Glimmer", "CFO", embedder)
    texts = [s.text for s in select.take(10)]
    # the Vistagram note is about another platform: left out, and so are its sentences
    assert "S2" not in {p.id for p in select.relevant}
    assert not any(t.startswith("Vistagram") for t in texts)
    # a cross-platform note whose sentence is about video, not about Vistagram, stays
    assert any(t.startswith("Short vertical video") for t in texts)
    # the same sentence in two retrieved chunks is offered once
    assert len(texts) == len(set(texts))


def heads(taken):
    return {(s.passage.source.doc_id, s.passage.source.section) for s in taken}


@pytest.mark.parametrize("embedder", [None, BagOfWords()], ids=["by words", "by meaning"])
def test_themes_spread_points_over_headings(embedder):
    plain = Selector(CORPUS, "Glimmer. Post every week", "Glimmer", "", embedder).take(3)
    themed = Selector(CORPUS, "Glimmer. Post every week", "Glimmer", "", embedder).take(
        3, themes=True)
    # one point per heading first (among points nearly as good as the best): more sub-topics
    assert len(heads(themed)) >= max(2, len(heads(plain)))


def test_near_duplicates_are_never_taken():
    select = Selector(CORPUS, "Glimmer. Post every week", "Glimmer", "", BagOfWords())
    taken = select.take(3, themes=True)
    vectors = BagOfWords().embed([s.text for s in select.take(10)] + [s.text for s in taken])
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0)
    assert similarity.max() <= 0.85  # nothing taken twice, nothing said twice


def test_pitfalls_need_a_warning_and_selection_is_deterministic():
    def run() -> list[str]:
        select = Selector(CORPUS, "Glimmer. Post every week", "Glimmer", "", BagOfWords())
        return [s.text for s in select.take(2, "pitfall", need=is_warning)]

    first = run()
    assert first and all(is_warning(t) for t in first)
    assert run() == first  # same input, same choice


def test_one_embedding_call_per_plan_and_vectors_are_reused():
    embedder = BagOfWords()
    Selector(CORPUS, "Glimmer", "Glimmer", "", embedder, {"open": "Why Glimmer matters."})
    assert len(embedder.calls) == 1  # the request, the intents and every sentence: one batch
    Selector(CORPUS, "Glimmer", "Glimmer", "", embedder, {"open": "Why Glimmer matters."})
    assert len(embedder.calls) == 1  # the same texts again: their vectors are kept
    assert np.allclose(embed(embedder, ["a b c"]), embedder.embed(["a b c"]))
