"""Executive area: a chat with streamed, cited answers, optionally about a shared plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.planning.chat import ChatAnswer
from assistant.planning.export import export
from assistant.planning.records import PlanAction
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access
from ui.mentor import sources_html
from ui.scratch import scratch_dir

NO_PLAN = "(no plan)"


def answer_footer(answer: ChatAnswer) -> str:
    """Sources and a note on anything the guardrail withheld (categories only)."""
    lines = []
    if answer.citations:
        lines.append("**Sources:** " + "; ".join(
            f"[{c.id}] {c.label}" for c in answer.citations))
    if answer.withheld:
        lines.append("*Withheld by the guardrail:* " + "; ".join(
            f"{w.where} ({', '.join(w.categories)})" for w in answer.withheld))
    return ("\n\n" + "\n\n".join(lines)) if lines else ""


def sources_line(citations: list[dict[str, Any]]) -> str:
    if not citations:
        return ""
    return "\n\n**Sources:** " + "; ".join(
        f"[{c.get('id', '')}] {c.get('label', '')}" for c in citations)


def build_executive_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """The follow-up chat; every handler checks the role and plan access on the server."""
    chat = services.chat
    errors = access.handler

    def signed_in(request: gr.Request | None) -> str:
        return access.require(request, Role.EXECUTIVE, Role.MENTOR, Role.ADMIN)

    def plan_choices(user: str) -> list[tuple[str, str]]:
        shared = chat.plans.shared_with(user) + chat.plans.list(owner=user)
        return [(NO_PLAN, "")] + [(f"{p['id']}: {p['title']}", str(p["id"])) for p in shared]

    def chat_choices(user: str) -> list[tuple[str, str]]:
        return [("(new chat)", "")] + [(f"{c['id']}: {c['title']}", str(c["id"]))
                                       for c in chat.chats.list(user)]

    @errors
    def ask(question: str, history: list[dict[str, Any]] | None, chat_id: str | None,
            plan: str | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        user = signed_in(request)
        question = (question or "").strip()
        if not question:
            raise gr.Error("Type a question first.")
        plan_id = int(plan) if plan else None
        current = int(chat_id) if chat_id else None
        history = list(history or []) + [{"role": "user", "content": question},
                                         {"role": "assistant", "content": ""}]
        stream = chat.stream(question, user, chat_id=current, plan_id=plan_id)
        text = ""
        for piece in stream:
            text += piece
            history[-1] = {"role": "assistant", "content": safe_markdown(text)}
            yield history, gr.skip(), gr.skip()
        answer = stream.answer
        assert answer is not None
        final = answer.message if answer.blocked else answer.text
        history[-1] = {"role": "assistant",
                       "content": safe_markdown(final + answer_footer(answer))}
        kept = question if answer.blocked else ""  # a blocked question stays to be fixed
        yield history, kept, str(answer.chat_id)

    @errors
    def load_chat(chat_id: str | None, request: gr.Request) -> list[dict[str, Any]]:
        user = signed_in(request)
        if not chat_id:
            return []
        return [{"role": m.role, "content": safe_markdown(m.content + sources_line(m.citations))}
                for m in chat.history(int(chat_id), user)]

    @errors
    def initial(request: gr.Request) -> tuple[Any, Any]:
        user = getattr(request, "username", None)
        if access.users.role_of(user) is None:
            return gr.skip(), gr.skip()
        return (gr.Dropdown(choices=plan_choices(str(user)), value=""),
                gr.Dropdown(choices=chat_choices(str(user)), value=""))

    @errors
    def show_plan(plan_id: str | None, request: gr.Request) -> tuple[Any, Any, Any]:
        """The chosen plan, read-only, with its sources (the repository checks access)."""
        user = signed_in(request)
        if not plan_id:
            return "", "", gr.Column(visible=False)
        stored = chat.plans.get(int(plan_id), user, action=PlanAction.READ)
        header = f"*Plan {stored.id}, version {stored.version} · read-only*\n\n"
        return (safe_markdown(header + stored.plan.to_markdown()),
                sources_html(services, stored.plan, user), gr.Column(visible=True))

    @errors
    def download_plan(plan_id: str | None, fmt: str, request: gr.Request) -> str:
        user = signed_in(request)
        if not plan_id:
            raise gr.Error("Choose a plan first.")
        stored = chat.plans.get(int(plan_id), user, action=PlanAction.EXPORT)
        path = scratch_dir("coach-export-") / f"plan-{stored.id}-v{stored.version}.{fmt}"
        path.write_bytes(export(stored.plan, fmt))  # type: ignore[arg-type]
        return str(path)

    with gr.Row():
        plan = gr.Dropdown(label="About a plan", choices=[(NO_PLAN, "")], value="", scale=2,
                           allow_custom_value=True)
        chat_id = gr.Dropdown(label="Chat", choices=[("(new chat)", "")], value="", scale=2,
                              allow_custom_value=True)
    with gr.Column(visible=False) as plan_box:
        with gr.Accordion("The plan (read-only)", open=True):
            plan_view = gr.Markdown()
        with gr.Accordion("Sources (click one to read the passage)", open=False):
            plan_sources = gr.HTML()
        with gr.Row():
            plan_fmt = gr.Radio(["md", "docx", "pdf"], value="md", label="Download format")
            plan_download_btn = gr.Button("Download plan")
            plan_file = gr.File(label="Download")
    chatbot = gr.Chatbot(label="Answers from approved guidance", height=460)
    with gr.Row():
        question = gr.Textbox(label="Question", scale=5,
                              placeholder="How often should I post on LinkedIn?")
        send = gr.Button("Ask", variant="primary", scale=1)

    @errors
    def refresh_chats(current: str | None, request: gr.Request) -> Any:
        user = signed_in(request)
        return gr.Dropdown(choices=chat_choices(user), value=current or "")

    inputs = [question, chatbot, chat_id, plan]
    for event, name in ((send.click, "ask"), (question.submit, None)):
        visibility = "public" if name else "private"
        event(ask, inputs, [chatbot, question, chat_id], api_name=name,
              api_visibility=visibility).then(refresh_chats, chat_id, chat_id,
                                              api_visibility="private")
    chat_id.input(load_chat, chat_id, chatbot, api_name="load_chat")
    plan.change(show_plan, plan, [plan_view, plan_sources, plan_box], api_name="show_plan")
    plan_download_btn.click(download_plan, [plan, plan_fmt], plan_file, api_name="download_plan")
    app.load(initial, None, [plan, chat_id], api_visibility="private")
