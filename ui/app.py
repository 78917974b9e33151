"""The Gradio app: a thin client of the services."""

from __future__ import annotations

import html

import gradio as gr

from assistant.services import Services


def build_app(services: Services) -> gr.Blocks:
    """A search page over approved guidance (the full role-based app builds on this)."""

    def search(query: str) -> str:
        if not query.strip():
            return "Type a question, for example *How often should an executive post?*"
        hits = services.retriever.search(query)
        if not hits:
            return "There is no approved guidance on that yet."
        blocks = [
            f"**{rank}. {html.escape(hit.citation.label())}**\n\n{html.escape(hit.text)}"
            for rank, hit in enumerate(hits, start=1)
        ]
        return "\n\n---\n\n".join(blocks)

    with gr.Blocks(title="Reverse Mentoring Coach") as app:
        gr.Markdown("# Reverse Mentoring Coach\nSearch the approved knowledge base.")
        query = gr.Textbox(label="Question", placeholder="How do I run a first session?")
        results = gr.Markdown()
        query.submit(search, query, results, api_name="search")
        gr.Button("Search", variant="primary").click(search, query, results, api_name=False)
    return app


def launch(services: Services, host: str, port: int) -> None:
    build_app(services).queue().launch(server_name=host, server_port=port, show_api=False)
