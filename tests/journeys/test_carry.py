"""next_request: the next plan request from a pair's history, built without retrieval."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.journeys.carry import Past, covered_chunks, familiarity, next_request
from assistant.journeys.views import (
    ExecutiveFeedback,
    Feedback,
    Goal,
    MentorNotes,
    Pair,
    Session,
)
from assistant.planning.plan import SessionPlan
from tests.planning.conftest import sample_plan

PAIR = Pair(1, "maya", "erik", "CFO", {"LinkedIn": "new", "TikTok": "advanced"}, "ada",
            dt.datetime(2026, 1, 1))
DUE = dt.date(2026, 6, 1)


def past(number: int = 1, covered: list[str] | None = None, skipped: list[str] | None = None,
         questions: list[str] | None = None, rating: int | None = None,
         topic: str = "LinkedIn") -> Past:
    plan = SessionPlan.model_validate(sample_plan(topic=topic))
    notes = (MentorNotes("maya", covered or [], skipped or [], questions or [])
             if covered is not None or skipped or questions else None)
    rated = ExecutiveFeedback("erik", rating, "the demo", "slower") if rating else None
    session = Session(number, 1, number, number, plan.title, topic, [], None, None)
    return Past(session, plan, Feedback(number, rated, notes))


def goal(gid: int, progress: int, text: str = "") -> Goal:
    return Goal(gid, 1, text or f"Goal number {gid} done", DUE, progress, "")


@pytest.mark.parametrize(
    ("topic", "history", "expected"),
    [
        ("LinkedIn", [], "new"),  # the pair's starting level for the topic
        ("linkedin for executives", [], "new"),  # matched case-insensitively, as a part
        ("Podcasts", [], "beginner"),  # a topic without a starting level
        ("LinkedIn", [past(covered=["Ideas"])], "beginner"),  # one covered session: one up
        ("LinkedIn", [past(covered=[])], "new"),  # nothing covered: no change
        ("TikTok", [past(covered=["Ideas"], topic="TikTok")], "advanced"),  # capped
        ("LinkedIn", [past(covered=["Ideas"], topic="TikTok")], "new"),  # other topic
    ],
)
def test_familiarity(topic, history, expected):
    assert familiarity(PAIR, topic, history)[0] == expected


def test_goals_lead_by_least_progress_and_finished_ones_are_left_out():
    goals = [goal(1, 60), goal(2, 100), goal(3, 10)]
    request, served = next_request(PAIR, goals, [], "LinkedIn", 30)
    assert served == [3, 1] and request.goals == [goals[2].text, goals[0].text]
    reasons = {c.item: c.reason for c in request.carried_over if c.kind == "goal"}
    assert reasons[goals[1].text] == "reached 100%, so this plan leaves it out"
    assert reasons[goals[2].text].startswith("open goal at 10%")


def test_the_last_reviewed_session_hands_on_questions_skips_and_covered_chunks():
    history = [past(1, covered=["Ideas"], questions=["Old question?"]),
               past(2, covered=["Wrap-up"], skipped=["Ideas"], questions=["Why video?"],
                    rating=4)]
    request, _ = next_request(PAIR, [], history, "LinkedIn", 30)
    assert request.open_questions == ["Why video?"]  # only the last session's
    assert request.carry_topics == ["Ideas"]
    assert request.exclude_chunks == ["doc::v1::0000"]  # cited by both covered segments
    kinds = [c.kind for c in request.carried_over]
    assert kinds == ["familiarity", "open question", "skipped", "covered", "feedback",
                     "covered"]
    feedback = next(c for c in request.carried_over if c.kind == "feedback")
    assert feedback.item == "session 2 rated 4/5" and "change: slower" in feedback.reason


def test_unreviewed_drafts_are_not_the_last_session():
    history = [past(1, covered=["Ideas"], questions=["Still open?"]), past(2)]
    request, _ = next_request(PAIR, [], history, "LinkedIn", 30)
    assert request.open_questions == ["Still open?"]


def test_covered_chunks_come_from_covered_segments_only():
    assert covered_chunks(past(covered=["ideas"])) == ["doc::v1::0000"]  # any case
    assert covered_chunks(past(covered=[])) == []
    assert covered_chunks(past()) == []
