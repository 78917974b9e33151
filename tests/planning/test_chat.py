"""Follow-up chat: relevance threshold (both sides), rewriting, citations, streaming, storage."""

from __future__ import annotations

import re

import pytest
import yaml

from assistant.planning.chat import NO_GUIDANCE
from assistant.planning.config import PlannerSettings
from assistant.planning.records import RecordError
from assistant.planning.streaming import CitationFilter
from tests.conftest import FIXTURES
from tests.planning.conftest import FIXTURES as PLANNING_FIXTURES
from tests.planning.conftest import fake_llm

ON_TOPIC = [q["question"] for q in yaml.safe_load(
    (FIXTURES / "retrieval_questions.yaml").read_text(encoding="utf-8"))]
OFF_TOPIC = yaml.safe_load((PLANNING_FIXTURES / "off_topic.yaml").read_text(encoding="utf-8"))
THRESHOLD = PlannerSettings().min_similarity


def top_similarity(retriever, question: str) -> float:
    hits = retriever.search(question, k=4)
    return max((h.similarity for h in hits if h.similarity is not None), default=0.0)


def test_the_threshold_sits_in_the_gap_between_on_and_off_topic(synced_services):
    """The default is the midpoint of the gap; both sides are checked on real retrieval."""
    retriever = synced_services.retriever
    on = [top_similarity(retriever, q) for q in ON_TOPIC]
    off = [top_similarity(retriever, q) for q in OFF_TOPIC]
    assert min(on) >= THRESHOLD, "an answerable question would be refused"
    assert max(off) < THRESHOLD, "an off-topic question would get an invented answer"
    assert abs(THRESHOLD - (min(on) + max(off)) / 2) < 0.03


@pytest.mark.parametrize(
    ("question", "grounded"),
    [
        ("How often should an executive post on LinkedIn?", True),  # answerable
        ("Can a business account use any trending song on TikTok?", True),  # answerable
        ("What is the best lasagne recipe?", False),  # off topic: honest refusal
        ("How do I repot an orchid?", False),  # off topic: honest refusal
    ],
)
def test_grounded_answers_or_an_honest_no_guidance(make_chat, question, grounded):
    llm, model = fake_llm("Post two or three times a week [S1].")
    answer = make_chat(llm).ask(question, "exec")
    assert answer.no_guidance is (not grounded)
    if grounded:
        assert answer.citations and "[S1]" in answer.text and len(model.calls) == 1
    else:
        assert answer.text == NO_GUIDANCE and not answer.citations and model.calls == []


def test_the_offline_answer_extracts_cited_sentences(make_chat):
    answer = make_chat().ask("How often should an executive post on LinkedIn?", "exec")
    assert "two or three original posts a week" in answer.text
    assert answer.citations[0].doc_id == "linkedin-strategy-for-executives"


@pytest.mark.parametrize(
    ("first", "follow_up", "carried"),
    [
        # "and ..." follow-up: the subject comes from the previous question
        ("How should an executive use LinkedIn?", "and how often should I post?", "LinkedIn"),
        # a pronoun refers back
        ("Should our CEO have a TikTok account?", "Can it use trending songs?", "TikTok"),
        # a standalone question is left alone
        ("How should an executive use LinkedIn?", "How do YouTube Shorts differ from TikTok "
         "videos for executives?", None),
    ],
)
def test_follow_ups_are_rewritten_into_standalone_queries(make_chat, first, follow_up, carried):
    chat = make_chat()
    answer = chat.ask(first, "exec")
    second = chat.ask(follow_up, "exec", chat_id=answer.chat_id)
    if carried:
        assert carried in second.query and second.query.startswith(follow_up)
    else:
        assert second.query == follow_up


def test_follow_up_finds_the_right_document(make_chat):
    chat = make_chat()
    first = chat.ask("How should an executive use LinkedIn?", "exec")
    second = chat.ask("and how often should I post?", "exec", chat_id=first.chat_id)
    assert second.citations[0].doc_id == "linkedin-strategy-for-executives"


def test_the_llm_rewrites_follow_ups_when_one_is_configured(make_chat):
    llm, model = fake_llm("standalone: LinkedIn posting frequency", "Twice a week [S1].")
    chat = make_chat(llm)
    first = chat.ask("How should an executive use LinkedIn?", "exec")
    model.calls.clear()
    model.responses[:] = ["LinkedIn posting frequency for executives", "Twice a week [S1]."]
    second = chat.ask("and how often?", "exec", chat_id=first.chat_id)
    assert second.query == "LinkedIn posting frequency for executives"
    assert "<history>" in str(model.calls[0]["messages"][0].content)


def test_answers_stream_in_pieces_through_the_output_guardrail(make_chat):
    # longer than the guardrail's held-back window, so safe text leaves before the end
    secret_answer = "Post twice a week [S1]. " * 40 + "Questions go to jane.doe@example.com [S1]."
    llm, _ = fake_llm(secret_answer)
    stream = make_chat(llm).stream("How often should an executive post on LinkedIn?", "exec")
    pieces = list(stream)
    assert len(pieces) >= 2
    text = "".join(pieces)
    assert "jane.doe@example.com" not in text and "Post twice a week [S1]." in text
    assert stream.answer is not None and stream.answer.text == text.strip()
    assert [w.stage for w in stream.answer.withheld] == ["output"]


def test_a_blocked_question_is_refused_without_a_call(make_chat):
    llm, model = fake_llm("unused")
    answer = make_chat(llm).ask("my api key is sk-proj-abcdefghijklmnopqrstuvwxyz123456", "exec")
    assert answer.blocked and model.calls == [] and "sk-proj" not in answer.text
    assert answer.withheld[0].categories == ["secrets"]


def test_chats_are_saved_per_user(make_chat):
    chat = make_chat()
    answer = chat.ask("How often should an executive post on LinkedIn?", "alice")
    messages = chat.history(answer.chat_id, "alice")
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].citations and messages[1].content == answer.text
    assert chat.chats.list("bob") == []
    with pytest.raises(RecordError):
        chat.history(answer.chat_id, "bob")
    with pytest.raises(RecordError):
        chat.ask("and how often?", "bob", chat_id=answer.chat_id)


@pytest.mark.parametrize(
    ("pieces", "expected", "used"),
    [
        (["Post weekly [S1]."], "Post weekly [S1].", ["S1"]),  # a valid marker is kept
        (["Post weekly [S9]."], "Post weekly .", []),  # never retrieved: dropped
        (["Post weekly [S", "1, S", "9]."], "Post weekly [S1].", ["S1"]),  # split marker
        (["Brackets [like this] stay."], "Brackets [like this] stay.", []),  # not a marker
        (["Ends with [S"], "Ends with [S", []),  # an unfinished marker is flushed at the end
        # renumbered in order of appearance: S2 met first reads S1, no gaps
        (["Reply [S2]. Post [S1]. Again [S2, S1]."], "Reply [S1]. Post [S2]. Again [S1, S2].",
         ["S2", "S1"]),
    ],
)
def test_citation_markers_are_filtered_even_when_split(pieces, expected, used):
    filt = CitationFilter({"S1", "S2"})
    out = "".join(filt.feed(p) for p in pieces) + filt.finish()
    assert out == expected and filt.used == used


@pytest.mark.parametrize(
    ("question", "expected", "absent"),
    [
        # pre-reading asked in plain words: the plan's pre-reading, without its own marks
        ("What do I need to read before our session?", "Read Doc.", "Write it."),
        # the exercise: its title, steps and deliverable
        ("What is the exercise about?", "Draft a post", "Read Doc."),
        # the agenda: segments with their minutes
        ("What is on the agenda?", "Ideas (20 min)", "Write it."),
        # a question about something else: no plan section
        ("How often should an executive post on LinkedIn?", None, "The plan's"),
        # a cue inside another word ("reading" in "proofreading") is not about the plan
        ("Does proofreading a LinkedIn caption matter before posting?", None, "The plan's"),
    ],
)
def test_answers_about_a_chosen_plan_draw_on_the_plan(make_chat, question, expected, absent):
    from assistant.planning.plan import SessionPlan
    from tests.planning.conftest import sample_plan

    chat = make_chat()
    stored = chat.plans.create(SessionPlan.model_validate(sample_plan()), "maya", "offline")
    answer = chat.ask(question, "maya", plan_id=stored.id)
    assert absent not in answer.text
    if expected:
        assert expected in answer.text and "The plan's" in answer.text
        assert "Read Doc. [S1]" not in answer.text  # the plan's marks are not this answer's
    without = chat.ask(question, "maya")  # the same question without a plan
    assert "The plan's" not in without.text


def test_chat_answers_number_their_sources_without_gaps(make_chat):
    answer = make_chat().ask("How often should an executive post on LinkedIn?", "exec")
    shown = list(dict.fromkeys(re.findall(r"S\d+", " ".join(re.findall(r"\[[S\d, ]+\]",
                                                                         answer.text)))))
    assert shown == [f"S{n}" for n in range(1, len(shown) + 1)] and shown
    assert [c.id for c in answer.citations] == shown  # the sources line matches the marks
