"""Executive area: a chat with streamed, cited answers, optionally about a shared plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.planning.chat import ChatAnswer
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access

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
            yield history, "", gr.skip()
        answer = stream.answer
        assert answer is not None
        final = answer.message if answer.blocked else answer.text
        history[-1] = {"role": "assistant",
                       "content": safe_markdown(final + answer_footer(answer))}
        yield history, "", str(answer.chat_id)

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

    with gr.Row():
        plan = gr.Dropdown(label="About a plan", choices=[(NO_PLAN, "")], value="", scale=2,
                           allow_custom_value=True)
        chat_id = gr.Dropdown(label="Chat", choices=[("(new chat)", "")], value="", scale=2,
                              allow_custom_value=True)
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
    app.load(initial, None, [plan, chat_id], api_visibility="private")
