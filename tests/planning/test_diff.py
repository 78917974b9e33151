"""What changed between two plan versions, in sentences."""

from __future__ import annotations

from assistant.planning.diff import plan_changes
from assistant.planning.plan import SessionPlan
from tests.planning.conftest import sample_plan


def plan(**changes: object) -> SessionPlan:
    return SessionPlan.model_validate(sample_plan(**changes))


def test_the_same_plan_has_no_changes():
    assert plan_changes(plan(), plan()) == []


def test_renumbered_citations_alone_are_no_change():
    old = plan()
    new = plan(pre_reading=[{"text": "Read Doc.", "citations": []}])
    assert plan_changes(old, new) == []


def test_a_renamed_retimed_segment_with_points_added_and_removed():
    old = plan()
    data = sample_plan()
    ideas = data["agenda"][0]
    ideas.update(title="Core ideas", minutes=25, talking_points=[
        {"text": "Post twice a week.", "citations": ["S1"]},
        {"text": "Open with the point, not the preamble.", "citations": ["S1"]}])
    data["agenda"][1].update(minutes=5, talking_points=[
        {"text": "Agree one next step.", "citations": ["S1"]}])
    new = SessionPlan.model_validate(data)
    assert plan_changes(old, new) == [
        "Renamed “Ideas” to “Core ideas”.",
        "“Core ideas”: 20 → 25 min.",
        "“Core ideas”: added talking point “Open with the point, not the preamble.” [S1].",
        "“Wrap-up”: 10 → 5 min.",
        "“Wrap-up”: added talking point “Agree one next step.” [S1].",
        "“Wrap-up”: 1 talking point removed.",
    ]


def test_segments_added_and_removed_and_sections_dropped():
    old = plan(glossary=[{"term": "Reach", "definition": "Who saw it.", "citations": ["S1"]}])
    data = sample_plan()
    data["agenda"][1] = {"title": "Q&A", "minutes": 10, "purpose": "Answer.",
                         "activities": ["Ask."],
                         "talking_points": [{"text": "Take questions.", "citations": ["S1"]}]}
    new = SessionPlan.model_validate(data)
    assert plan_changes(old, new) == ["Removed segment “Wrap-up” (10 min).",
                                      "Added segment “Q&A” (10 min, 1 talking point).",
                                      "Dropped the glossary."]
