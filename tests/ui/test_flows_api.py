"""Each role's main flows through the live app's HTTP API (gradio_client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gradio_client.exceptions import AppError

DRAFT = ("CFO", "beginner", "Post on LinkedIn once a week", "LinkedIn for executives", 45,
         "Keep it practical")


def text_of(message: dict) -> str:
    """A chat message's text (Gradio returns content as a string or as typed parts)."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content)


@pytest.fixture(scope="module")
def drafted(client_for):
    plan_md, withheld, sources, plan_id, body = client_for("maya").predict(
        *DRAFT, api_name="/draft_plan")
    return {"md": plan_md, "withheld": withheld, "sources": sources, "id": int(plan_id),
            "body": body}


def test_mentor_drafts_a_cited_plan(drafted):
    assert "## Agenda" in drafted["md"] and "[S1]" in drafted["md"]
    assert "<details>" in drafted["sources"] and "LinkedIn" in drafted["sources"]
    plan = json.loads(drafted["body"])
    assert sum(s["minutes"] for s in plan["agenda"]) == 45


def test_the_guardrail_panel_names_categories_never_content(client_for):
    secret = "jane.roe@example.org"
    plan_md, withheld, *_ = client_for("maya").predict(
        "CMO", "new", f"Answer {secret} faster", "Instagram basics", 30, "",
        api_name="/draft_plan")
    assert "personal data: redacted" in withheld and "(input stage)" in withheld  # issue 9
    assert secret not in plan_md + withheld


def test_refine_edit_export_and_share(client_for, drafted, app_services):
    mentor = client_for("maya")
    plan_md, _, _, plan_id, body, report = mentor.predict(
        drafted["id"], "Make the exercise about Instagram Reels", api_name="/refine_plan")
    assert int(plan_id) == drafted["id"] and "version 2" in plan_md
    assert "**Applied**" in report and "Exercise: “" in report  # what changed, said plainly
    edited = json.loads(body)
    edited["title"] = "CFO LinkedIn kick-off"
    plan_md, *_ = mentor.predict(drafted["id"], json.dumps(edited), api_name="/edit_plan")
    assert "CFO LinkedIn kick-off" in plan_md and "version 3" in plan_md
    for fmt, magic in (("md", b"# CFO LinkedIn kick-off"), ("docx", b"PK"), ("pdf", b"%PDF")):
        path = mentor.predict(drafted["id"], fmt, api_name="/export_plan")
        assert Path(path).read_bytes().startswith(magic)
    note = mentor.predict(drafted["id"], "erik", api_name="/share_plan")
    assert "shared with erik" in note
    assert app_services.planner.plans.readable(drafted["id"], "erik")


def test_bad_edits_are_refused_with_a_readable_message(client_for, drafted):
    with pytest.raises(AppError, match="not valid JSON"):
        client_for("maya").predict(drafted["id"], "{not json", api_name="/edit_plan")


def test_executive_chat_streams_cited_answers(client_for):
    job = client_for("erik").submit("How often should I post on LinkedIn?", [], "", "",
                                    api_name="/ask")
    updates = list(job)
    history, _, chat = job.result()
    assert len(updates) >= 2  # streamed: several partial updates before the final one
    answer = text_of(history[-1])
    assert "[S" in answer and "Sources:" in answer
    assert chat  # the chat was saved and selected


def test_follow_up_in_the_same_chat_and_history(client_for, app_services):
    erik = client_for("erik")
    history, _, chat_id = erik.predict("What makes a good LinkedIn post?", [], "", "",
                                       api_name="/ask")
    history, _, same = erik.predict("And how often should I do it?", history, chat_id, "",
                                    api_name="/ask")
    assert same == chat_id and len(history) == 4
    loaded = erik.predict(chat_id, api_name="/load_chat")
    assert [m["role"] for m in loaded] == ["user", "assistant", "user", "assistant"]


def test_no_guidance_is_said_honestly(client_for):
    history, *_ = client_for("erik").predict("What is the boiling point of tungsten?", [], "",
                                             "", api_name="/ask")
    assert "no approved guidance" in text_of(history[-1]).lower()


def test_executives_cannot_draft_or_read_unshared_plans(client_for, app_services):
    with pytest.raises(AppError, match="^This action is for mentors or admins only.$"):
        client_for("erik").predict(*DRAFT, api_name="/draft_plan")
    # a real plan of maya's that was never shared with erik
    _, _, _, plan_id, _ = client_for("maya").predict(*DRAFT, api_name="/draft_plan")
    assert app_services.planner.plans.get(int(plan_id), "maya").owner == "maya"
    with pytest.raises(AppError, match=f"^no plan {int(plan_id)} of yours$"):
        client_for("erik").predict("anything?", [], "", str(int(plan_id)), api_name="/ask")


def test_chats_are_private_to_their_user(client_for):
    _, _, chat_id = client_for("erik").predict("How do I start on TikTok?", [], "", "",
                                               api_name="/ask")
    with pytest.raises(AppError, match=f"^no chat {chat_id} of yours$"):
        client_for("maya").predict(chat_id, api_name="/load_chat")
