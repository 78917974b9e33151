"""The Gradio app: one page, tabs by role; a thin client of the services.

Tabs are shown by role for convenience only; every handler checks the role on the server.
"""

from __future__ import annotations

import html
import os
import threading
from typing import Any

import gradio as gr

from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access
from ui.admin import build_admin_tab
from ui.executive import build_executive_tab
from ui.journeys import build_journeys_tab
from ui.mentor import build_mentor_tab
from ui.server import (
    FrontDoor,
    Gatekeeper,
    SessionTokens,
    light_sessions,
    no_matplotlib_switch,
    signin_callback,
)
from ui.theme import CSS

TITLE = "Reverse Mentoring Coach"
CACHE_PURGE = (3600, 3600)  # every hour, delete Gradio's cached files older than an hour
LOADING = ("*The search index is still loading: the first answers may take a few seconds "
           "longer.*")


def concurrency_limit() -> int:
    """Handlers run at once. Their Python part holds the GIL, but the model, SQLite and Chroma
    release it: two per core keep the cores busy; more only lengthens every answer. Waiting
    requests see their place in the queue on the page (Gradio's progress display)."""
    return 2 * (os.cpu_count() or 1)
# where each role lands (its first visible tab) and what to do there first
LANDING: dict[Role, tuple[str, str]] = {
    Role.MENTOR: ("plan", "Start here: describe your mentee and topic, then press "
                          "**Draft plan**."),
    Role.EXECUTIVE: ("ask", "Start here: pick a plan your mentor shared under **About a "
                            "plan** to read it, or type a question and press **Ask**."),
    Role.ADMIN: ("plan", "Start here: the **Admin** tab manages documents and users; this "
                         "tab drafts session plans."),
}


def build_app(services: Services) -> gr.Blocks:
    access = Access(services.users, services.sessions)

    @access.handler
    def search(query: str, request: gr.Request) -> str:
        user = access.require(request, *Role)
        if not query.strip():
            return "Type a question, for example *How often should an executive post?*"
        loading = "" if services.retriever.ready.is_set() else LOADING + "\n\n"
        found = services.guidance.search(query, user)
        if found.blocked:
            return f"**{found.message}**"
        if not found.passages:
            return loading + "There is no approved guidance on that yet."
        return loading + safe_markdown("\n\n---\n\n".join(
            f"**{rank}. {html.escape(p.source.label)}**\n\n{html.escape(p.text)}"
            for rank, p in enumerate(found.passages, start=1)
        ))

    @access.handler
    def on_load(request: gr.Request) -> tuple[Any, ...]:
        name = getattr(request, "username", None)
        role = services.users.role_of(name)
        greeting = (f"Signed in as **{name}** ({role.value if role else 'unknown'}) · "
                    "[sign out](/logout)")
        if not services.retriever.ready.is_set():
            greeting += "\n\n" + LOADING
        landing, hint = LANDING.get(role, ("search", "")) if role else ("search", "")
        return (greeting, hint, gr.Tabs(selected=landing),
                gr.Tab(visible=role in (Role.MENTOR, Role.ADMIN)),
                gr.Tab(visible=role is not None), gr.Tab(visible=role == Role.ADMIN),
                gr.Tab(visible=role is not None))

    with gr.Blocks(title=TITLE, delete_cache=CACHE_PURGE) as app:
        with gr.Row():
            gr.Markdown(f"# {TITLE}")
            who = gr.Markdown()
        hint = gr.Markdown(elem_id="landing-hint")
        with gr.Tabs() as tabs:
            with gr.Tab("Plan a session", visible=False, id="plan") as mentor_tab:
                build_mentor_tab(app, services, access)
            with gr.Tab("Ask", visible=False, id="ask") as ask_tab:
                build_executive_tab(app, services, access)
            with gr.Tab("Search guidance", id="search"):
                query = gr.Textbox(label="Search", placeholder="How do I run a first session?")
                results = gr.Markdown()
                query.submit(search, query, results, api_name="search")
                gr.Button("Search", variant="primary").click(
                    search, query, results, api_visibility="private")
            with gr.Tab("Admin", visible=False, id="admin") as admin_tab:
                build_admin_tab(app, services, access)
            with gr.Tab("Journeys", visible=False, id="journeys") as journeys_tab:
                build_journeys_tab(app, services, access)
        app.load(on_load, None, [who, hint, tabs, mentor_tab, ask_tab, admin_tab, journeys_tab],
                 api_visibility="private")
    return app


def warm(services: Services) -> None:
    """Load the guardrail's models and build the retriever, so that the first request does
    not wait for them; the app reports ready (`/healthz`) once both are done."""
    try:
        services.guardrail.warm()
    finally:
        services.retriever.warm()


def launch(services: Services, host: str, port: int, block: bool = True) -> gr.Blocks:
    """Start the app with sign-in; `block=False` returns at once (tests).

    The page is served first; the retriever (Chroma, the model, the lexical index) is then
    built in the background after the guardrail's models are loaded, and the page says so
    until it is ready."""
    from starlette.middleware import Middleware

    from assistant.operations.health import probe, report

    app = build_app(services)
    security = services.settings.security
    gate = Middleware(Gatekeeper, allowed_origins=security.allowed_origins,
                      sessions=services.sessions, users=services.users)
    door = Middleware(FrontDoor, probe=lambda: report(probe(services)))
    app.queue(default_concurrency_limit=concurrency_limit()).launch(
        server_name=host,
        server_port=port,
        auth=signin_callback(services.signin),
        auth_message="Sign in with your Reverse Mentoring Coach account. After "
                     f"{security.signin_max_failures} failed attempts sign-in pauses for a "
                     "while.",
        prevent_thread_lock=True,
        show_error=False,
        css=CSS,
        quiet=not block,
        max_file_size=int(services.settings.ingestion.max_file_mb * 1_000_000),
        app_kwargs={"middleware": [door, gate]},
    )
    app.server_app.tokens = SessionTokens(services.sessions)  # type: ignore[assignment]
    light_sessions(app)
    no_matplotlib_switch()
    threading.Thread(target=warm, args=(services,), name="warm-up", daemon=True).start()
    if block:
        app.block_thread()
    return app
