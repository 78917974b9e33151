"""The Ask tab's handlers, apart from its layout so they can be called in-process.

Every handler checks the caller's role first; the chat service checks chat and plan access.
Each public method is wrapped by `Access.handler` (errors fit for the browser).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistant.planning.chat import Chat, ChatAnswer
from assistant.planning.export import export
from assistant.planning.passages import CitedPassage
from assistant.planning.records import PlanAction
from assistant.sanitize import safe_markdown
from assistant.users import Role
from ui.access import Access
from ui.scratch import scratch_dir

NO_PLAN = "(no plan)"
NEW_CHAT = "(new chat)"
FOLLOW_UPS = 3  # buttons under the answer
ASK_NEXT = "**Ask next** (from the headings of the guidance this answer used):"


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


def _number(value: str | None, what: str) -> int | None:
    """The id behind a dropdown choice (None for none); a made-up value is a clear error."""
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError:
        raise gr.Error(f"Choose a {what} from the list.") from None


def passages_html(passages: list[CitedPassage]) -> str:
    """Each citation as a closed box that opens on its screened passage."""
    return "\n".join(
        f"<details><summary><b>[{html.escape(p.source.id)}]</b> "
        f"{html.escape(p.source.label)}</summary><blockquote>{html.escape(p.text)}"
        f"</blockquote></details>" for p in passages)


def follow_up_buttons(questions: list[str]) -> list[Any]:
    """Updates for the follow-up buttons: one per question, the rest hidden."""
    return [gr.Button(value=q, visible=True) for q in questions[:FOLLOW_UPS]] + [
        gr.Button(value="", visible=False)] * (FOLLOW_UPS - len(questions[:FOLLOW_UPS]))


# a streamed answer reaches the page at most this often (each update is a round of Gradio's
# post-processing of the whole conversation and a message to the page)
STREAM_EVERY = 0.25


class ExecutiveHandlers:
    """The chat, a shared plan read-only, and the tools under the last answer."""

    PUBLIC = ("ask", "load_chat", "last_answer", "initial", "show_plan", "download_plan",
              "refresh_chats")

    def __init__(self, chat: Chat, access: Access, stream_every: float = STREAM_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.chat, self.access = chat, access
        self.stream_every, self.clock = stream_every, clock
        for name in self.PUBLIC:
            setattr(self, name, access.handler(getattr(self, name)))

    def signed_in(self, request: gr.Request | None) -> str:
        return self.access.require(request, Role.EXECUTIVE, Role.MENTOR, Role.ADMIN)

    def plan_choices(self, user: str) -> list[tuple[str, str]]:
        plans = self.chat.plans.shared_with(user) + self.chat.plans.list(owner=user)
        return [(NO_PLAN, "")] + [(f"{p['id']}: {p['title']}", str(p["id"])) for p in plans]

    def chat_choices(self, user: str) -> list[tuple[str, str]]:
        return [(NEW_CHAT, "")] + [(f"{c['id']}: {c['title']}", str(c["id"]))
                                   for c in self.chat.chats.list(user)]

    def ask(self, question: str, history: list[dict[str, Any]] | None, chat_id: str | None,
            plan: str | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """Streams (history, question box, chat id); a blocked question stays in the box. The
        answer so far is sent when text first arrives, then at most every ``stream_every``
        seconds (pieces that come sooner go out together), then whole with its sources."""
        user = self.signed_in(request)
        question = (question or "").strip()
        if not question:
            raise gr.Error("Type a question first.")
        plan_id, current = _number(plan, "plan"), _number(chat_id, "chat")
        history = list(history or []) + [{"role": "user", "content": question},
                                         {"role": "assistant", "content": ""}]
        stream = self.chat.stream(question, user, chat_id=current, plan_id=plan_id)
        text, shown = "", None
        for piece in stream:
            text += piece
            if not piece or (shown is not None and self.clock() - shown < self.stream_every):
                continue  # nothing new to show (the guardrail holds back a window), or too soon
            history[-1] = {"role": "assistant", "content": safe_markdown(text)}
            yield history, gr.skip(), gr.skip()
            shown = self.clock()
        answer = stream.answer
        assert answer is not None
        final = answer.message if answer.blocked else answer.text
        history[-1] = {"role": "assistant",
                       "content": safe_markdown(final + answer_footer(answer))}
        yield history, question if answer.blocked else "", str(answer.chat_id)

    def load_chat(self, chat_id: str | None, request: gr.Request) -> list[dict[str, Any]]:
        user = self.signed_in(request)
        number = _number(chat_id, "chat")
        if number is None:
            return []
        return [{"role": m.role, "content": safe_markdown(m.content + sources_line(m.citations))}
                for m in self.chat.history(number, user)]

    def last_answer(self, chat_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        """A heading and buttons for the follow-ups, the cited passages and the plain text
        of the chat's last answer (all empty for a new chat)."""
        user = self.signed_in(request)
        number = _number(chat_id, "chat")
        if number is None:
            return ("", *follow_up_buttons([]), "", "")
        latest = self.chat.latest(number, user)
        return (ASK_NEXT if latest.follow_ups else "", *follow_up_buttons(latest.follow_ups),
                passages_html(latest.passages), latest.plain)

    def initial(self, request: gr.Request) -> tuple[Any, Any]:
        user = getattr(request, "username", None)
        if self.access.users.role_of(user) is None:
            return gr.skip(), gr.skip()
        return (gr.Dropdown(choices=self.plan_choices(str(user)), value=""),
                gr.Dropdown(choices=self.chat_choices(str(user)), value=""))

    def refresh_chats(self, current: str | None, request: gr.Request) -> Any:
        user = self.signed_in(request)
        return gr.Dropdown(choices=self.chat_choices(user), value=current or "")

    def show_plan(self, plan_id: str | None, request: gr.Request) -> tuple[Any, Any, Any]:
        """The chosen plan, read-only, with its sources (the repository checks access)."""
        user = self.signed_in(request)
        number = _number(plan_id, "plan")
        if number is None:
            return "", "", gr.Column(visible=False)
        stored = self.chat.plans.get(number, user, action=PlanAction.READ)
        header = f"*Plan {stored.id}, version {stored.version} · read-only*\n\n"
        return (safe_markdown(header + stored.plan.to_markdown()),
                passages_html(self.chat.passages(stored.plan.sources, user)),
                gr.Column(visible=True))

    def download_plan(self, plan_id: str | None, fmt: str, request: gr.Request) -> str:
        user = self.signed_in(request)
        number = _number(plan_id, "plan")
        if number is None:
            raise gr.Error("Choose a plan under “About a plan” first.")
        stored = self.chat.plans.get(number, user, action=PlanAction.EXPORT)
        path = scratch_dir("coach-export-") / f"plan-{stored.id}-v{stored.version}.{fmt}"
        path.write_bytes(export(stored.plan, fmt))  # type: ignore[arg-type]
        return str(path)
