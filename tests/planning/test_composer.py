"""The offline composer: minutes by duration, extracted cited sentences, determinism."""

from __future__ import annotations

import pytest

from assistant.planning.composer import allocate, deliverable
from assistant.planning.plan import PlanRequest
from tests.planning.conftest import TODAY


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        # 60 minutes, beginner weights: 5-minute steps
        (60, (0.10, 0.30, 0.35, 0.15, 0.10), [5, 20, 20, 10, 5]),
        # 45 minutes is under two 5-minute steps per segment: 1-minute steps
        (45, (0.10, 0.30, 0.35, 0.15, 0.10), [5, 13, 16, 7, 4]),
        # 17 minutes cannot use 5-minute steps: 1-minute steps, exact total
        (17, (0.4, 0.4, 0.2), [7, 7, 3]),
        # a long session keeps proportions
        (120, (0.10, 0.20, 0.45, 0.15, 0.10), [10, 25, 55, 20, 10]),
    ],
)
def test_minutes_are_allocated_by_weight_and_add_up(total, weights, expected):
    assert allocate(total, weights) == expected
    assert sum(expected) == total


@pytest.mark.parametrize(
    ("topic", "goals", "thing"),
    [
        ("LinkedIn", [], "LinkedIn post"),  # platform named in the topic
        ("Social media", ["start on TikTok"], "short video script"),  # platform in a goal
        ("X for executives", [], "post on X"),  # the one-letter platform
        ("Planning content", ["a content calendar"], "two-week content calendar"),
        ("Being present online", [], "short post"),  # nothing specific: a short post
    ],
)
def test_the_exercise_fits_the_topic(topic, goals, thing):
    request = PlanRequest(topic=topic, mentee_role="CEO", minutes=30, goals=goals)
    assert deliverable(request) == thing


REQUESTS = [
    # a beginner, an hour, two goals
    PlanRequest(topic="LinkedIn", mentee_role="Chief Financial Officer", minutes=60,
                goals=["post regularly without a ghostwriter"], familiarity="beginner"),
    # an advanced executive, a short session: three segments
    PlanRequest(topic="TikTok", mentee_role="Chief Operating Officer", minutes=20,
                familiarity="advanced"),
    # a topic across documents
    PlanRequest(topic="responding to a social media crisis", mentee_role="CEO", minutes=45,
                goals=["know who speaks first"], familiarity="new"),
]


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r.topic)
def test_offline_plans_are_valid_grounded_and_deterministic(make_planner, request_):
    planner = make_planner()
    first = planner.create(request_, "mentor")
    again = planner.create(request_, "mentor", save=False)
    plan = first.plan
    assert plan is not None and first.provider == "offline" and not first.notice
    assert plan == again.plan  # same input, same plan
    assert sum(s.minutes for s in plan.agenda) == request_.minutes
    assert 3 <= len(plan.objectives) <= 5
    assert len(plan.agenda) == (3 if request_.minutes < 25 else 5)
    sources = {s.id: s for s in plan.sources}
    texts = {s.chunk_id: s for s in sources.values()}
    retrieved = {h.chunk_id: h.text for h in planner.retriever.search(
        request_.query(), k=planner.settings.plan_k)}
    for segment in plan.agenda:
        for point in segment.talking_points:
            assert point.citations and set(point.citations) <= sources.keys()
    # talking points are sentences extracted from the cited passage, not whole chunks
    core = plan.agenda[0 if request_.minutes < 25 else 1].talking_points
    for point in core:
        chunk_id = sources[point.citations[0]].chunk_id
        body = point.text.split(": ", 1)[-1].rstrip(".")
        if chunk_id in retrieved:
            assert body[:40] in retrieved[chunk_id].replace("**", "")
            assert len(point.text) < len(retrieved[chunk_id]) or len(point.text) < 300
    assert texts and plan.exercise.instructions and plan.privacy.donts
    assert all(f.due > TODAY for f in plan.follow_up)
