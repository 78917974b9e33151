"""The admin tab in a real browser (issue 15, items 6 and 9): why a document was held back,
approving it anyway after a row click (no id typed), and the documents list at phone width.

Screenshots go to tests/artifacts/, named after the step.
"""

from __future__ import annotations

import re

import pytest

from tests.knowledge.test_review import DOC, KEY
from tests.ui.test_browser import browser, shot, sign_in

__all__ = ["browser"]  # the fixture, shared with the other browser tests
pytestmark = pytest.mark.slow
DOC_ID = "launch-posts-browser"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def admin_page(browser, live_app):
    page = sign_in(browser, live_app, "ada")
    page.get_by_role("tab", name="Admin").click()
    yield page
    page.close()


def test_why_flagged_then_approve_anyway(admin_page, app_services, tmp_path):
    page = admin_page
    note = tmp_path / f"{DOC_ID}.md"
    note.write_text(DOC, encoding="utf-8")
    page.get_by_text("Upload documents").click()
    page.locator("input[type=file][multiple]").set_input_files(str(note))
    page.get_by_role("button", name="Upload and index").click()
    page.get_by_text("held back by the guardrail", exact=False).first.wait_for()

    page.locator(".kb-wide").get_by_text(DOC_ID, exact=True).first.click()  # a row, not an id
    picker = page.get_by_label("Document", exact=True)
    page.wait_for_function(
        "id => [...document.querySelectorAll('input')].some(i => i.value.includes(id))",
        arg=DOC_ID)
    assert "held back" in picker.input_value()
    page.get_by_role("button", name="Why flagged?").click()
    why = page.locator("#why-flagged")
    why.get_by_text("confidential.marking", exact=False).first.wait_for()
    assert "«do not post it»" in why.inner_text() and "secrets.openai_key" in why.inner_text()
    assert KEY not in page.content() and KEY[:12] not in page.content()
    assert page.get_by_role("button", name="Edit and re-upload").is_visible()
    shot(page, "admin-why-flagged")

    page.get_by_role("button", name="Approve anyway").click()
    page.get_by_text(re.compile(rf"approved\s+{DOC_ID}\s+anyway")).wait_for()
    assert not page.get_by_role("button", name="Approve anyway").is_visible()
    page.get_by_role("tab", name="Audit and usage").click()
    # the override row names the document (the Knowledge base tab is hidden now)
    page.locator(f"text={DOC_ID} >> visible=true").first.wait_for()
    assert page.locator("text=override >> visible=true").count() > 0
    shot(page, "admin-approved-anyway-audit")
    assert app_services.kb.get(DOC_ID).is_visible()
    app_services.kb.remove(DOC_ID)


def test_documents_read_as_cards_at_phone_width(admin_page):
    page = admin_page
    page.set_viewport_size(PHONE)
    cards = page.locator(".kb-card")
    cards.first.wait_for()
    shot(page, "admin-phone")
    assert not page.locator(".kb-wide").first.is_visible()  # the nine-column table is hidden
    box, panel = cards.first.bounding_box(), page.locator(".kb-cards").bounding_box()
    button = page.get_by_role("button", name="Approve", exact=True).bounding_box()
    assert box and panel and button
    # a card is about as wide as the tab's buttons (a little inset), not a one-letter column
    assert box["width"] >= 0.85 * button["width"] and box["x"] - button["x"] < 16
    title = cards.first.locator("strong")
    assert title.bounding_box()["width"] > 100 and len(title.inner_text()) > 10
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.kb-card')].some(c => c.scrollWidth > "
        "c.clientWidth + 1)")
    assert not overflow  # long ids wrap inside their card
