"""The Ask tab's layout: a chat with streamed, cited answers, optionally about a shared plan,
with follow-up questions, the cited passages and the answer as plain text under it. The
handlers live in `ui.executive_handlers`."""

from __future__ import annotations

import gradio as gr

from assistant.services import Services
from ui.access import Access
from ui.executive_handlers import FOLLOW_UPS, NEW_CHAT, NO_PLAN, ExecutiveHandlers


def build_executive_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """Lays out the tab and wires it; every handler checks the role and access server-side."""
    h = ExecutiveHandlers(services.chat, access)
    with gr.Row():
        plan = gr.Dropdown(label="About a plan", choices=[(NO_PLAN, "")], value="", scale=2,
                           allow_custom_value=True)
        chat_id = gr.Dropdown(label="Chat", choices=[(NEW_CHAT, "")], value="", scale=2,
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
    ask_next = gr.Markdown(elem_id="follow-ups-label")
    with gr.Row():
        follow_ups = [gr.Button(visible=False, size="sm", elem_classes="follow-up")
                      for _ in range(FOLLOW_UPS)]
    with gr.Accordion("Sources of this answer (click one to read the passage)", open=False):
        answer_sources = gr.HTML()
    with gr.Accordion("Copy this answer with its sources", open=False):
        plain = gr.Textbox(label="Answer as plain text", lines=6, interactive=False,
                           buttons=["copy"])

    tools = [ask_next, *follow_ups, answer_sources, plain]
    asked = [chatbot, question, chat_id]
    for event, source, name in ((send.click, question, "ask"), (question.submit, question, None),
                                *((b.click, b, None) for b in follow_ups)):
        event(h.ask, [source, chatbot, chat_id, plan], asked, api_name=name,
              api_visibility="public" if name else "private").then(
            h.refresh_chats, chat_id, chat_id, api_visibility="private").then(
            h.last_answer, chat_id, tools, api_visibility="private")
    chat_id.input(h.load_chat, chat_id, chatbot, api_name="load_chat").then(
        h.last_answer, chat_id, tools, api_name="last_answer")
    plan.change(h.show_plan, plan, [plan_view, plan_sources, plan_box], api_name="show_plan")
    plan_download_btn.click(h.download_plan, [plan, plan_fmt], plan_file,
                            api_name="download_plan")
    app.load(h.initial, None, [plan, chat_id], api_visibility="private")
