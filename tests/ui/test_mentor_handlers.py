"""The mentor tab's handlers in-process (no server): drafting stage by stage, the form editor
(rebalance, reorder, delete, add a point from the plan's sources, save as a screened new
version) and the role checks, with real services and signed-in requests."""

from __future__ import annotations

import itertools
import json
from typing import Any

import gradio as gr
import pytest

from assistant.planning.plan import PlanError
from ui.mentor import FORM
from ui.plan_editor import EDITOR_OUTPUTS

DRAFT = ("CFO", "beginner", "Post on LinkedIn weekly", "LinkedIn for executives", 45, "")
KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz123456"


@pytest.fixture
def handlers(app_services):
    from ui.access import Access
    from ui.mentor_handlers import MentorHandlers

    return MentorHandlers(app_services, Access(app_services.users, app_services.sessions))


def view_of(outputs: tuple[Any, ...]) -> dict[str, Any]:
    """The editor's outputs by name; component updates give their value."""
    view = dict(zip(EDITOR_OUTPUTS, outputs, strict=True))
    view["box"] = view["box"].visible
    return {k: getattr(v, "value", v) for k, v in view.items()}


def state(view: dict[str, Any], rebalance: bool = True) -> list[Any]:
    """What the page sends back: rebalance, the JSON view, then the form's fields."""
    return [rebalance, view["body"], *[view[n] for n in FORM]]


@pytest.fixture
def drafted(handlers, request_as) -> tuple[int, dict[str, Any]]:
    """A fresh plan of maya's and its editor."""
    *_, last = handlers.draft_plan(*DRAFT, request_as("maya"))
    plan_id, body = last[3], last[4]
    return plan_id, view_of(handlers.fill_editor(request_as("maya"), body))


def paced(app_services, every: float, clock: Any = None) -> Any:
    """Mentor handlers whose drafting progress is sent at most every ``every`` seconds."""
    from ui.access import Access
    from ui.mentor_handlers import MentorHandlers

    access = Access(app_services.users, app_services.sessions)
    return (MentorHandlers(app_services, access, progress_every=every, clock=clock)
            if clock else MentorHandlers(app_services, access, progress_every=every))


def test_a_draft_shows_each_stage_before_the_plan(app_services, request_as):
    outputs = list(paced(app_services, 0.0).draft_plan(*DRAFT, request_as("maya")))
    progress = [o[0] for o in outputs[:-1]]
    assert [p.count("✓") for p in progress] == list(range(len(progress)))  # one more each time
    for stage in ("Screening your request", "Retrieving approved guidance",
                  "Composing the plan offline", "Screening the finished plan", "Saving"):
        assert any(stage in p for p in progress), stage
    text, _withheld, sources, plan_id, body = outputs[-1]
    assert "## Agenda" in text and plan_id and json.loads(body)["agenda"]
    assert "[S1]" in sources


def test_a_quick_draft_sends_its_first_stage_then_the_plan(app_services, request_as):
    """Stages that end within the interval are not sent one by one (each update costs the
    server a round of Gradio's post-processing): the first stage, then the plan."""
    outputs = list(paced(app_services, 1.0, clock=lambda: 0.0).draft_plan(
        *DRAFT, request_as("maya")))
    assert len(outputs) == 2
    assert "Screening your request" in outputs[0][0] and "✓" not in outputs[0][0]
    assert "## Agenda" in outputs[1][0] and outputs[1][3]


def test_a_slow_draft_shows_the_stage_under_way_once_per_interval(app_services, request_as):
    ticks = itertools.count(0.0, 0.6)  # every look at the clock: 0.6 s later
    outputs = list(paced(app_services, 1.0, clock=lambda: next(ticks)).draft_plan(
        *DRAFT, request_as("maya")))
    progress = [o[0] for o in outputs[:-1]]
    every = list(paced(app_services, 0.0).draft_plan(*DRAFT, request_as("maya")))[:-1]
    assert 2 <= len(progress) < len(every)
    ticked = [p.count("✓") for p in progress]
    assert ticked[0] == 0 and all(b - a >= 2 for a, b in itertools.pairwise(ticked))
    assert "## Agenda" in outputs[-1][0]


def test_a_cancelled_draft_saves_nothing(handlers, request_as, app_services):
    before = app_services.planner.plans.list(owner="maya")
    steps = handlers.draft_plan(*DRAFT, request_as("maya"))
    assert "Screening your request" in next(steps)[0]
    steps.close()  # Gradio's Cancel stops the generator between two stages
    assert app_services.planner.plans.list(owner="maya") == before
    assert "cancelled" in handlers.cancel_draft(request_as("maya"))


def test_the_editor_shows_the_plan_as_rows(drafted):
    _plan_id, view = drafted
    plan = json.loads(view["body"])
    assert view["box"] is True and view["shown"] == 0
    assert [row[0] for row in view["agenda"]] == [s["title"] for s in plan["agenda"]]
    assert view["points"][0][1].startswith("S")  # each point with its citations
    assert "of 45 minutes ✓" in view["total"] and "Cites:" in view["chips"]


def test_changing_minutes_rebalances_and_the_saved_version_keeps_the_edits(
        handlers, request_as, app_services, drafted):
    plan_id, view = drafted
    maya = request_as("maya")
    view["agenda"][0][1] = int(view["agenda"][0][1]) + 5  # five more minutes for the opening
    opening = view["agenda"][0][0]
    view = view_of(handlers.edit_form(maya, *state(view)))
    assert "of 45 minutes ✓" in view["total"]
    assert sum(int(r[1]) for r in view["agenda"]) == 45
    view = view_of(handlers.move_down(maya, *state(view)))  # the opening goes second
    assert view["agenda"][1][0] == opening and view["shown"] == 1
    source = json.loads(view["body"])["sources"][-1]["id"]
    view = view_of(handlers.add_point(maya, source, plan_id, *state(view)))
    added = view["points"][-1]
    assert added[1] == source and added[0]  # the passage's first sentence, citing it
    objectives = view["objectives"].splitlines()
    view["objectives"] = "\n".join([*objectives[:-1], "Name one post to publish this week"])
    text, _withheld, _sources, saved_id, body = handlers.save_form(maya, plan_id, *state(view))
    assert saved_id == plan_id and "edited by the mentor" in text
    stored = app_services.planner.plans.get(plan_id, "maya")
    assert stored.version == 2 and stored.provider == "mentor"
    assert stored.plan.agenda[1].title == opening
    assert stored.plan.agenda[1].talking_points[-1].citations == [source]
    assert stored.plan.objectives[-1] == "Name one post to publish this week"
    assert json.loads(body) == stored.plan.model_dump(mode="json")


def test_without_rebalancing_the_total_is_red_and_the_save_is_refused(
        handlers, request_as, app_services, drafted):
    plan_id, view = drafted
    maya = request_as("maya")
    view["agenda"][0][1] = int(view["agenda"][0][1]) + 5
    view = view_of(handlers.edit_form(maya, *state(view, rebalance=False)))
    assert "50 of 45 minutes (5 over)" in view["total"] and "color:#c62828" in view["total"]
    with pytest.raises(ValueError, match="add up to 50 minutes, not 45"):
        handlers.save_form(maya, plan_id, *state(view, rebalance=False))
    assert app_services.planner.plans.get(plan_id, "maya").version == 1


def test_a_secret_in_the_form_is_not_saved_and_stays_to_fix(handlers, request_as,
                                                            app_services, drafted):
    plan_id, view = drafted
    view["points"][0][0] = f"Our key is {KEY}"
    text, withheld, _sources, _id, body = handlers.save_form(request_as("maya"), plan_id,
                                                             *state(view))
    assert "was not saved" in text and "block" in withheld and KEY not in text
    assert KEY in body  # the working copy stays in the editor for the mentor to fix
    assert app_services.planner.plans.get(plan_id, "maya").version == 1


def test_delete_segment_and_pick_another(handlers, request_as, drafted):
    _plan_id, view = drafted
    maya = request_as("maya")
    titles = [r[0] for r in view["agenda"]]
    view = view_of(handlers.delete_segment(maya, *state(view)))
    assert [r[0] for r in view["agenda"]] == titles[1:]
    assert "of 45 minutes ✓" in view["total"]
    view = view_of(handlers.pick_segment(maya, 1, *state(view)))
    plan = json.loads(view["body"])
    assert view["shown"] == 1 and view["activities"] == "\n".join(plan["agenda"][1]["activities"])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        # a talking point citing a passage the plan was not built from
        (lambda v: v["points"].__setitem__(0, ["A claim.", "S99"]), "cites S99"),
        # a row added to the agenda table instead of using the buttons
        (lambda v: v["agenda"].append(["Extra", 5, "More."]), "add or remove segments"),
    ],
)
def test_bad_form_input_gets_a_clear_error(handlers, request_as, drafted, change, error):
    _plan_id, view = drafted
    change(view)
    with pytest.raises(PlanError, match=error):
        handlers.edit_form(request_as("maya"), *state(view))


@pytest.mark.parametrize(
    "handler",
    ["fill_editor", "edit_form", "move_up", "delete_segment", "save_form", "add_point",
     "cancel_draft"],
)
def test_an_executive_cannot_use_the_editor(handlers, request_as, drafted, handler):
    plan_id, view = drafted
    args = {"fill_editor": [view["body"]], "cancel_draft": [],
            "save_form": [plan_id, *state(view)], "add_point": ["S1", plan_id, *state(view)]}
    with pytest.raises(gr.Error, match="mentors or admins only"):
        getattr(handlers, handler)(request_as("erik"), *args.get(handler, state(view)))


def test_another_mentors_plan_lends_no_passages(handlers, request_as, app_services, drafted):
    plan_id, view = drafted
    if app_services.users.role_of("ines") is None:  # the services are shared by the session
        app_services.users.add("ines", "mentor", "mentor-pass-3")
    with pytest.raises(Exception, match=f"no plan {plan_id} of yours"):
        handlers.add_point(request_as("ines"), "S1", plan_id, *state(view))


def test_saved_plans_are_picked_from_a_list_kept_current(handlers, drafted, request_as):
    plan_id, _ = drafted
    rows, picker = handlers.my_plans(request_as("maya"))
    assert plan_id in [r[0] for r in rows]
    assert plan_id in [value for _, value in picker.choices]  # a list, not a typed number
    label = next(label for label, value in picker.choices if value == plan_id)
    assert f"plan {plan_id}" in label and " · v1 · " in label
    shown = handlers.open_plan(plan_id, request_as("maya"))
    assert f"Plan {plan_id}, version 1" in shown[0]
    with pytest.raises(gr.Error, match="Choose a saved plan from the list"):
        handlers.open_plan("my plan", request_as("maya"))
