"""Headless Chromium (Debian's, driven by Playwright) against the live app.

Screenshots of each screen go to tests/artifacts/ for a reviewer to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.ui.conftest import PASSWORDS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def sign_in(browser, url: str, name: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(60_000)
    page.goto(url)
    page.fill("input[type=text]", name)
    page.fill("input[type=password]", PASSWORDS[name])
    page.get_by_role("button", name=re.compile("login", re.I)).click()
    page.get_by_text(f"Signed in as {name}").wait_for()
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_admin_uploads_and_approves_then_a_mentor_finds_it(browser, live_app, tmp_path):
    note = tmp_path / "pinterest-idea-pins.md"
    note.write_text(
        "# Pinterest idea pins for leaders\n\n## Why pins\nPinterest idea pins let a leader "
        "share a step-by-step carousel that keeps being discovered for months.\n",
        encoding="utf-8",
    )
    admin = sign_in(browser, live_app, "ada")
    admin.get_by_role("tab", name="Admin").click()
    admin.get_by_text("Upload documents").click()
    admin.locator("input[type=file][multiple]").set_input_files(str(note))
    admin.get_by_label("Topics (comma-separated)").fill("pinterest")
    admin.get_by_role("button", name="Upload and index").click()
    admin.get_by_text("pinterest-idea-pins", exact=False).first.wait_for()
    shot(admin, "admin-upload")
    admin.get_by_label("Document", exact=True).click()  # picked from the list, no id typed
    admin.get_by_role("option", name=re.compile("pinterest-idea-pins")).click()
    admin.get_by_role("button", name="Approve").click()
    admin.get_by_text(re.compile(r"approved\s+pinterest-idea-pins")).wait_for()
    shot(admin, "admin-approved")
    admin.close()

    mentor = sign_in(browser, live_app, "maya")
    assert mentor.get_by_role("tab", name="Admin").count() == 0 or not mentor.get_by_role(
        "tab", name="Admin").is_visible()
    mentor.get_by_role("tab", name="Search guidance").click()
    box = mentor.get_by_label("Search", exact=True)
    box.fill("Pinterest idea pins carousel")
    box.press("Enter")
    mentor.get_by_text("Pinterest idea pins for leaders", exact=False).first.wait_for()
    shot(mentor, "mentor-search")
    mentor.close()


def test_mentor_drafts_a_plan_and_opens_a_cited_passage(browser, live_app):
    mentor = sign_in(browser, live_app, "maya")
    mentor.get_by_role("tab", name="Plan a session").click()
    mentor.get_by_label("Mentee role").fill("Chief Operating Officer")
    mentor.get_by_label("Goals (one per line)").fill("Start a weekly LinkedIn habit")
    mentor.get_by_label("Topic", exact=True).fill("LinkedIn for executives")
    mentor.get_by_role("button", name="Draft plan").click()
    mentor.get_by_text("Hands-on exercise", exact=False).first.wait_for()
    assert mentor.get_by_text("[S1]", exact=False).count() > 0
    shot(mentor, "mentor-plan")
    mentor.get_by_text("Sources (click one to read the passage)").click()
    summary = mentor.locator("summary").first
    summary.click()
    passage = mentor.locator("details[open] blockquote").first
    passage.wait_for()
    assert len(passage.inner_text()) > 40
    shot(mentor, "mentor-sources")
    mentor.close()


def test_executive_chat_shows_a_streamed_cited_answer(browser, live_app):
    executive = sign_in(browser, live_app, "erik")
    assert not executive.get_by_role("tab", name="Plan a session").is_visible()
    executive.get_by_role("tab", name="Ask").click()
    box = executive.get_by_label("Question")
    box.fill("How do I get started with YouTube Shorts?")
    box.press("Enter")
    executive.get_by_text("Sources:", exact=False).first.wait_for()
    shot(executive, "executive-chat")
    executive.close()
