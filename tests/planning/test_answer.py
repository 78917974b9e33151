"""The offline chat answer: intent from cue words, sentences that serve it, a direct answer
first, dependent sentences kept with the one before, "related" when nothing answers."""

from __future__ import annotations

import re

import pytest

from assistant.planning.answer import compose_answer, detect
from assistant.planning.evidence import sentences
from tests.planning.test_evidence import passage


@pytest.mark.parametrize(
    ("question", "intents"),
    [
        ("Which errors do people make with podcasts?", ["avoid"]),  # errors: what to avoid
        ("Is there anything I shouldn't say in a webinar?", ["avoid"]),  # a negated modal
        ("How frequently should a CFO blog?", ["frequency"]),  # "frequently"
        ("How long should a town hall video be?", ["frequency"]),  # a duration
        ("Where do I begin with newsletters?", ["start"]),  # "begin"
        ("Why would an executive join Bluesky?", ["reason"]),  # "why"
        ("Is a podcast worth the effort?", ["reason"]),  # "worth"
        ("Which KPIs tell me a webinar went well?", ["measure"]),  # an acronym for metrics
        ("How can I tell whether my newsletter is working?", ["measure"]),  # "is working"
        ("Tell me about podcasts.", []),  # no cue: plain relevance
    ],
)
def test_intent_from_cue_words(question, intents):
    assert [i.name for i in detect(question)] == intents


GUIDANCE = [
    passage(1, "Podcast guidance", "Podcasts reach commuters who rarely read long posts. "
            "Record one episode a month and keep it under thirty minutes. Never read a script "
            "word for word, because listeners hear it at once.", "Podcast basics", 0.6),
    passage(2, "Podcast guidance", "A guest spot on an established show reaches a new "
            "audience quickly. Prepare three stories before the recording. These give the "
            "host something to ask about.", "Guest appearances", 0.55),
]
CITED = re.compile(r"\[S\d+(?:, S\d+)*\]$")


def answer(question: str, passages=GUIDANCE) -> str:
    return "".join(compose_answer(question, passages, None))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # how often -> the sentence that gives a frequency
        ("How often should I record a podcast episode?", "Record one episode a month"),
        # what to avoid -> the don't
        ("What should I avoid when I read a podcast script?", "Never read a script"),
    ],
)
def test_the_answer_serves_the_question_and_opens_with_a_direct_answer(question, expected):
    text = answer(question)
    first, rest = text.split("\n", 1)
    assert first.startswith("In short: ") and expected in first and CITED.search(first)
    bullets = [line for line in rest.splitlines() if line.startswith("- ")]
    assert bullets and expected in bullets[0]
    assert all(CITED.search(line) for line in bullets)


def test_a_dependent_sentence_stays_with_the_one_before():
    text = answer("How should I prepare stories before a podcast recording as a guest?")
    line = next(x for x in text.splitlines() if "These give the host" in x)
    assert "Prepare three stories before the recording. These give the host" in line


def test_when_nothing_serves_the_intent_the_guidance_is_shown_as_related():
    only_reasons = [passage(1, "Podcast guidance", "Podcasts reach commuters who rarely read "
                            "long posts, because audio fits a journey.", "Why podcasts", 0.6)]
    text = answer("How often should I publish a podcast?", only_reasons)
    assert text.startswith("The approved guidance does not answer this directly")
    assert "In short" not in text and CITED.search(text.splitlines()[-1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence opening with "These" is joined to the one before, not dropped
        ("Keep a backlog of three drafts ready. These cover a crowded week without a gap.",
         ["Keep a backlog of three drafts ready. These cover a crowded week without a gap."]),
        # "However, …" leans on the sentence before too
        ("Post twice a week on most platforms. However, a quiet week does little harm.",
         ["Post twice a week on most platforms. However, a quiet week does little harm."]),
        # every sentence of a bold list item carries its term, not just the first
        ("- **Document posts.** A PDF carousel of five slides works well. Upload the file to "
         "the platform rather than linking to another site.",
         ["Document posts: A PDF carousel of five slides works well.",
          "Document posts: Upload the file to the platform rather than linking to another "
          "site."]),
    ],
)
def test_sentences_keep_what_they_depend_on(text, expected):
    assert sentences(text, "Formats") == expected
