"""screen_plan: one pass over the whole plan; only the fields a finding touches are screened
again, so a clean plan costs one scan and a plan with one bad field costs two."""

from __future__ import annotations

import pytest

from assistant.guardrail import GuardrailSettings, Stage, build_guardrail
from assistant.planning.plan import SessionPlan
from assistant.planning.screening import WITHHELD_TEXT, screen_plan
from assistant.storage import Database
from tests.planning.conftest import sample_plan


@pytest.fixture
def counted(tmp_path):
    """A real guardrail whose screen calls are counted."""
    import assistant.guardrail.audit  # noqa: F401  (tables)

    db = Database(f"sqlite:///{tmp_path}/t.db")
    db.create_all()
    guard = build_guardrail(GuardrailSettings(), db)
    calls: list[str] = []
    screen = guard.screen

    def spy(text, stage, user=None):  # type: ignore[no-untyped-def]
        calls.append(text)
        return screen(text, stage, user=user)

    guard.screen = spy  # type: ignore[method-assign]
    return guard, calls


def with_point(text: str) -> SessionPlan:
    plan = sample_plan()
    plan["agenda"][1]["talking_points"][0]["text"] = text
    return SessionPlan.model_validate(plan)


def test_a_clean_plan_is_screened_once(counted):
    guard, calls = counted
    plan = SessionPlan.model_validate(sample_plan())
    out, withheld = screen_plan(guard, plan, "maya")
    assert out == plan and withheld == []
    assert len(calls) == 1


def test_only_the_touched_field_is_screened_again_and_redacted(counted):
    guard, calls = counted
    plan = with_point("Write to priya.sharma@gmail.com for the deck.")
    out, withheld = screen_plan(guard, plan, "maya")
    assert len(calls) == 2  # the whole plan, then the one field with the address
    assert "priya.sharma@gmail.com" not in out.agenda[1].talking_points[0].text
    assert out.agenda[0] == plan.agenda[0] and out.objectives == plan.objectives
    assert [w.categories for w in withheld] == [["personal"]]


def test_a_blocked_field_is_replaced_by_the_marker(counted):
    guard, _ = counted
    plan = with_point("Use the key AKIAIOSFODNN7EXAMPLF to post.")
    out, withheld = screen_plan(guard, plan, "maya", Stage.OUTPUT)
    assert out.agenda[1].talking_points[0].text == WITHHELD_TEXT
    assert out.agenda[1].title == plan.agenda[1].title
    assert withheld and withheld[0].action == "block"
