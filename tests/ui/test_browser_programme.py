"""The whole programme in a real browser (issue 13, item 5): an admin creates a pair; the
mentor drafts its first session, edits a segment and exports the plan; the executive rates
the session and updates a goal; the mentor drafts the next session and sees what was carried
over; the admin opens the programme view with its charts.

Screenshots go to tests/artifacts/, named after the step. The steps live in browser_steps.py.
"""

from __future__ import annotations

import re

import pytest

from tests.ui.browser_steps import (
    PairRef,
    add_goal,
    choose_pair,
    choose_session,
    create_pair,
    draft_session,
    edit_segment,
    export_plan,
    open_programme,
    pair_summary,
    rate_session,
    update_goal,
)
from tests.ui.test_browser import browser, shot, sign_in

__all__ = ["browser"]  # the fixture, shared with the other browser tests
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, embedder):
    """An app of its own: the programme makes the maya → erik pair, which the shared app's
    journeys tests make too (a pair exists once)."""
    from tests.ui.conftest import free_port, seeded_services
    from ui.app import launch

    services = seeded_services(tmp_path_factory.mktemp("programme"), embedder)
    port = free_port()
    app = launch(services, host="127.0.0.1", port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()

TOPIC = "LinkedIn for executives"
GOAL = "Post on LinkedIn every week"
EDITED = "Opening: how the executive uses LinkedIn today"


def test_a_pair_goes_through_two_sessions(browser, live_app):
    admin = sign_in(browser, live_app, "ada")
    pair: PairRef = create_pair(admin, "maya", "erik", "Chief Financial Officer",
                                {TOPIC: "new"})
    shot(admin, "programme-1-admin-creates-pair")
    admin.close()

    mentor = sign_in(browser, live_app, "maya")
    choose_pair(mentor, pair)
    goal = add_goal(mentor, GOAL, "2027-03-01")
    first, text = draft_session(mentor, TOPIC, 45)
    assert first.number == 1 and "Agenda" in text
    shot(mentor, "programme-2-mentor-drafts-first-session")
    header = edit_segment(mentor, first.plan_id, 0, EDITED)
    assert "version 2" in header
    shot(mentor, "programme-3-mentor-edits-a-segment")
    name, body = export_plan(mentor, first.plan_id, "md")
    assert name == f"plan-{first.plan_id}-v2.md" and EDITED in body.decode("utf-8")
    shot(mentor, "programme-4-mentor-exports")
    mentor.close()

    executive = sign_in(browser, live_app, "erik")
    choose_pair(executive, pair)
    assert choose_session(executive, first)[0].startswith(EDITED)  # the edited plan
    rate_session(executive, first, 5, "The live post draft", "More time for the exercise")
    note = update_goal(executive, goal, 60, "first two posts are out")
    assert "(1 updates)" in note
    assert "rated 5/5" in pair_summary(executive, pair)
    shot(executive, "programme-5-executive-rates-and-updates-goal")
    executive.close()

    mentor = sign_in(browser, live_app, "maya")
    choose_pair(mentor, pair)
    second, text = draft_session(mentor, TOPIC, 45)
    assert second.number == 2 and second.plan_id != first.plan_id
    carried = text.split("Carried over from earlier sessions", 1)[1].split("Objectives")[0]
    assert f"{GOAL}: open goal at 60%: first two posts are out" in carried
    assert "session 1 rated 5/5" in carried and "More time for the exercise" in carried
    shot(mentor, "programme-6-mentor-sees-carry-over")
    mentor.close()

    admin = sign_in(browser, live_app, "ada")
    area = open_programme(admin)
    admin.wait_for_timeout(1000)  # let Vega draw
    charts = area.locator(".vega-embed")
    assert charts.count() == 2 and "path" in charts.first.inner_html()
    table = area.get_by_role("grid").filter(has_text="avg rating")
    assert table.get_by_role("gridcell", name="maya").count() > 0  # the pair, with its rating
    assert table.get_by_role("gridcell", name=re.compile(r"^5(\.0+)?$")).count() > 0
    shot(admin, "programme-7-admin-programme-view")
    admin.close()
