"""Follow-up chat: history-aware, grounded, cited, streamed through the output guardrail.

question -> guardrail (input) -> standalone query -> retrieval, relevance threshold ->
guardrail (context) -> prompt -> LLM (or offline extract) -> citation filter -> guardrail
(output, streaming) -> saved. Nothing relevant: an honest "no approved guidance" answer.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.guardrail import Guardrail, Stage
from assistant.knowledge.search import Retriever, SearchHit
from assistant.planning.answer import compose_answer
from assistant.planning.config import PlannerSettings
from assistant.planning.evidence import STOPWORDS, Passage, make_source, terms
from assistant.planning.followups import follow_ups, plain_text
from assistant.planning.llm import LLM
from assistant.planning.passages import CitedPassage, read_passages
from assistant.planning.plan import SessionPlan, Source
from assistant.planning.prompts import PROMPTS_DIR, fence, fence_text, load_prompt
from assistant.planning.records import (
    ChatMessage,
    ChatRepository,
    GapLog,
    PlanAction,
    PlanRepository,
    RoleOf,
)
from assistant.planning.screening import WITHHELD_TEXT, Withheld, note, screen_hits
from assistant.planning.streaming import CitationFilter
from assistant.storage import Database

if TYPE_CHECKING:  # LangChain loads only when a prompt is built for an LLM
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)
NO_GUIDANCE = ("There is no approved guidance on that in the knowledge base, so I won't guess. "
               "Try rephrasing, or ask an admin to add guidance on this topic.")
FOLLOW_UP_STARTS = ("and ", "what about", "how about", "also", "but ", "so ", "then ", "or ")
PRONOUNS = {"it", "that", "this", "they", "them", "those", "these", "there", "its", "one"}
CITE_MARK = re.compile(r"\s*\[S\d+(?:,\s*S\d+)*\]")


@dataclass
class ChatAnswer:
    """One answer: its text, the sources it cites, and why it may have no grounding."""

    text: str
    citations: list[Source] = field(default_factory=list)
    chat_id: int | None = None
    query: str = ""
    provider: str = "offline"
    blocked: bool = False
    no_guidance: bool = False
    message: str = ""
    withheld: list[Withheld] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.model_dump() for c in self.citations],
                "chat_id": self.chat_id, "query": self.query, "provider": self.provider,
                "blocked": self.blocked, "no_guidance": self.no_guidance,
                "message": self.message, "withheld": [w.as_dict() for w in self.withheld],
                "follow_ups": self.follow_ups}

    def plain_text(self) -> str:
        """The answer (or the refusal) with its sources, as plain text for copying."""
        return plain_text(self.message if self.blocked else self.text, self.citations)


@dataclass
class LatestAnswer:
    """A chat's last answer for the page: plain text, follow-ups and cited passages."""

    plain: str = ""
    follow_ups: list[str] = field(default_factory=list)
    passages: list[CitedPassage] = field(default_factory=list)


class ChatStream:
    """Iterate for screened text pieces; ``answer`` is set once the iteration has ended."""

    def __init__(self, chat: Chat, question: str, user: str, chat_id: int | None,
                 plan_id: int | None) -> None:
        self._args = (question, user, chat_id, plan_id)
        self._chat = chat
        self.answer: ChatAnswer | None = None

    def __iter__(self) -> Iterator[str]:
        for piece in self._chat._run(self, *self._args):
            if piece:
                yield piece


class Chat:
    def __init__(
        self,
        retriever: Retriever,
        guardrail: Guardrail,
        llm: LLM,
        db: Database,
        settings: PlannerSettings,
        role_of: RoleOf | None = None,
    ) -> None:
        self.retriever = retriever
        self.guardrail = guardrail
        self.llm = llm
        self.settings = settings
        self.chats = ChatRepository(db)
        self.plans = PlanRepository(db, role_of)
        self.gaps = GapLog(db)
        self.prompts = settings.prompts_dir or PROMPTS_DIR

    def stream(self, question: str, user: str, chat_id: int | None = None,
               plan_id: int | None = None) -> ChatStream:
        """The answer as it is produced; read ``.answer`` after iterating."""
        return ChatStream(self, question, user, chat_id, plan_id)

    def ask(self, question: str, user: str, chat_id: int | None = None,
            plan_id: int | None = None) -> ChatAnswer:
        """The whole answer at once."""
        stream = self.stream(question, user, chat_id, plan_id)
        for _ in stream:
            pass
        assert stream.answer is not None
        return stream.answer

    def history(self, chat_id: int, user: str) -> list[ChatMessage]:
        return self.chats.messages(chat_id, user)

    def passages(self, citations: list[Source], user: str) -> list[CitedPassage]:
        """The cited passages as they stand now, screened (hidden ones are not shown)."""
        return read_passages(self.retriever.store, self.guardrail, citations, user)

    def latest(self, chat_id: int, user: str) -> LatestAnswer:
        """The last answer of one of the user's chats, with follow-ups and passages."""
        messages = self.chats.messages(chat_id, user)
        answers = [i for i, m in enumerate(messages) if m.role == "assistant"]
        if not answers:
            return LatestAnswer()
        last = messages[answers[-1]]
        asked = messages[answers[-1] - 1].content if answers[-1] else ""
        citations = [Source.model_validate(c) for c in last.citations]
        cited = {c.chunk_id for c in citations}
        related = [make_source(h, n) for n, h in enumerate(self._relevant(asked), 1)
                   if citations and h.chunk_id not in cited]
        return LatestAnswer(plain_text(last.content, citations),
                            self._follow_ups(asked, citations, related, user),
                            self.passages(citations, user))

    def _relevant(self, query: str) -> list[SearchHit]:
        """Retrieved hits close enough to the query to answer from."""
        if not query or query == WITHHELD_TEXT:
            return []
        return [h for h in self.retriever.search(query, k=self.settings.chat_k)
                if h.similarity is not None and h.similarity >= self.settings.min_similarity]

    def _follow_ups(self, question: str, cited: list[Source], related: list[Source],
                    user: str) -> list[str]:
        """Follow-ups that pass the output guardrail untouched (headings are not screened
        when they are indexed)."""
        if not question or question == WITHHELD_TEXT:
            return []
        found = follow_ups(question, cited, related)
        screened = self.guardrail.screen_many(found, Stage.OUTPUT, user=user)
        return [q for q, r in zip(found, screened, strict=True) if r.action == "allow"]

    def standalone(self, question: str, history: list[ChatMessage],
                   plan: SessionPlan | None = None) -> str:
        """A query that makes sense without the conversation (for retrieval)."""
        previous = [m.content for m in history if m.role == "user" and m.content != WITHHELD_TEXT]
        subject = previous[-1] if previous else (plan.topic if plan else "")
        if not subject or not _is_follow_up(question):
            return question
        if not self.llm.offline:
            from langchain_core.messages import HumanMessage

            lines = "\n".join(f"{m.role}: {m.content}" for m in history[-4:])
            prompt = load_prompt("condense_question", self.prompts).render(
                history=fence_text("history", lines or f"user: {subject}"), question=question)
            rewritten = self.llm.complete([HumanMessage(prompt)]).strip().splitlines()
            if rewritten and 3 <= len(rewritten[0]) <= 300:
                return rewritten[0]
        extra = [w for w in _content_words(subject) if w.lower() not in question.lower()]
        return f"{question} ({' '.join(extra[:8])})" if extra else question

    # ---- the pipeline -------------------------------------------------------------------

    def _run(self, stream: ChatStream, question: str, user: str, chat_id: int | None,
             plan_id: int | None) -> Iterator[str]:
        if chat_id is not None:  # both checked before anything is screened or stored
            plan_id = plan_id or self.chats.chat(chat_id, user).plan_id
        if plan_id is not None:
            self.plans.require(plan_id, user, PlanAction.ASK)
        screened = self.guardrail.screen(question, Stage.INPUT, user=user)
        withheld = note(screened, Stage.INPUT, "your question")
        if chat_id is None:
            title = WITHHELD_TEXT if screened.blocked else screened.text[:80]
            chat_id = self.chats.start(user, title, plan_id)
        if screened.blocked:
            stream.answer = self._save(ChatAnswer(
                screened.message, chat_id=chat_id, blocked=True, message=screened.message,
                withheld=withheld, provider=self.llm.name), WITHHELD_TEXT)
            yield screened.message
            return
        history = self.chats.messages(chat_id, user, self.settings.history_turns)
        plan = self.plans.get(plan_id, user, action=PlanAction.ASK).plan if plan_id else None
        query = self.standalone(screened.text, history, plan)
        hits = self._relevant(query)
        passages, context = screen_hits(self.guardrail, hits, user)
        answer = ChatAnswer("", chat_id=chat_id, query=query, provider=self.llm.name,
                            withheld=withheld + context)
        section = plan_section(plan, screened.text) if plan else ""
        if not passages and section:  # the plan alone answers it
            yield from self._screen_out(iter([section]), [], answer, user)
            stream.answer = self._save(answer, screened.text)
            return
        if not passages:
            answer.text, answer.no_guidance = NO_GUIDANCE, True
            self.gaps.record("chat", user, screened.text)
            stream.answer = self._save(answer, screened.text)
            yield NO_GUIDANCE
            return
        pieces = (self._extract(query, passages) if self.llm.offline else
                  self.llm.stream(self._messages(screened.text, history, plan, passages)))
        if section:
            pieces = itertools.chain([section, "\n\n"], pieces)
        yield from self._screen_out(pieces, passages, answer, user)
        if not answer.blocked:
            cited = {c.chunk_id for c in answer.citations}
            answer.follow_ups = self._follow_ups(
                screened.text, answer.citations,
                [p.source for p in passages if p.source.chunk_id not in cited], user)
        stream.answer = self._save(answer, screened.text)

    def _screen_out(self, pieces: Iterator[str], passages: list[Passage], answer: ChatAnswer,
                    user: str) -> Iterator[str]:
        """Citation filter then the streaming output guardrail; fills answer.text."""
        citations = CitationFilter({p.id for p in passages})
        screener = self.guardrail.stream(Stage.OUTPUT, user)
        out: list[str] = []
        for piece in pieces:
            safe = screener.feed(citations.feed(piece))
            out.append(safe)
            yield safe
        tail = citations.finish()
        if not citations.used and passages:  # the model cited nothing: name what it had
            named = " ".join(f"[{p.id}]" for p in passages)
            tail += "\n\nBased on: " + citations.feed(named) + citations.finish()
        safe = screener.feed(tail) + screener.finish()
        out.append(safe)
        yield safe
        result = screener.result
        if result is not None and result.action != "allow":
            answer.withheld += note(result, Stage.OUTPUT, "the answer")
        if result is not None and result.blocked:
            answer.blocked, answer.message = True, result.message
            out.append("\n\n" + result.message)
            yield "\n\n" + result.message
        answer.text = "".join(out).strip()
        by_id = {p.id: p.source for p in passages}
        answer.citations = [by_id[i].model_copy(update={"id": citations.shown[i]})
                            for i in citations.used if i in by_id]

    def _extract(self, query: str, passages: list[Passage]) -> Iterator[str]:
        """The offline answer: approved sentences that answer the question, each cited."""
        return compose_answer(query, passages, self.retriever.embedder)

    def _messages(self, question: str, history: list[ChatMessage], plan: SessionPlan | None,
                  passages: list[Passage]) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        lines = "\n".join(f"{m.role}: {m.content}" for m in history) or "(new conversation)"
        summary = "(none)"
        if plan is not None:
            agenda = "; ".join(f"{s.title} ({s.minutes} min)" for s in plan.agenda)
            summary = fence_text("plan", f"{plan.title}\nObjectives: {'; '.join(plan.objectives)}"
                                         f"\nAgenda: {agenda}")
        user = load_prompt("chat_user", self.prompts).render(
            history=fence_text("history", lines), plan=summary, sources=fence(passages),
            question=question)
        return [SystemMessage(load_prompt("chat_system", self.prompts).render()),
                HumanMessage(user)]

    def _save(self, answer: ChatAnswer, question: str) -> ChatAnswer:
        assert answer.chat_id is not None
        self.chats.append(answer.chat_id, ChatMessage("user", question))
        self.chats.append(answer.chat_id, ChatMessage(
            "assistant", answer.text, [c.model_dump() for c in answer.citations],
            [w.as_dict() for w in answer.withheld]))
        return answer


def _pre_reading(plan: SessionPlan) -> list[str]:
    return [r.text for r in plan.pre_reading]


def _agenda(plan: SessionPlan) -> list[str]:
    return [f"{s.title} ({s.minutes} min): {s.purpose}" for s in plan.agenda]


def _exercise(plan: SessionPlan) -> list[str]:
    ex = plan.exercise
    return [f"**{ex.title}**", *ex.instructions, f"Deliverable: {ex.deliverable}"]


def _objectives(plan: SessionPlan) -> list[str]:
    return list(plan.objectives)


# a part of a plan, the words that ask about it, and its lines
# (cues match at the start of a word: "goal" and "goals", never "claim" for "aim")
PLAN_PARTS: list[tuple[str, tuple[str, ...], Callable[[SessionPlan], list[str]]]] = [
    ("pre-reading", ("pre-read", "prereading", "read before", "reading", "prepare",
                     "preparation"), _pre_reading),
    ("agenda", ("agenda", "schedule", "timing", "segment", "running order"), _agenda),
    ("exercise", ("exercise", "hands-on", "hands on"), _exercise),
    ("objectives", ("objective", "goal", "outcome"), _objectives),
]


def plan_section(plan: SessionPlan, question: str) -> str:
    """The parts of the plan the question asks about, as Markdown ("" when it asks about
    none). The plan's own source marks are left out: they number the plan's sources, not
    the passages of this answer."""
    lower = question.lower()
    out = []
    for name, cues, lines in PLAN_PARTS:
        found = [CITE_MARK.sub("", line) for line in lines(plan)]
        if found and any(re.search(rf"\b{re.escape(cue)}", lower) for cue in cues):
            out.append(f"**The plan's {name}** ({plan.title}):\n" +
                       "\n".join(f"- {line}" for line in found))
    return "\n\n".join(out)


def _is_follow_up(question: str) -> bool:
    lower = question.lower().strip()
    words = set(lower.replace("?", " ").replace(",", " ").split())
    return lower.startswith(FOLLOW_UP_STARTS) or bool(words & PRONOUNS) or len(terms(lower)) < 3


def _content_words(text: str) -> list[str]:
    """Words of text worth carrying into a follow-up query, in order, without duplicates."""
    words = [w.strip("?.,!:;()\"'") for w in text.split()]
    return list(dict.fromkeys(w for w in words if len(w) > 2 and w.lower() not in STOPWORDS))
