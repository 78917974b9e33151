"""Refine in a real browser (issue 15, item 3): the mentor asks for a new exercise in words,
and the page shows the refined plan with what was applied and what changed.

Screenshots go to tests/artifacts/, named after the step.
"""

from __future__ import annotations

import pytest

from tests.ui.test_browser import browser, shot, sign_in

__all__ = ["browser"]  # the fixture, shared with the other browser tests
pytestmark = pytest.mark.slow


def test_refine_changes_the_exercise_and_shows_what_changed(browser, live_app):
    mentor = sign_in(browser, live_app, "maya")
    mentor.get_by_role("tab", name="Plan a session").click()
    mentor.get_by_label("Mentee role").fill("CFO")
    mentor.get_by_label("Topic", exact=True).fill("Instagram")
    mentor.get_by_role("button", name="Draft plan").click()
    mentor.get_by_text("Hands-on exercise", exact=False).first.wait_for()

    mentor.get_by_label("Refine").fill("Make the exercise about a behind-the-scenes Reel, "
                                       "and make it rhyme")
    mentor.get_by_role("button", name="Refine").click()
    report = mentor.locator("#refine-report")
    report.get_by_text("What changed (version 1 → 2)").wait_for()
    assert report.get_by_text("Not applied").is_visible()
    assert "“make it rhyme”: not understood offline" in report.inner_text()
    assert mentor.get_by_role("heading", name="Hands-on exercise: Draft a behind-the-scenes "
                                             "Reel").first.is_visible()
    report.scroll_into_view_if_needed()
    shot(mentor, "mentor-refine-diff")
    mentor.close()
