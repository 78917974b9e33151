"""A newcomer's first hour in a real browser (issue 15): each role lands on its first visible
tab with a first step, and an executive reads, asks about and downloads a shared plan.

Screenshots go to tests/artifacts/, named after the step.
"""

from __future__ import annotations

import re

import pytest

from tests.planning.conftest import sample_plan
from tests.ui.test_browser import browser, shot, sign_in

__all__ = ["browser"]  # the fixture, shared with the other browser tests
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared_plan(app_services) -> int:
    """maya's plan, shared with erik."""
    from assistant.planning.plan import SessionPlan

    plans = app_services.planner.plans
    plan = SessionPlan.model_validate(sample_plan(title="Newcomer plan for a CFO"))
    stored = plans.create(plan, "maya", "offline")
    plans.share(stored.id, "maya", "erik")
    return stored.id


def selected_tab(page) -> str:
    return page.locator("[role=tab][aria-selected=true]").first.inner_text().strip()


@pytest.mark.parametrize(
    ("user", "tab", "step"),
    [
        ("maya", "Plan a session", "mentor-lands-on-plan"),  # a mentor's first tab
        ("ada", "Plan a session", "admin-lands-on-plan"),  # an admin's first visible tab
    ],
)
def test_each_role_lands_on_its_first_visible_tab(browser, live_app, user, tab, step):
    page = sign_in(browser, live_app, user)
    page.get_by_text("Start here").wait_for()
    assert selected_tab(page) == tab
    shot(page, step)
    page.close()


def test_an_executive_reads_asks_about_and_downloads_a_shared_plan(browser, live_app,
                                                                   shared_plan):
    page = sign_in(browser, live_app, "erik")
    page.get_by_text("Start here").wait_for()
    assert selected_tab(page) == "Ask"  # not a blank page
    shot(page, "executive-lands-on-ask")

    page.get_by_label("About a plan").click()
    page.get_by_role("option", name=f"{shared_plan}: Newcomer plan for a CFO").click()
    page.get_by_role("heading", name="Newcomer plan for a CFO").wait_for()
    assert page.get_by_text("read-only").first.is_visible()
    page.get_by_text("Sources (click one to read the passage)").last.click()
    page.get_by_text("Doc › Intro").first.wait_for()
    shot(page, "executive-shared-plan")

    page.get_by_role("button", name="Download plan").click()
    link = page.locator("a[download]").first
    link.wait_for()
    assert re.search(rf"plan-{shared_plan}-v1\.md", link.get_attribute("href") or "")
    shot(page, "executive-plan-download")

    page.get_by_label("Question").fill("What do I need to read before our session?")
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_text("The plan's pre-reading").first.wait_for()
    assert page.get_by_text("Read Doc.").first.is_visible()
    shot(page, "executive-asks-about-plan")
    page.close()


def test_the_programme_charts_draw_bars(browser, live_app, shared_plan):
    page = sign_in(browser, live_app, "ada")
    page.get_by_role("tab", name="Journeys").click()
    page.get_by_role("button", name="Refresh programme view").click()
    chart = page.locator(".vega-embed").first
    chart.wait_for()
    page.wait_for_timeout(1000)  # let Vega draw
    shot(page, "admin-programme-charts")
    svg = chart.inner_html()
    assert "1.000000" not in svg and "path" in svg  # a real axis, and marks drawn
    page.close()
