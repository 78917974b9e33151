"""The admin tab's handlers, called in-process with a signed-in request (no server): why a
document was held back, approve anyway, edit and re-upload, picks without typed ids, lists
that follow every change, and errors a web user can act on."""

from __future__ import annotations

import gradio as gr
import pytest

from tests.knowledge.test_review import DOC, KEY
from ui.access import Access
from ui.admin_handlers import AdminHandlers

DOC_ID = "launch-posts-handlers"


@pytest.fixture
def admin(app_services):
    """The handlers wrapped as the app wraps them (errors made fit for the browser)."""
    access = Access(app_services.users, app_services.sessions)
    handlers = AdminHandlers(app_services, access)

    class Wrapped:
        def __getattr__(self, name):
            return access.handler(getattr(handlers, name))

    return Wrapped()


@pytest.fixture
def held(admin, app_services, request_as, tmp_path):
    """A held-back upload in the shared app, removed again afterwards."""
    path = tmp_path / f"{DOC_ID}.md"
    path.write_text(DOC, encoding="utf-8")
    message, rows = admin.kb_upload([str(path)], "guidance", "linkedin", "draft", "", "comms",
                                    request_as("ada"))
    assert "held back by the guardrail" in message and "Why flagged?" in message
    assert [r for r in rows if r[0] == DOC_ID][0][4] == "no"
    held_first = [bool(r[8]) for r in rows]
    assert held_first == sorted(held_first, reverse=True)  # documents awaiting review on top
    yield DOC_ID
    if app_services.kb.get(DOC_ID):
        app_services.kb.remove(DOC_ID)


def test_why_flagged_names_chunk_rule_and_position_without_the_secret(admin, held, request_as):
    text, row = admin.kb_why(held, request_as("ada"))
    assert "confidential.marking" in text and "secrets.openai_key" in text
    assert "chunk " in text and "characters " in text and "section “Timing”" in text
    assert "«do not post it»" in text and KEY not in text and KEY[:10] not in text
    assert row.visible is True  # "Approve anyway" and "Edit and re-upload" show


def test_plain_approve_points_to_the_review(admin, held, request_as):
    with pytest.raises(gr.Error, match="held back by the guardrail.*Why flagged"):
        admin.kb_approve(held, request_as("ada"))


def test_approve_anyway_shows_the_document_audits_and_refreshes_the_lists(
        admin, held, request_as, app_services):
    message, rows, text, row = admin.kb_override(held, request_as("ada"))
    assert "anyway" in message and row.visible is False
    assert [r for r in rows if r[0] == held][0][4] == "yes"
    assert "not held back" in text and "approved anyway by **ada**" in text
    cards, picker, _terms, audit, users, _who, usage = admin.admin_lists(
        "", "", "ada", "", request_as("ada"))
    assert "Launch posts for leaders" in cards and held in cards
    label = dict((v, k) for k, v in picker.choices)[held]
    assert "held back" not in label and "approved" in label
    overrides = [r for r in audit if r[3] == "override"]
    assert overrides and overrides[0][2] == "ada" and overrides[0][6] == held
    assert "secrets.openai_key" in overrides[0][5]
    assert ["ada", "admin"] in users and "approved anyway: 1" in usage


def test_edit_and_reupload_opens_the_form_with_the_documents_details(admin, held, request_as):
    note, box, kind, topics, status, valid, owner = admin.kb_reupload(held, request_as("ada"))
    assert box.open is True and f"{held}.md" in note and "same file name" in note
    assert (kind, topics, status, owner) == ("guidance", "linkedin", "draft", "comms")


def test_a_synced_document_is_edited_in_the_knowledge_folder(admin, request_as):
    note, box, *_ = admin.kb_reupload("linkedin-strategy-for-executives", request_as("ada"))
    assert "knowledge folder" in note and "Re-sync" in note and box.open is False


def test_a_table_row_click_picks_the_document_and_a_new_pick_clears_the_review(
        admin, request_as):
    event = gr.EventData(None, {"index": [0, 1], "value": "x",
                                "row_value": ["linkedin-strategy-for-executives", "LinkedIn"]})
    assert admin.kb_select(event, request_as("ada")) == "linkedin-strategy-for-executives"
    gone = gr.EventData(None, {"row_value": ["removed-meanwhile"]})
    with pytest.raises(gr.Error, match="not a document any more"):
        admin.kb_select(gone, request_as("ada"))
    why, row, note = admin.kb_pick(request_as("ada"))
    assert (why, row.visible, note) == ("", False, "")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        # nothing picked: say what to do, not which id to type
        (lambda a, r: a.kb_why(None, r), "Pick a document in the list"),
        (lambda a, r: a.kb_override("", r), "Pick a document in the list"),
        # a document removed meanwhile by another admin
        (lambda a, r: a.kb_preview("gone-doc", r), "not in the knowledge base any more"),
        # a date typed wrongly in the audit filter
        (lambda a, r: a.audit("", "", "", "3 May", r), "is not a date: write it as YYYY-MM-DD"),
        # an empty term
        (lambda a, r: a.terms_add("  ", r), "Type the term to add"),
        # approving anyway a document that is not held back
        (lambda a, r: a.kb_override("linkedin-strategy-for-executives", r),
         "not held back; use \\*\\*Approve\\*\\* instead"),
    ],
)
def test_errors_are_written_for_a_web_user(admin, request_as, call, expected):
    with pytest.raises(gr.Error, match=expected) as raised:
        call(admin, request_as("ada"))
    assert "coach " not in str(raised.value.message) and "Traceback" not in str(
        raised.value.message)


@pytest.mark.parametrize("name", ["maya", "erik"])
def test_every_review_handler_refuses_other_roles(admin, request_as, name, app_services):
    for call in (lambda r: admin.kb_why("linkedin-strategy-for-executives", r),
                 lambda r: admin.kb_override("linkedin-strategy-for-executives", r),
                 lambda r: admin.kb_reupload("linkedin-strategy-for-executives", r),
                 lambda r: admin.admin_lists("", "", "", "", r),
                 lambda r: admin.kb_pick(r)):
        with pytest.raises(gr.Error, match="admins only"):
            call(request_as(name))
    assert app_services.kb.get("linkedin-strategy-for-executives").is_visible()


def test_usage_is_the_shared_report(admin, request_as, app_services):
    from assistant.operations.usage import usage_report

    text = admin.usage(request_as("ada"))
    for line in usage_report(app_services).lines():
        assert line.split(":")[0] in text
    assert "visible to mentors" in text
