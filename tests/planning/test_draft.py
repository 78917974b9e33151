"""LLM drafts: strict schema, citation normalising and repair, rule errors for the repair."""

from __future__ import annotations

import json

import pytest

from assistant.planning.draft import assemble, draft_schema, parse_draft
from assistant.planning.evidence import Passage
from assistant.planning.plan import PlanError, PlanRequest, Source
from tests.planning.conftest import TODAY

PASSAGES = [
    Passage(Source(id=f"S{i}", chunk_id=f"c{i}", doc_id="d", title="T", label=f"T{i}"), text,
            0.6, i - 1)
    for i, text in enumerate([
        "Two or three original posts a week is a sustainable rhythm for most executives.",
        "Reply to every genuine comment on your own posts within the first few hours.",
    ], start=1)
]
REQUEST = PlanRequest(topic="LinkedIn", mentee_role="CFO", minutes=30)


def draft(points: list[dict], minutes: tuple[int, int] = (20, 10)) -> dict:
    return {
        "title": "LinkedIn", "objectives": ["A.", "B.", "C."], "pre_reading": [],
        "agenda": [
            {"title": "Ideas", "minutes": minutes[0], "purpose": "p", "activities": ["a"],
             "talking_points": points},
            {"title": "Wrap", "minutes": minutes[1], "purpose": "p", "activities": ["a"],
             "talking_points": [{"text": "Reply to comments quickly.", "citations": ["S2"]}]},
        ],
        "exercise": {"title": "Draft", "instructions": ["Write."], "deliverable": "A draft."},
        "misconceptions": [], "glossary": [], "discussion_questions": ["Why?"],
        "privacy": {"dos": ["Public material."], "donts": ["Secrets."]},
        "follow_up": [{"action": "Publish.", "owner": "executive", "due_in_days": 7}],
        "feedback_questions": ["Useful?"],
    }


@pytest.mark.parametrize(
    ("citations", "text", "expected"),
    [
        (["S1"], "Post twice a week.", ["T1"]),  # a valid id is kept
        (["[s1]", "1"], "Post twice a week.", ["T1"]),  # loose spellings are normalised
        (["S9"], "Two or three original posts a week.", ["T1"]),  # not retrieved: repaired
        ([], "Reply to every genuine comment fast.", ["T2"]),  # missing: repaired by overlap
    ],
)
def test_citations_are_normalised_or_repaired(citations, text, expected):
    """``expected`` names the cited passages by label: ids are renumbered as they appear."""
    plan = assemble(parse_draft(json.dumps(draft([{"text": text, "citations": citations}]))),
                    REQUEST, PASSAGES, TODAY)
    labels = {s.id: s.label for s in plan.sources}
    assert [labels[i] for i in plan.agenda[0].talking_points[0].citations] == expected
    assert plan.cited_ids() <= {s.id for s in plan.sources}


def test_an_unsupported_point_is_removed_never_shown():
    points = [{"text": "Quantum blockchain synergy.", "citations": ["S42"]},
              {"text": "Post weekly.", "citations": ["S1"]}]
    plan = assemble(parse_draft(json.dumps(draft(points))), REQUEST, PASSAGES, TODAY)
    assert [p.text for p in plan.agenda[0].talking_points] == ["Post weekly."]
    assert "Quantum" not in plan.to_markdown()


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("not json", "not a valid plan"),  # prose instead of JSON
        (json.dumps({"title": "x"}), "not a valid plan"),  # fields missing
        (json.dumps(draft([{"text": "Post.", "citations": ["S1"]}], (25, 10))),
         "add up to 35 minutes, not 30"),  # timings off: reported for the repair prompt
        (json.dumps(draft([{"text": "Zebra.", "citations": ["S77"]}])),
         "talking_points"),  # the only point of a segment was unsupported
    ],
)
def test_invalid_drafts_raise_plan_error_with_the_reason(raw, error):
    with pytest.raises(PlanError, match=error):
        assemble(parse_draft(raw), REQUEST, PASSAGES, TODAY)


def test_code_fences_around_json_are_tolerated():
    raw = "```json\n" + json.dumps(draft([{"text": "Post.", "citations": ["S1"]}])) + "\n```"
    assert parse_draft(raw).title == "LinkedIn"


def test_the_schema_is_strict():
    schema = draft_schema()
    for part in [schema, *schema["$defs"].values()]:
        assert part["additionalProperties"] is False
        assert set(part["required"]) == set(part["properties"])
