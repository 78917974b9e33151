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
