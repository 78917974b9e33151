"""The mentor's Refine, handler called in-process: the plan and, next to it, what was applied,
what was not, and what changed between the versions."""

from __future__ import annotations

import gradio as gr
import pytest

from tests.conftest import signed_in
from tests.planning.conftest import sample_plan


@pytest.fixture
def refine(services):
    """maya's saved sample plan and the app's refine handler, signed in as maya."""
    from assistant.planning.plan import SessionPlan
    from ui.app import build_app

    services.users.add("maya", "mentor", "password-123")
    stored = services.planner.plans.create(SessionPlan.model_validate(sample_plan()), "maya",
                                           "offline")
    handlers = {fn.name: fn.fn for fn in build_app(services).fns.values()}
    return lambda text: handlers["refine_plan"](stored.id, text, signed_in(services, "maya"))


def test_refine_shows_applied_not_applied_and_the_changes(refine):
    plan_md, _withheld, _sources, plan_id, _body, report = refine(
        "give the wrap-up 5 more minutes, and make it rhyme")
    assert "version 2" in plan_md
    assert "**Applied**" in report and "“Wrap-up” is now 15 min (was 10)" in report
    assert "**Not applied**" in report and "“make it rhyme”: not understood" in report
    assert "**What changed (version 1 → 2)**" in report
    assert "- “Wrap-up”: 10 → 15 min." in report and "- “Ideas”: 20 → 15 min." in report


def test_nothing_applied_says_so_and_saves_nothing(refine):
    *_, report = refine("make it funnier")
    assert "not understood offline" in report and "What changed" not in report
    *_, again = refine("give the wrap-up 5 more minutes")
    assert "(version 1 → 2)" in again  # the no-op saved no version


def test_an_empty_instruction_is_refused(refine):
    with pytest.raises(gr.Error, match="Say how to change the plan"):
        refine("  ")
