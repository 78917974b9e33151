"""Follow-up questions from cited headings, answers as plain text, reading cited passages."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge.metadata import NEVER
from assistant.knowledge.store import StoredChunk
from assistant.planning.followups import follow_ups, phrase, plain_text
from assistant.planning.passages import GONE, read_passages
from assistant.planning.plan import Source

LINKEDIN = "LinkedIn strategy for executives"
QUESTION = "How often should an executive post on LinkedIn?"


def source(section: str, title: str = LINKEDIN, number: int = 1, chunk: str = "c1") -> Source:
    return Source(id=f"S{number}", chunk_id=chunk, doc_id="doc", title=title, section=section,
                  label=f"{title} — {section}")


@pytest.mark.parametrize(
    ("heading", "title", "expected"),
    [
        # a plain heading: asked about, in quotes, with its document
        ("Common mistakes", LINKEDIN, f"What does “{LINKEDIN}” say about “Common mistakes”?"),
        # an imperative heading reads well in quotes too
        ("Use a risk ladder", "Taking risks",
         "What does “Taking risks” say about “Use a risk ladder”?"),
        # a heading that starts with a question word becomes that question
        ("What to avoid", LINKEDIN, f"What to avoid, according to “{LINKEDIN}”?"),
        # a heading that is a question already is kept
        ("Should I reply to every comment?", LINKEDIN, "Should I reply to every comment?"),
        # the overview (no heading, or the title as heading) asks for the main points
        ("", LINKEDIN, f"What are the main points of “{LINKEDIN}”?"),
        (LINKEDIN, LINKEDIN, f"What are the main points of “{LINKEDIN}”?"),
        # no title: nothing to ask
        ("Posting rhythm", "", ""),
    ],
)
def test_phrase(heading, title, expected):
    assert phrase(heading, title) == expected


def test_follow_ups_skip_what_was_asked_keep_order_and_stop_at_three():
    cited = [source("Posting rhythm"),  # "how often ... post": asked already
             source("Common mistakes", number=2, chunk="c2"),
             source("Common mistakes", number=3, chunk="c3")]  # a duplicate question
    related = [source("Find your voice", "Personal branding", 4, "c4"),
               source("Measure what matters", "Measuring", 5, "c5"),
               source("Tone of voice", "Digital etiquette", 6, "c6")]
    assert follow_ups(QUESTION, cited, related) == [
        f"What does “{LINKEDIN}” say about “Common mistakes”?",
        "What does “Personal branding” say about “Find your voice”?",
        "What does “Measuring” say about “Measure what matters”?",
    ]


def test_an_overview_of_the_document_asked_about_is_not_offered():
    assert follow_ups(QUESTION, [source("")]) == []


@pytest.mark.parametrize(
    ("text", "citations", "expected"),
    [
        # emphasis is dropped, sources follow with their labels
        ("In short: **post** twice a week [S1].", [source("Posting rhythm")],
         f"In short: post twice a week [S1].\n\nSources:\n[S1] {LINKEDIN} — Posting rhythm"),
        # no citations: the text alone
        ("There is no approved guidance.", [], "There is no approved guidance."),
    ],
)
def test_plain_text(text, citations, expected):
    assert plain_text(text, citations) == expected


# ---- through the chat ------------------------------------------------------------------------


def test_an_answer_offers_follow_ups_that_lead_to_their_sections(make_chat):
    chat = make_chat()
    answer = chat.ask(QUESTION, "exec")
    assert 2 <= len(answer.follow_ups) <= 3
    assert QUESTION not in answer.follow_ups
    assert answer.as_dict()["follow_ups"] == answer.follow_ups
    # the cited heading answers the question itself, so it is not offered again
    assert phrase(answer.citations[0].section, LINKEDIN) not in answer.follow_ups
    for question in answer.follow_ups[:2]:
        title, heading = named(question)
        asked = chat.ask(question, "exec")
        assert any((c.title, c.section) == (title, heading) for c in asked.citations)


def named(question: str) -> tuple[str, str]:
    """The document title and heading a follow-up names."""
    found = re.fullmatch(r"What does “(.+)” say about “(.+)”\?", question)
    if found:
        return found.group(1), found.group(2)
    found = re.fullmatch(r"(.+), according to “(.+)”\?", question)
    assert found, question
    return found.group(2), found.group(1)


def test_no_follow_ups_without_guidance_or_when_blocked(make_chat):
    chat = make_chat()
    assert chat.ask("What is the best lasagne recipe?", "exec").follow_ups == []
    blocked = chat.ask("my api key is sk-proj-abcdefghijklmnopqrstuvwxyz123456", "exec")
    assert blocked.blocked and blocked.follow_ups == []
    assert blocked.plain_text() == blocked.message


def test_the_latest_answer_of_a_chat(make_chat, synced_services):
    chat = make_chat()
    answer = chat.ask(QUESTION, "exec")
    latest = chat.latest(answer.chat_id, "exec")
    assert latest.plain == answer.plain_text() and "Sources:\n[S1]" in latest.plain
    assert latest.follow_ups == answer.follow_ups  # the same after the chat is reopened
    stored = {c.id: c.text for c in synced_services.store.get(
        [s.chunk_id for s in answer.citations])}
    assert [p.text for p in latest.passages] == [stored[s.chunk_id] for s in answer.citations]


class Store:
    """A chunk store with fixed chunks (a unit-test fake)."""

    def __init__(self, *chunks: StoredChunk) -> None:
        self.chunks = {c.id: c for c in chunks}

    def get(self, ids: list[str]) -> list[StoredChunk]:
        return [self.chunks[i] for i in ids if i in self.chunks]


def chunk(chunk_id: str, text: str, **meta: object) -> StoredChunk:
    return StoredChunk(chunk_id, text, {"status": "approved", "flagged": False,
                                        "valid_until": NEVER, **meta})


@pytest.mark.parametrize(
    ("stored", "text", "available"),
    [
        # an approved chunk is shown as stored
        (chunk("c1", "Post twice a week."), "Post twice a week.", True),
        # a personal detail in it is redacted at the context stage
        (chunk("c1", "Write to jane.roe@example.org first."), None, True),
        # a chunk whose document was withdrawn is not shown
        (chunk("c1", "Old advice.", status="draft"), GONE, False),
        # a flagged chunk is not shown
        (chunk("c1", "Old advice.", flagged=True), GONE, False),
        # an expired chunk is not shown
        (chunk("c1", "Old advice.", valid_until=20200101), GONE, False),
        # a chunk that is gone
        (None, GONE, False),
    ],
)
def test_read_passages(synced_services, stored, text, available):
    store = Store(*([stored] if stored else []))
    [found] = read_passages(store, synced_services.guardrail, [source("x")], "exec")  # type: ignore[arg-type]
    assert found.available is available
    if text is None:
        assert "jane.roe@example.org" not in found.text and "Write to" in found.text
    else:
        assert found.text == text
