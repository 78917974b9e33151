"""Topic phrases and the template sentences built from them, over many kinds of topic.

Plans are composed from a fixed set of synthetic passages (no retrieval), so every topic gets
a plan and only the wording is under test.
"""

from __future__ import annotations

import re

import pytest

from assistant.planning.composer import Evidence, compose
from assistant.planning.evidence import similar
from assistant.planning.phrasing import article, phrases
from assistant.planning.plan import PlanRequest
from tests.planning.conftest import TODAY
from tests.planning.test_evidence import CORPUS

TOPICS = [
    # short names, platforms and acronyms
    "LinkedIn", "TikTok", "YouTube Shorts", "X (Twitter)", "Threads", "AI", "KPIs", "GenAI",
    "Gen Z", "Slack", "Instagram for leaders", "Google+",
    # noun phrases, lower and title case
    "content calendar", "digital etiquette", "Accessibility", "employee-generated content",
    "Personal branding for executives", "Measuring social media performance",
    "Broadcast channels and private communities",
    # gerund phrases
    "Using generative AI tools safely at work", "Responding to a social media crisis",
    "Replying to comments", "Avoiding digital burnout", "taking measured risks on social media",
    "Setting goals for our mentoring pair", "Working with creators and influencers",
    "giving and receiving feedback upward", "Being quoted correctly by AI answer engines",
    "Balancing reverse and traditional mentoring",
    # questions
    "How do I measure whether my posts are working?", "What should I avoid posting during a "
    "crisis?", "How can we get more young people to read our internal updates?",
    "Should I be on X?", "What is social search?", "How to start on TikTok",
    "Why do short videos matter for a bank?",
    # long descriptions
    "short-form video production on a phone with a clip-on microphone and a small tripod for "
    "a busy executive who travels a lot",
    "building an authentic personal brand on LinkedIn without sounding like a press release",
    "how our leadership team can use Teams channels instead of endless email chains",
    # non-English names and mixed case
    "Mitarbeiterkommunikation auf LinkedIn", "Réseaux sociaux pour dirigeants", "WeChat",
    "Xiaohongshu (RedNote)", "Social search among Gen Z (TikTok as a search engine)",
]
ROLES = ["CEO", "Head of Legal", "Operations Director", "Chief Marketing Officer", "HR lead"]
FAMILIARITY = ["new", "beginner", "intermediate", "advanced"]
DOUBLED = re.compile(r"\b(\w{3,})\W+(?:\w+\W+)?\1\b", re.IGNORECASE)
MID_CAPITAL = re.compile(r"(?<=[a-z,] )(?:[A-Z][a-z]+ing|How|What|Why|When|Should|Can|Do|Is)\b"
                         r"(?!\s+[A-Z])")


def template_sentences(plan) -> list[str]:
    out = [*plan.objectives, *plan.discussion_questions, *plan.feedback_questions]
    for segment in plan.agenda:
        out += [segment.purpose, *segment.activities]
    out += [*plan.exercise.instructions, plan.exercise.deliverable]
    return out + [f.action for f in plan.follow_up]


def test_there_are_at_least_forty_varied_topics():
    assert len(set(TOPICS)) >= 40


@pytest.mark.parametrize("topic", TOPICS)
def test_any_topic_reads_grammatically_in_the_templates(topic):
    i = TOPICS.index(topic)
    request = PlanRequest(topic=topic, mentee_role=ROLES[i % len(ROLES)], minutes=45,
                          goals=["post once a week"] if i % 2 else [],
                          familiarity=FAMILIARITY[i % len(FAMILIARITY)])
    plan = compose(request, Evidence(CORPUS, []), TODAY)
    sentences = template_sentences(plan)
    raw = topic.lower()
    for sentence in sentences:
        # a long topic is never pasted into a sentence; none is pasted as a question
        if len(topic.split()) >= 5 or topic.endswith("?"):
            assert raw not in sentence.lower(), sentence
        assert not DOUBLED.search(sentence), sentence  # "at work can work for"
        assert not MID_CAPITAL.search(sentence), sentence  # "how they use Using …"
        assert not re.search(r"\?\s*[a-z,.]", sentence), sentence  # a question mid-sentence
        assert not re.search(r"\ba (?:[aei]|o(?!ne))", sentence), sentence  # "a Operations …"
    # each objective says something different
    objectives = plan.objectives
    assert len(objectives) >= 3
    for a in range(len(objectives)):
        for b in range(a + 1, len(objectives)):
            assert not similar(objectives[a], objectives[b]), (objectives[a], objectives[b])


@pytest.mark.parametrize(
    ("topic", "subject", "label", "platform"),
    [
        # a gerund phrase: qualifier and adverb dropped from the label
        ("Using generative AI tools safely at work", "using generative AI tools safely at work",
         "generative AI tools", "AI"),
        # a question becomes a gerund phrase in the third person
        ("How do I plan my posts?", "planning their posts", "planning their posts", ""),
        # "what is" keeps the noun phrase
        ("What is social search?", "social search", "social search", ""),
        # a name keeps its capitals; the following part of the name is kept with it
        ("YouTube Shorts", "YouTube Shorts", "YouTube Shorts", "YouTube Shorts"),
        # an acronym keeps its case, and is label enough without its qualifier
        ("KPIs for a CFO", "KPIs for a CFO", "KPIs", "KPIs"),
        # a plain first word is lower-cased
        ("Accessibility in video", "accessibility in video", "accessibility in video", ""),
        # a long description is cut to its core
        ("short-form video production on a phone with a tripod", "short-form video production "
         "on a phone with a tripod", "short-form video production", ""),
        # a parenthesis is dropped
        ("X (formerly Twitter)", "X", "X", "X"),
        # "being" from "be", not "bing"
        ("Should I be on X?", "being on X", "being on X", "X"),
    ],
)
def test_topic_phrases(topic, subject, label, platform):
    said = phrases(topic)
    assert (said.subject, said.label, said.platform) == (subject, label, platform)
    assert len(said.label.split()) <= 4


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("CEO", "a"),  # "see": a consonant sound
        ("Operations Director", "an"),  # a vowel
        ("HR lead", "an"),  # an acronym read "aitch"
        ("Head of Legal", "a"),  # a sounded h
        ("University liaison", "a"),  # "you"
        ("MD", "an"),  # "em-dee"
        ("Umbrella-brand owner", "an"),  # a short u
    ],
)
def test_articles(role, expected):
    assert article(role) == expected
