"""The planner service: request -> guardrail (input) -> retrieval -> guardrail (context) ->
prompt -> LLM or offline composer -> validation -> guardrail (output) -> saved version.

A blocked request makes no retrieval and no LLM call. An invalid LLM plan gets one repair
attempt, then the offline composer writes the plan and the result says so in ``notice``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.guardrail import Guardrail, Stage
from assistant.knowledge.search import Retriever, SearchHit
from assistant.planning import refining
from assistant.planning.carryover import apply_carry_over, carried_lines, restored
from assistant.planning.composer import Evidence, compose
from assistant.planning.config import PlannerSettings
from assistant.planning.diff import plan_changes
from assistant.planning.draft import assemble, draft_schema, parse_draft
from assistant.planning.evidence import pick, rank_sentences
from assistant.planning.llm import LLM, OutputTruncated
from assistant.planning.passages import CitedPassage, cited_passages
from assistant.planning.plan import PlanError, PlanRequest, SessionPlan, renumber
from assistant.planning.prompts import PROMPTS_DIR, fence, fence_text, load_prompt
from assistant.planning.records import GapLog, PlanAction, PlanRepository, RoleOf
from assistant.planning.revise import Report
from assistant.planning.screening import (
    Withheld,
    note,
    screen_hits,
    screen_plan,
    screen_request,
)
from assistant.planning.sections import SectionWatch
from assistant.storage import Database

if TYPE_CHECKING:  # LangChain loads only when a prompt is built for an LLM
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)
T = TypeVar("T")
PRIVACY_QUERY = ("keeping information private in mentoring sessions: practise with public or "
                 "invented material, what never goes into tools, screen-sharing hygiene")
NO_GUIDANCE = ("There is no approved guidance on “{topic}” yet, so no plan was made. Try a "
               "broader topic, or ask an admin to add guidance on it.")


@dataclass
class PlanResult:
    """What the UI shows: the plan (or why there is none), notices and what was withheld."""

    plan: SessionPlan | None
    plan_id: int | None = None
    version: int | None = None
    provider: str = "offline"
    notice: str = ""
    message: str = ""
    blocked: bool = False
    withheld: list[Withheld] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)  # a refinement: what was done
    not_applied: list[str] = field(default_factory=list)  # ... and what not, and why
    changes: list[str] = field(default_factory=list)  # ... and how the plan changed

    def as_dict(self) -> dict[str, Any]:
        return {"plan": self.plan.model_dump(mode="json") if self.plan else None,
                "plan_id": self.plan_id, "version": self.version, "provider": self.provider,
                "notice": self.notice, "message": self.message, "blocked": self.blocked,
                "withheld": [w.as_dict() for w in self.withheld], "applied": self.applied,
                "not_applied": self.not_applied, "changes": self.changes}

    def report_markdown(self) -> str:
        """A refinement's report: applied, not applied, what changed ("" for other results)."""
        parts = []
        if self.applied:
            parts += ["**Applied**", *[f"- {a}" for a in self.applied], ""]
        if self.not_applied:
            parts += ["**Not applied**", *[f"- {n}" for n in self.not_applied], ""]
        if self.changes:
            parts += [f"**What changed (version {(self.version or 1) - 1} → {self.version})**",
                      *[f"- {c}" for c in self.changes]]
        return "\n".join(parts).strip()


@dataclass(frozen=True)
class Step:
    """A stage of drafting as it starts: a key (screening, retrieving, checking, composing,
    writing and repairing with a model, reviewing, saving) and a line for the user."""

    key: str
    text: str


@dataclass
class Prepared:
    """A screened request with its screened evidence and, for an LLM, the prompt."""

    request: PlanRequest
    evidence: Evidence
    messages: list[BaseMessage]
    withheld: list[Withheld]
    answers: dict[str, str] = field(default_factory=dict)  # open question -> source id


class Planner:
    def __init__(
        self,
        retriever: Retriever,
        guardrail: Guardrail,
        llm: LLM,
        db: Database,
        settings: PlannerSettings,
        today: Callable[[], dt.date] = dt.date.today,
        role_of: RoleOf | None = None,
    ) -> None:
        self.retriever = retriever
        self.guardrail = guardrail
        self.llm = llm
        self.settings = settings
        self.plans = PlanRepository(db, role_of)
        self.gaps = GapLog(db)
        self.today = today
        self.prompts = settings.prompts_dir or PROMPTS_DIR

    def create(self, request: PlanRequest, user: str, save: bool = True) -> PlanResult:
        """Draft, validate, screen and (by default) save a new plan."""
        return _last(self.drafting(request, user, save))

    def drafting(self, request: PlanRequest, user: str,
                 save: bool = True) -> Iterator[Step | PlanResult]:
        """``create`` step by step: a Step as each stage starts, then the PlanResult. A caller
        that stops iterating (a cancelled draft) stops the work before the next stage."""
        result = yield from self._steps(request, user)
        if save and result.plan is not None:
            yield Step("saving", "Saving the plan")
            stored = self.plans.create(result.plan, user, result.provider, result.notice)
            result.plan_id, result.version = stored.id, stored.version
        yield result

    def passages(self, plan_id: int, user: str) -> list[CitedPassage]:
        """The passages a plan the user may read cites (see ``cited_passages``)."""
        return self.cited_passages(self.plans.get(plan_id, user).plan, user)

    def cited_passages(self, plan: SessionPlan, user: str) -> list[CitedPassage]:
        """Each source of a plan already loaded through ``plans.get``, with its passage as
        anyone may read it now: visible in the knowledge base, screened as context."""
        return cited_passages(self.retriever.store, self.guardrail, plan, user, self.today())

    def refine(self, plan_id: int, user: str, instruction: str = "", **changes: Any) -> PlanResult:
        """Apply an instruction (and changed request fields) to a saved plan; saved as a
        `refined` version only when something changed. Offline, the instruction reader applies
        what it can; with a model, the model gets the plan and the instruction. The result says
        which parts were applied and which not, and lists the changes. Only the author may
        refine a plan; the instruction is screened like any request."""
        stored = self.plans.get(plan_id, user, action=PlanAction.REFINE)
        withheld: list[Withheld] = []
        text = instruction.strip()
        if text:
            screened = self.guardrail.screen(text, Stage.INPUT, user=user)
            withheld += note(screened, Stage.INPUT, "refine instruction")
            if screened.blocked:
                return PlanResult(None, plan_id, blocked=True, withheld=withheld,
                                  message=f"{screened.message} Found in: refine instruction.")
            text = screened.text
        base, provider, notice = stored.plan, stored.provider, ""
        if changes:  # changed request fields: plan again, then apply the instruction
            result = self._run(self._request_of(base).model_copy(update=changes), user)
            if result.plan is None:
                return result
            base, provider, notice = result.plan, result.provider, result.notice
            withheld += result.withheld
        plan, report = base, Report()
        if text:
            plan, report, provider, notice = self._apply(base, text, user, withheld, provider,
                                                         notice)
        if report.applied or changes:
            plan, more = screen_plan(self.guardrail, plan, user)
            withheld += more
        result = PlanResult(plan, plan_id, stored.version, provider, notice, withheld=withheld,
                            applied=report.applied, not_applied=report.not_applied,
                            changes=plan_changes(stored.plan, plan))
        if not result.changes:
            result.message = "Nothing was changed, so no new version was saved."
            return result
        saved = self.plans.add_version(plan_id, plan, "refined", user, provider, notice)
        result.plan, result.version = saved.plan, saved.version
        return result

    def _apply(self, plan: SessionPlan, text: str, user: str, withheld: list[Withheld],
               provider: str, notice: str) -> tuple[SessionPlan, Report, str, str]:
        """The instruction applied by the model, else (offline, or on failure) by the reader."""
        if not self.llm.offline:
            done = refining.with_llm(self, plan, text, user, withheld)
            if not isinstance(done, str):
                return *done, self.llm.name, ""
            notice = (f"The language model ({self.llm.settings.model}) did not return a valid "
                      f"plan, even after one repair ({done}). The instruction was applied "
                      "offline instead, as far as the offline reader understands it.")
            provider = "offline (fallback)"
        else:
            provider = "offline"
        return *refining.offline(self, plan, text, user, withheld), provider, notice

    @staticmethod
    def _request_of(plan: SessionPlan) -> PlanRequest:
        return PlanRequest(topic=plan.topic, mentee_role=plan.mentee.role,
                           minutes=plan.duration_minutes, goals=plan.mentee.goals,
                           familiarity=plan.mentee.familiarity,
                           carried_over=plan.carried_over, **restored(plan.carried_over))

    def edit(self, plan_id: int, plan: SessionPlan | dict[str, Any], user: str) -> PlanResult:
        """Save the author's edit as a new version. Citation fields are references to the
        knowledge base, not prose, so they may not change at all (see ``_same_citations``);
        every other text is screened at the input stage."""
        previous = self.plans.get(plan_id, user, action=PlanAction.EDIT).plan
        edited = plan if isinstance(plan, SessionPlan) else SessionPlan.model_validate(plan)
        _same_citations(previous, edited)
        edited, withheld = screen_plan(self.guardrail, edited, user, Stage.INPUT)
        if any(w.action == "block" for w in withheld):
            return PlanResult(None, plan_id, blocked=True, withheld=withheld,
                              message="The edit was not saved: it contains information that "
                                      "must not be stored. Remove it and try again.")
        stored = self.plans.add_version(plan_id, edited, "edited", user, "mentor")
        return PlanResult(stored.plan, plan_id, stored.version, "mentor", withheld=withheld)

    def prepare(self, request: PlanRequest, user: str) -> Prepared | PlanResult:
        """Everything before the LLM call: screening, retrieval, context screening, prompt."""
        return _drain(self._preparing(request, user))

    def _preparing(self, request: PlanRequest,
                   user: str) -> Generator[Step, None, Prepared | PlanResult]:
        yield Step("screening", "Screening your request")
        clean, withheld, message = screen_request(self.guardrail, request, user)
        if clean is None:
            return PlanResult(None, blocked=True, message=message, withheld=withheld)
        yield Step("retrieving", "Retrieving approved guidance")
        hits = self._search(clean.query(), self.settings.plan_k, clean.exclude_chunks)
        if not hits or (clean.query() != clean.topic and not self._search(clean.topic, 1, [])):
            # the topic itself needs approved guidance; goals or carried-over topics alone
            # must not turn an unknown topic into a plan about something else
            self.gaps.record("plan", user, clean.topic)
            return PlanResult(None, message=NO_GUIDANCE.format(topic=clean.topic),
                              withheld=withheld)
        asked = self._question_hits(clean)
        for hit in asked.values():
            if hit is not None and hit.chunk_id not in {h.chunk_id for h in hits}:
                hits.append(hit)
        yield Step("checking", f"Screening {len(hits)} passages")
        topic, context = screen_hits(self.guardrail, hits, user)
        seen = {h.chunk_id for h in hits}
        privacy_hits = [h for h in self._privacy_hits(clean.exclude_chunks)
                        if h.chunk_id not in seen]
        privacy, more = screen_hits(self.guardrail, privacy_hits, user, first=len(topic) + 1)
        withheld += context + more
        if not topic:
            self.gaps.record("plan", user, clean.topic)
            return PlanResult(None, message=NO_GUIDANCE.format(topic=clean.topic),
                              withheld=withheld)
        evidence = Evidence(topic, privacy)
        by_chunk = {p.source.chunk_id: p.id for p in topic}
        answers = {q: by_chunk[h.chunk_id] for q, h in asked.items()
                   if h is not None and h.chunk_id in by_chunk}
        messages = [] if self.llm.offline else self.messages(clean, evidence)
        return Prepared(clean, evidence, messages, withheld, answers)

    def _search(self, query: str, k: int, exclude: list[str]) -> list[SearchHit]:
        """Relevant hits, the excluded chunks left out (k is widened to make up for them)."""
        skip = set(exclude)
        found = self.retriever.search(query, k=min(k + len(skip), 200)) if query else []
        return [h for h in found if h.chunk_id not in skip and h.similarity is not None
                and h.similarity >= self.settings.min_similarity][:k]

    def _question_hits(self, request: PlanRequest) -> dict[str, SearchHit | None]:
        """The best passage for each open question (None when nothing relevant is left)."""
        out: dict[str, SearchHit | None] = {}
        for question in request.open_questions:
            found = self._search(question, 1, request.exclude_chunks)
            out[question] = found[0] if found else None
        return out

    def messages(self, request: PlanRequest, evidence: Evidence) -> list[BaseMessage]:
        """The plan prompt: rules, the request and the best sentences of each source, fenced."""
        from langchain_core.messages import HumanMessage, SystemMessage

        per = self.settings.sentences_per_source
        quotes = {p.id: [s.text for s in pick(rank_sentences([p], request.query()), per, set())]
                  for p in evidence.all}
        lines = [f"Topic: {request.topic}", f"Mentee role: {request.mentee_role}",
                 f"Familiarity with the topic: {request.familiarity}",
                 "Goals: " + ("; ".join(request.goals) or "none given")]
        if request.carry_topics:
            lines.append("Carried over (skipped last time): " + "; ".join(request.carry_topics))
        if request.notes:
            lines.append(f"Wishes: {request.notes}")
        lines += carried_lines(request.carried_over)
        user = load_prompt("plan_user", self.prompts).render(
            request=fence_text("request", "\n".join(lines)), minutes=request.minutes,
            sources=fence(evidence.all, quotes))
        return [SystemMessage(load_prompt("plan_system", self.prompts).render()),
                HumanMessage(user)]

    def _run(self, request: PlanRequest, user: str) -> PlanResult:
        return _drain(self._steps(request, user))

    def _steps(self, request: PlanRequest, user: str) -> Generator[Step, None, PlanResult]:
        s = self.settings
        if not s.min_minutes <= request.minutes <= s.max_minutes:
            raise PlanError(f"a session lasts {s.min_minutes} to {s.max_minutes} minutes")
        prepared = yield from self._preparing(request, user)
        if isinstance(prepared, PlanResult):
            return prepared
        notice, provider = "", self.llm.name
        plan = None
        if not self.llm.offline:
            yield Step("composing", f"Asking the language model ({self.llm.settings.model})")
            plan = yield from self._with_llm(prepared)
        if isinstance(plan, str):
            notice = (f"The language model ({self.llm.settings.model}) did not return a valid "
                      f"plan, even after one repair ({plan}). This plan was composed offline "
                      "from the same approved sources instead.")
            provider, plan = "offline (fallback)", None
        if plan is None:
            yield Step("composing", "Composing the plan offline from "
                                    f"{len(prepared.evidence.all)} passages")
            plan = compose(prepared.request, prepared.evidence, self.today(),
                           self.retriever.embedder)
        plan = renumber(apply_carry_over(plan, prepared.request, prepared.answers,
                                         prepared.evidence.all))
        yield Step("reviewing", "Screening the finished plan")
        plan, withheld = screen_plan(self.guardrail, plan, user)
        return PlanResult(plan, provider=provider, notice=notice,
                          withheld=prepared.withheld + withheld)

    def _with_llm(self, prepared: Prepared) -> Generator[Step, None, SessionPlan | str]:
        """The LLM's plan, after at most one repair; the last error when both fail. The answer
        is streamed and each section is announced as the model starts it (by name only: its
        text is shown once the whole plan has been validated and screened)."""
        from langchain_core.messages import AIMessage, HumanMessage

        schema, messages = draft_schema(), prepared.messages
        evidence, request = prepared.evidence, prepared.request
        for attempt in (1, 2):
            sections = SectionWatch()
            try:
                for piece in self.llm.stream_json(messages, schema):
                    for started in sections.feed(piece):
                        yield Step("writing", f"The model is writing the {started}")
                return assemble(parse_draft(sections.raw), request, evidence.all, self.today())
            except (PlanError, OutputTruncated) as exc:
                log.info("llm plan attempt %d invalid: %s", attempt, exc)
                error = str(exc)
                if attempt == 1:
                    yield Step("repairing", "The model's plan could not be used; asking it "
                                            "once to repair it")
                raw = sections.raw
                repair = load_prompt("plan_repair", self.prompts).render(
                    errors=error, minutes=request.minutes)
                messages = [*prepared.messages, AIMessage(raw[:6000]), HumanMessage(repair)]
        return error

    def _privacy_hits(self, exclude: Sequence[str] = ()) -> list[SearchHit]:
        if not self.settings.privacy_k:
            return []
        skip = set(exclude)
        found = self.retriever.search(PRIVACY_QUERY, k=self.settings.privacy_k + len(skip))
        return [h for h in found if h.chunk_id not in skip][:self.settings.privacy_k]


def _drain(steps: Generator[Step, None, T]) -> T:
    """What a step generator returns, its steps ignored."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def _last(items: Iterator[Step | PlanResult]) -> PlanResult:
    result = None
    for item in items:
        result = item
    assert isinstance(result, PlanResult)
    return result


def _same_citations(previous: SessionPlan, edited: SessionPlan) -> None:
    """PlanError unless the edit keeps the stored sources exactly and carries over only
    chunk ids the stored plan already had. Screening could only catch what the detectors
    know; equality admits nothing new, and a changed label would misattribute a passage."""
    if edited.sources != previous.sources:
        raise PlanError("an edit may not change the plan's sources (their ids, titles, labels "
                        "or versions); they cite the approved passages the plan was built from")
    known = {c for item in previous.carried_over for c in item.chunks}
    known |= {s.chunk_id for s in previous.sources}
    if any(c not in known for item in edited.carried_over for c in item.chunks):
        raise PlanError("an edit may not change the chunk ids of carried-over items")
