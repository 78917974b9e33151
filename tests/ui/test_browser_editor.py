"""The plan editor in headless Chromium: a mentor drafts a plan, gives the first segment five
more minutes (the others rebalance), moves it down, saves, and sees the new version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui.test_browser import browser, shot, sign_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow


def cell(page, row: int, column: int):
    """A cell of the agenda table (Gradio's data-testid cell-ROW-COLUMN)."""
    return page.locator(f"#plan-agenda [data-testid='cell-{row}-{column}']")


def test_a_mentor_edits_a_plan_in_the_form(browser, live_app):  # noqa: F811
    page = sign_in(browser, live_app, "maya")
    page.get_by_role("tab", name="Plan a session").click()
    page.get_by_label("Mentee role").fill("Chief Marketing Officer")
    page.get_by_label("Topic", exact=True).fill("LinkedIn for executives")
    page.get_by_role("button", name="Draft plan").click()
    page.get_by_text("Hands-on exercise", exact=False).first.wait_for()
    header = page.get_by_text(re.compile(r"Plan \d+, version 1")).first.inner_text()
    number = re.search(r"Plan (\d+)", header).group(1)  # type: ignore[union-attr]
    page.get_by_text("Edit the plan", exact=True).click()
    total = page.locator("#plan-total")
    total.get_by_text("of 45 minutes ✓").wait_for()
    title = cell(page, 0, 0).inner_text().strip()
    minutes = int(cell(page, 0, 1).inner_text().strip())
    other = cell(page, 1, 1).inner_text().strip()
    cell(page, 0, 1).dblclick()
    editing = cell(page, 0, 1).locator("textarea")
    editing.fill(str(minutes + 5))
    editing.press("Enter")
    cell(page, 0, 1).get_by_text(str(minutes + 5), exact=True).wait_for()
    expect(cell(page, 1, 1)).not_to_have_text(other)  # the other segments gave way
    total.get_by_text("of 45 minutes ✓").wait_for()
    page.get_by_role("button", name="Move down").click()
    cell(page, 1, 0).get_by_text(title, exact=True).wait_for()
    shot(page, "mentor-plan-editor")
    page.get_by_role("button", name="Save plan").click()
    page.get_by_text(f"Plan {number}, version 2 · edited by the mentor").wait_for()
    page.close()
