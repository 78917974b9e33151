"""The guardrail screens feedback, notes and open questions before they are stored, and again
before they reach a prompt: personal data is redacted, credentials are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.journeys import Refused
from assistant.planning.carryover import OPEN_QUESTIONS_TITLE
from tests.journeys.conftest import TODAY, TOPIC, make_journeys, make_world
from tests.planning.conftest import fake_llm, sample_draft

EMAIL = "erik.berg@example.com"
KEY = "AKIAIOSFODNN7EXAMPLE"  # an AWS access key id (the documented example)


@pytest.fixture
def session(world):
    drafted = world.journeys.draft_next(world.mine.id, "maya", TOPIC, 30)
    assert drafted.session is not None
    return drafted.session.id


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("helped", f"the examples; mail me at {EMAIL}"),  # an email in what helped
        ("change", f"send slides to {EMAIL} next time"),  # an email in what to change
    ],
)
def test_personal_data_in_feedback_is_redacted_before_storage(world, session, field, text):
    world.journeys.rate(session, "erik", 4, **{field: text})
    stored = world.journeys.feedback(session, "ada").executive
    assert EMAIL not in getattr(stored, field) and "REDACTED" in getattr(stored, field)


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("rate", ("erik", 4, f"my key is {KEY}", "")),  # a credential in feedback
        ("record_notes", ("maya", ["1"], [], [f"Why does {KEY} not work?"])),  # in a question
    ],
)
def test_credentials_are_refused_and_nothing_is_stored(world, session, call, args):
    with pytest.raises(Refused) as refused:
        getattr(world.journeys, call)(session, *args)
    assert KEY not in str(refused.value) and str(refused.value)
    feedback = world.journeys.feedback(session, "ada")
    assert feedback.executive is None and feedback.mentor is None


def test_open_questions_are_redacted_before_storage(world, session):
    notes = world.journeys.record_notes(session, "maya", ["1"], [],
                                        [f"Can {EMAIL} post for me?"])
    assert EMAIL not in notes.open_questions[0]


def test_goal_texts_and_comments_are_screened(world):
    j = world.journeys
    goal = j.add_goal(world.mine.id, "erik", f"Answer {EMAIL} within one day",
                      TODAY + dt.timedelta(days=10))
    assert EMAIL not in goal.text
    with pytest.raises(Refused):
        j.update_goal(goal.id, "erik", 10, f"token {KEY}")


def test_the_llm_sees_only_screened_carried_over_text(synced_services, tmp_path):
    """Feedback reaches the prompt only after screening; the LLM plan also opens with the
    open questions, like the offline composer's."""
    llm, model = fake_llm(sample_draft())
    journeys = make_journeys(synced_services, f"sqlite:///{tmp_path / 'j.db'}", llm)
    world = make_world(journeys)
    first = journeys.draft_next(world.mine.id, "maya", TOPIC, 30)
    journeys.record_notes(first.session.id, "maya", ["1"], ["2"],
                          ["What should I post about first?"])
    journeys.rate(first.session.id, "erik", 2, "", f"write to {EMAIL} before we meet")
    model.calls.clear()
    second = journeys.draft_next(world.mine.id, "maya", TOPIC, 30)
    sent = model.sent()
    assert "What should I post about first?" in sent and "rated 2/5" in sent
    assert EMAIL not in sent
    plan = second.result.plan
    assert plan is not None and second.result.provider == "openai:fake"
    assert plan.agenda[0].title == OPEN_QUESTIONS_TITLE
    assert sum(s.minutes for s in plan.agenda) == 30
