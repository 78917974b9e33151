"""Carry-over in the planner: excluded chunks are not retrieved, open questions open the plan
with minutes taken from the longest segment, and a refinement keeps what was carried over."""

from __future__ import annotations

import pytest

from assistant.planning.carryover import OPEN_QUESTIONS_TITLE, question_minutes
from assistant.planning.plan import CarriedOver, PlanRequest
from assistant.planning.planner import Prepared

REQUEST = PlanRequest(topic="LinkedIn for executives", mentee_role="CFO", minutes=45,
                      goals=["post every week"])


@pytest.mark.parametrize(
    ("questions", "donor", "minutes"),
    [
        (1, 15, 5),  # at least 5 minutes
        (3, 30, 9),  # 3 per question
        (9, 40, 15),  # at most 15
        (2, 8, 3),  # the donor keeps 5
        (4, 20, 10),  # the donor keeps half
        (1, 1, 0),  # a 1-minute donor gives nothing
    ],
)
def test_question_minutes(questions, donor, minutes):
    assert question_minutes(questions, donor) == minutes


def test_excluded_chunks_are_not_retrieved(make_planner):
    planner = make_planner()
    first = planner.prepare(REQUEST, "mentor")
    assert isinstance(first, Prepared)
    used = [p.source.chunk_id for p in first.evidence.all][:3]
    second = planner.prepare(REQUEST.model_copy(update={"exclude_chunks": used}), "mentor")
    assert isinstance(second, Prepared)
    assert not {p.source.chunk_id for p in second.evidence.all} & set(used)
    assert len(second.evidence.topic) >= len(first.evidence.topic) - 1  # made up for


def test_open_questions_come_first_and_timings_add_up(make_planner):
    question = "How do I reply to a hostile comment?"
    request = REQUEST.model_copy(update={"open_questions": [question], "carried_over": [
        CarriedOver(kind="open question", item=question, reason="left open")]})
    result = make_planner().create(request, "mentor")
    plan = result.plan
    assert plan is not None and plan.agenda[0].title == OPEN_QUESTIONS_TITLE
    point = plan.agenda[0].talking_points[0]
    assert question in point.text and point.citations[0] in {s.id for s in plan.sources}
    assert sum(s.minutes for s in plan.agenda) == 45
    assert plan.carried_over[0].item == question
    refined = make_planner().refine(result.plan_id, "mentor", "shorter exercise")
    assert refined.plan.agenda[0].title == OPEN_QUESTIONS_TITLE
    assert refined.plan.carried_over == plan.carried_over


def test_blocked_open_questions_stop_the_plan(make_planner):
    request = REQUEST.model_copy(update={"open_questions": ["key AKIAIOSFODNN7EXAMPLE?"]})
    result = make_planner().create(request, "mentor")
    assert result.plan is None and result.blocked
