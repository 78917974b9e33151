"""Three consecutive sessions for one pair, with feedback between them: what each next plan
carries over (open questions first, skipped segments carried, covered sources not reused)."""

from __future__ import annotations

import datetime as dt

from assistant.journeys.carry import covered_chunks
from assistant.planning.carryover import OPEN_QUESTIONS_TITLE
from assistant.planning.plan import SessionPlan
from tests.journeys.conftest import TODAY, TOPIC

Q1 = "How do I answer a critical comment without sounding defensive?"
Q2 = "How often should I check LinkedIn analytics?"


def carried(plan: SessionPlan, kind: str) -> list[str]:
    return [c.item for c in plan.carried_over if c.kind == kind]


def chunks(plan: SessionPlan) -> set[str]:
    return {s.chunk_id for s in plan.sources}


def test_three_sessions_build_on_each_other(world):
    j, pair = world.journeys, world.mine
    goal = j.add_goal(pair.id, "maya", "Post on LinkedIn once a week",
                      TODAY + dt.timedelta(days=90))
    done = j.add_goal(pair.id, "erik", "Set up a complete LinkedIn profile",
                      TODAY + dt.timedelta(days=30))

    # session 1: nothing to carry over but the goals
    first = j.draft_next(pair.id, "maya", TOPIC, 45)
    assert first.session is not None and first.session.number == 1
    plan1 = first.result.plan
    assert plan1.agenda[0].title != OPEN_QUESTIONS_TITLE
    assert {c.kind for c in plan1.carried_over} == {"goal"}
    titles1 = [s.title for s in plan1.agenda]
    core1 = next(t for t in titles1 if t.startswith("Core ideas"))
    hands_on1 = next(t for t in titles1 if t.startswith("Hands-on"))
    j.record_notes(first.session.id, "maya", covered=["1", core1], skipped=[hands_on1],
                   open_questions=[Q1])
    j.rate(first.session.id, "erik", 3, "the examples", "more time to practise")
    j.update_goal(goal.id, "erik", 30, "two posts out", first.session.id)
    j.update_goal(done.id, "erik", 100, "profile finished", first.session.id)
    covered1 = set(covered_chunks(j.history(pair.id, "maya")[0]))
    assert covered1, "the covered segments cited sources"

    # session 2: open question first, skipped segment carried, covered sources left out
    second = j.draft_next(pair.id, "maya", TOPIC, 45)
    assert second.session is not None and second.session.number == 2
    plan2 = second.result.plan
    assert plan2.agenda[0].title == OPEN_QUESTIONS_TITLE
    assert Q1 in plan2.agenda[0].talking_points[0].text
    assert sum(s.minutes for s in plan2.agenda) == 45
    assert carried(plan2, "open question") == [Q1]
    assert carried(plan2, "skipped") == [hands_on1]
    assert set(carried(plan2, "covered")) == {titles1[0], core1}
    assert chunks(plan2).isdisjoint(covered1)
    assert plan2.mentee.goals == [goal.text]  # the finished goal is left out
    assert "reached 100%" in next(c.reason for c in plan2.carried_over
                                  if c.item == done.text)
    assert "open goal at 30%: two posts out" in next(
        c.reason for c in plan2.carried_over if c.item == goal.text)
    assert carried(plan2, "feedback") == ["session 1 rated 3/5"]
    assert "## Carried over from earlier sessions" in plan2.to_markdown()
    assert plan2.mentee.familiarity == "intermediate"  # one level up after a covered session

    titles2 = [s.title for s in plan2.agenda]
    j.record_notes(second.session.id, "maya", covered=[OPEN_QUESTIONS_TITLE, titles2[1]],
                   skipped=[titles2[-1]], open_questions=[Q2])
    j.rate(second.session.id, "erik", 5, "answers to my question", "")
    covered2 = set(covered_chunks(j.history(pair.id, "maya")[1]))

    # session 3: only session 2's question and skip; sessions 1 and 2's covered material out
    third = j.draft_next(pair.id, "maya", TOPIC, 45)
    assert third.session is not None and third.session.number == 3
    plan3 = third.result.plan
    assert plan3.agenda[0].title == OPEN_QUESTIONS_TITLE
    assert carried(plan3, "open question") == [Q2]  # Q1 was answered in session 2
    assert all(Q1 not in p.text for p in plan3.agenda[0].talking_points)
    assert carried(plan3, "skipped") == [titles2[-1]]
    assert chunks(plan3).isdisjoint(covered1 | covered2)
    earlier = [c for c in plan3.carried_over if c.kind == "covered" and
               c.item.startswith("material covered in sessions before")]
    assert earlier and set(earlier[0].chunks) == covered1
    assert sum(s.minutes for s in plan3.agenda) == 45
    assert plan3.mentee.familiarity == "advanced"
    assert [s.number for s in j.sessions(pair.id, "erik")] == [1, 2, 3]
    assert j.goals(pair.id, "erik")[0].history[0].session_id == first.session.id


def test_a_session_without_feedback_carries_nothing_but_goals(world):
    j, pair = world.journeys, world.other
    j.draft_next(pair.id, "noor", TOPIC, 30)
    plan = j.draft_next(pair.id, "noor", TOPIC, 30).result.plan
    assert plan.carried_over == [] and plan.agenda[0].title != OPEN_QUESTIONS_TITLE


def test_no_guidance_makes_no_session(world):
    drafted = world.journeys.draft_next(world.mine.id, "maya", "Boiling point of tungsten", 30)
    assert drafted.session is None and "no approved guidance" in drafted.result.message
    assert world.journeys.sessions(world.mine.id, "maya") == []


def test_unknown_segments_are_refused_with_the_list(world):
    import pytest

    from assistant.journeys import JourneyError

    drafted = world.journeys.draft_next(world.mine.id, "maya", TOPIC, 30)
    with pytest.raises(JourneyError, match="its segments are: 1. "):
        world.journeys.record_notes(drafted.session.id, "maya", ["Nonsense"], [], [])
    with pytest.raises(JourneyError, match="both covered and skipped"):
        world.journeys.record_notes(drafted.session.id, "maya", ["1"], ["1"], [])
