"""The plan editor's rules: form fields in and out, rebalancing, moving, deleting, adding a
talking point from the plan's sources; every result must still validate as a SessionPlan."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from assistant.planning.editing import (
    PlanForm,
    add_point,
    agenda_total,
    apply_form,
    delete_segment,
    first_sentence,
    form_of,
    move_segment,
    rebalance_minutes,
)
from assistant.planning.plan import PlanError, SessionPlan
from tests.planning.conftest import sample_plan


def plan3() -> dict[str, Any]:
    """The sample plan with a third segment (10/15/20 of 45 minutes) and a second source."""
    plan = sample_plan(duration_minutes=45)
    plan["agenda"][0]["minutes"] = 10
    plan["agenda"][1]["minutes"] = 15
    plan["agenda"].append({"title": "Practice", "minutes": 20, "purpose": "Try it.",
                           "activities": ["Write."],
                           "talking_points": [{"text": "Keep it short.", "citations": ["S1"]}]})
    plan["sources"].append({**plan["sources"][0], "id": "S2", "chunk_id": "doc::v1::0001",
                            "label": "Doc › Reels"})
    plan["pre_reading"][0]["citations"] = ["S1", "S2"]
    return SessionPlan.model_validate(plan).model_dump(mode="json")  # as the editor gets it


@pytest.mark.parametrize(
    ("minutes", "changed", "total", "expected"),
    [
        ([10, 15, 20], 0, 45, [10, 15, 20]),  # nothing to change: already adds up
        ([25, 15, 20], 0, 45, [25, 9, 11]),  # +15 on the first: the others shrink in proportion
        ([5, 15, 20], 0, 45, [5, 17, 23]),  # -5: the others grow in proportion
        ([60, 15, 20], 0, 45, [43, 1, 1]),  # more than the session: capped, one minute each left
        ([30], 0, 45, [45]),  # a single segment is the whole session
        ([10, 0, 0], 0, 12, [10, 1, 1]),  # zero weights still get one minute each
    ],
)
def test_rebalance_keeps_the_changed_segment_and_fills_the_session(minutes, changed, total,
                                                                   expected):
    out = rebalance_minutes(minutes, changed, total)
    assert out == expected and sum(out) == total


def test_the_form_round_trips_the_plan_unchanged():
    plan = plan3()
    form = form_of(plan, 2)
    assert form.agenda == [["Ideas", 10, "Cover basics."], ["Wrap-up", 15, "Commit."],
                           ["Practice", 20, "Try it."]]
    assert form.points == [["Keep it short.", "S1"]] and form.segment == 2
    assert apply_form(plan, form) == plan


def test_changing_minutes_rebalances_the_other_segments_and_the_plan_validates():
    plan = plan3()
    form = form_of(plan)
    form.agenda[1][1] = 25  # the wrap-up takes ten more minutes
    out = apply_form(plan, form)
    assert [s["minutes"] for s in out["agenda"]] == [7, 25, 13]
    assert agenda_total(out) == (45, 45)
    SessionPlan.model_validate(out)


def test_without_rebalancing_the_total_is_off_until_it_adds_up():
    plan = plan3()
    form = form_of(plan)
    form.agenda[1][1] = "25"  # a table cell may arrive as text
    out = apply_form(plan, form, rebalance=False)
    assert agenda_total(out) == (55, 45)
    with pytest.raises(ValueError, match="add up to 55 minutes, not 45"):
        SessionPlan.model_validate(out)


def test_form_edits_land_in_every_section():
    plan = plan3()
    form = form_of(plan, 1)
    form.agenda[1][0] = "Commitments"
    form.activities = "Agree one post.\n\nSet a reminder."
    form.points = [["Reply to comments.", "S1"], ["Reels get reach.", "s2, S1"], ["", ""]]
    form.objectives = "Know the feed.\nDraft a post.\nKnow the rules.\nPlan a month."
    form.exercise_title = "Write a Reel script"
    form.instructions = "Pick a topic.\nWrite 3 lines."
    form.deliverable = "A script."
    form.glossary = [["Reel", "A short video.", "S2"], [None, None, None]]
    form.questions = "What would you post?"
    form.follow_up = [["Post it.", "executive", "2026-03-20"]]
    out = apply_form(plan, form)
    segment = out["agenda"][1]
    assert segment["title"] == "Commitments"
    assert segment["activities"] == ["Agree one post.", "Set a reminder."]
    assert segment["talking_points"][1] == {"text": "Reels get reach.", "citations": ["S2", "S1"]}
    assert len(out["objectives"]) == 4 and out["exercise"]["title"] == "Write a Reel script"
    assert out["glossary"] == [{"term": "Reel", "definition": "A short video.",
                                "citations": ["S2"]}]
    assert out["discussion_questions"] == ["What would you post?"]
    assert out["follow_up"] == [{"action": "Post it.", "owner": "executive",
                                 "due": "2026-03-20"}]
    assert out["agenda"][0] == plan["agenda"][0]  # other segments' details are untouched
    SessionPlan.model_validate(out)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        # a citation to a passage the plan was not built from
        (lambda f: f.points.__setitem__(0, ["New point.", "S7"]), "cites S7, which is not"),
        # a talking point must cite something
        (lambda f: f.points.__setitem__(0, ["New point.", ""]), "needs a citation"),
        # every talking point removed
        (lambda f: setattr(f, "points", [["", ""]]), "at least one talking point"),
        # minutes that are not a whole number
        (lambda f: f.agenda[0].__setitem__(1, "ten"), "segment 1: minutes must be a whole"),
        # a segment of zero minutes
        (lambda f: f.agenda[0].__setitem__(1, 0), "at least 1"),
        # an empty title
        (lambda f: f.agenda[2].__setitem__(0, " "), "segment 3: the title is empty"),
        # a follow-up due date that is no date
        (lambda f: setattr(f, "follow_up", [["Post.", "executive", "next week"]]),
         "due date must look like"),
        # no activities left for the shown segment
        (lambda f: setattr(f, "activities", "\n"), "activities need at least one line"),
        # a row added to the agenda table (segments are added and removed with buttons)
        (lambda f: f.agenda.append(["Extra", 5, "More."]), "has 4 rows for 3 segments"),
    ],
)
def test_bad_cells_get_a_clear_error(change, error):
    plan = plan3()
    form = form_of(plan)
    change(form)
    with pytest.raises(PlanError, match=error):
        apply_form(plan, form)


@pytest.mark.parametrize(
    ("index", "offset", "titles"),
    [
        (2, -1, ["Ideas", "Practice", "Wrap-up"]),  # up one place
        (0, 1, ["Wrap-up", "Ideas", "Practice"]),  # down one place
        (0, -1, ["Ideas", "Wrap-up", "Practice"]),  # the first cannot go further up
        (2, 1, ["Ideas", "Wrap-up", "Practice"]),  # the last cannot go further down
    ],
)
def test_move_segment(index, offset, titles):
    plan = plan3()
    out = move_segment(plan, index, offset)
    assert [s["title"] for s in out["agenda"]] == titles
    assert plan["agenda"][0]["title"] == "Ideas"  # the input is not changed


def test_delete_segment_gives_its_minutes_to_the_others():
    out = delete_segment(plan3(), 0)
    assert [(s["title"], s["minutes"]) for s in out["agenda"]] == [("Wrap-up", 19),
                                                                  ("Practice", 26)]
    SessionPlan.model_validate(out)
    kept = delete_segment(plan3(), 0, rebalance=False)
    assert agenda_total(kept) == (35, 45)


@pytest.mark.parametrize(
    ("plan", "index", "error"),
    [
        (sample_plan(agenda=sample_plan()["agenda"][:1]), 0, "at least one segment"),  # last one
        (sample_plan(), 5, "no segment 6"),  # out of range
    ],
)
def test_delete_segment_refuses(plan, index, error):
    with pytest.raises(PlanError, match=error):
        delete_segment(plan, index)


def test_add_point_cites_one_of_the_plans_sources():
    plan = plan3()
    out = add_point(plan, 0, "S2", "  Reels   reach new people. ")
    assert out["agenda"][0]["talking_points"][-1] == {"text": "Reels reach new people.",
                                                      "citations": ["S2"]}
    SessionPlan.model_validate(out)
    before = copy.deepcopy(plan)
    for source, text, error in (("S9", "Text.", "not one of this plan's sources"),
                                ("S1", "  ", "has no text")):
        with pytest.raises(PlanError, match=error):
            add_point(plan, 0, source, text)
    assert plan == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Post twice a week. Reply to comments.", "Post twice a week."),  # the first sentence
        ("No full stop here", "No full stop here"),  # one unfinished sentence
        ("  Spaced\n out.  Next.", "Spaced out."),  # whitespace flattened
    ],
)
def test_first_sentence(text, expected):
    assert first_sentence(text) == expected


def test_an_empty_form_is_no_plan():
    with pytest.raises(PlanError):
        apply_form(plan3(), PlanForm())
