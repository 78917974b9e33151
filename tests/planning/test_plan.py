"""SessionPlan validation (timings, citations, counts) and its Markdown rendering."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.planning.plan import SessionPlan
from tests.planning.conftest import sample_plan

BASE = sample_plan()
SEGMENTS = BASE["agenda"]


def test_the_sample_plan_is_valid():
    plan = SessionPlan.model_validate(BASE)
    assert sum(s.minutes for s in plan.agenda) == plan.duration_minutes
    assert plan.cited_ids() == {"S1"}


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        # segments add up to 30 but the session lasts 45
        ({"duration_minutes": 45}, "add up to 30 minutes, not 45"),
        # a talking point with no citation at all
        ({"agenda": [SEGMENTS[0], {**SEGMENTS[1], "talking_points": [
            {"text": "Uncited claim.", "citations": []}]}]}, "without a citation"),
        # a citation to a passage that was never retrieved
        ({"agenda": [SEGMENTS[0], {**SEGMENTS[1], "talking_points": [
            {"text": "Claim.", "citations": ["S7"]}]}]}, "not retrieved: ['S7']"),
        # an unknown citation hidden in the pre-reading is caught too
        ({"pre_reading": [{"text": "Read this.", "citations": ["S9"]}]}, "['S9']"),
        # only two objectives (3 to 5 required)
        ({"objectives": ["One.", "Two."]}, "objectives"),
        # six objectives
        ({"objectives": ["A.", "B.", "C.", "D.", "E.", "F."]}, "objectives"),
        # a segment of zero minutes
        ({"agenda": [{**SEGMENTS[0], "minutes": 30}, {**SEGMENTS[1], "minutes": 0}]}, "minutes"),
        # a source id that does not look like S1, S2, ...
        ({"sources": [{**BASE["sources"][0], "id": "source-1"}]}, "source ids"),
    ],
)
def test_invalid_plans_are_rejected_with_the_reason(changes, error):
    with pytest.raises(ValidationError, match=error.replace("[", r"\[").replace("]", r"\]")):
        SessionPlan.model_validate(sample_plan(**changes))


def test_markdown_shows_timed_agenda_citations_and_sources():
    md = SessionPlan.model_validate(BASE).to_markdown()
    assert md.startswith("# LinkedIn for a CFO\n")
    assert "### 0–20 min · Ideas (20 min)" in md
    assert "### 20–30 min · Wrap-up (10 min)" in md
    assert "- Post twice a week. [S1]" in md
    assert "| Publish. | executive | 2026-03-09 |" in md
    assert "- **S1**: Doc › Intro" in md


def source(number: int) -> dict:
    return {**BASE["sources"][0], "id": f"S{number}", "chunk_id": f"doc::v1::{number:04d}",
            "label": f"Doc › Part {number}"}


def cited(ids: list[str]) -> list[dict]:
    return [{"text": f"Point {'+'.join(ids)}.", "citations": ids}]


@pytest.mark.parametrize(
    ("sources", "pre_reading", "points", "order"),
    [
        # S2 was dropped as uncited: S3 becomes S2, no gap
        ([1, 2, 3], ["S1"], [["S3"], ["S1"]], ["Part 1", "Part 3"]),
        # first cited in the agenda before S1: numbered in order of appearance
        ([1, 2, 3], [], [["S3"], ["S1"]], ["Part 3", "Part 1"]),
        # a talking point citing two sources keeps both, renumbered
        ([2, 5], ["S5"], [["S5", "S2"], ["S2"]], ["Part 5", "Part 2"]),
    ],
)
def test_sources_are_numbered_without_gaps_in_order_of_appearance(sources, pre_reading,
                                                                  points, order):
    from assistant.planning.plan import drop_uncited

    agenda = [{**SEGMENTS[0], "talking_points": cited(points[0])},
              {**SEGMENTS[1], "talking_points": cited(points[1])}]
    plan = SessionPlan.model_validate(sample_plan(
        sources=[source(n) for n in sources], agenda=agenda,
        pre_reading=cited(pre_reading) if pre_reading else []))
    plan = drop_uncited(plan)
    assert [s.id for s in plan.sources] == [f"S{n}" for n in range(1, len(order) + 1)]
    assert [s.label.split(" › ")[1] for s in plan.sources] == order
    first = list(dict.fromkeys(i for ids in plan.citation_lists() for i in ids))
    assert first == [s.id for s in plan.sources]  # S1 is met first, then S2, ...
    SessionPlan.model_validate(plan.model_dump())  # still a valid plan
