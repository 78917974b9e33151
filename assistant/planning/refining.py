"""Refining a saved plan: offline by the instruction reader (``refine`` + ``revise``), or by
the language model, which gets the plan, the instruction and the approved sources; a model
answer that stays invalid after one repair falls back to the offline reader, with a notice."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from assistant.guardrail import Stage
from assistant.knowledge.metadata import today_int
from assistant.knowledge.visibility import is_visible
from assistant.planning.draft import RefineDraft, as_draft, assemble, draft_schema, parse_draft
from assistant.planning.evidence import Passage, rank_sentences, rerank, similar
from assistant.planning.llm import OutputTruncated
from assistant.planning.plan import PlanError, PlanRequest, SessionPlan, renumber
from assistant.planning.prompts import fence, fence_text, load_prompt
from assistant.planning.refine import parse
from assistant.planning.revise import Finder, Found, Report, revise
from assistant.planning.screening import Withheld, screen_hits

if TYPE_CHECKING:
    from assistant.planning.planner import Planner

log = logging.getLogger(__name__)
MIN_RELEVANCE = 0.35  # a found sentence's closeness in meaning to the subject (cosine + bonus)
RANKED = 32  # sentences re-ranked by meaning per subject


def finder(planner: Planner, user: str, withheld: list[Withheld]) -> Finder:
    """Sentences of approved, context-screened guidance on a subject, closest in meaning first,
    leaving out those already in the plan and near-duplicates."""
    def find(subject: str, n: int, skip: set[str]) -> list[Found]:
        hits = planner._search(subject, planner.settings.plan_k, [])
        passages, more = screen_hits(planner.guardrail, hits, user)
        withheld.extend(more)
        ranked = rank_sentences(passages, subject)[:RANKED]
        if ranked:
            ranked = rerank(ranked, subject, planner.retriever.embedder)
        out: list[Found] = []
        for sentence in ranked:
            if len(out) == n or sentence.score < MIN_RELEVANCE:
                break
            if sentence.text in skip or any(similar(sentence.text, f.text) for f in out):
                continue
            out.append(Found(sentence.text, sentence.passage.source))
        return out
    return find


def offline(planner: Planner, plan: SessionPlan, instruction: str, user: str,
            withheld: list[Withheld]) -> tuple[SessionPlan, Report]:
    """The plan with what the offline reader could apply, and the report."""
    s = planner.settings
    return revise(plan, parse(instruction), finder(planner, user, withheld), instruction,
                  (s.min_minutes, s.max_minutes))


def with_llm(planner: Planner, plan: SessionPlan, instruction: str, user: str,
             withheld: list[Withheld]) -> tuple[SessionPlan, Report] | str:
    """The model's revision (after at most one repair) and its report; the last error when
    both answers were invalid."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    passages = sources_of(planner, plan, user, withheld)
    known = {p.source.chunk_id for p in passages}
    hits = planner._search(instruction, 3, list(known))
    after = max((int(s.source.id[1:]) for s in passages), default=0) + 1
    after = max([after, *(int(s.id[1:]) + 1 for s in plan.sources)])
    extra, more = screen_hits(planner.guardrail, hits, user, first=after)
    withheld += more
    passages += extra
    prompts = planner.prompts
    user_text = load_prompt("plan_refine", prompts).render(
        plan=fence_text("plan", json.dumps(as_draft(plan, planner.today()), indent=1)),
        instruction=fence_text("change", instruction), minutes=plan.duration_minutes,
        sources=fence(passages))
    first = [SystemMessage(load_prompt("plan_system", prompts).render()), HumanMessage(user_text)]
    request = PlanRequest(topic=plan.topic, mentee_role=plan.mentee.role,
                          minutes=plan.duration_minutes, goals=plan.mentee.goals,
                          familiarity=plan.mentee.familiarity)
    messages, error = first, ""
    for attempt in (1, 2):
        raw = ""
        try:
            raw = planner.llm.complete_json(messages, draft_schema(RefineDraft))
            draft = parse_draft(raw, RefineDraft)
            revised = assemble(draft, request, passages, planner.today())
        except (PlanError, OutputTruncated) as exc:
            log.info("llm refine attempt %d invalid: %s", attempt, exc)
            error = str(exc)
            repair = load_prompt("plan_repair", prompts).render(
                errors=error, minutes=plan.duration_minutes)
            messages = [*first, AIMessage(raw[:6000]), HumanMessage(repair)]
            continue
        revised.carried_over = [c.model_copy() for c in plan.carried_over]
        assert isinstance(draft, RefineDraft)
        report = Report(applied=[f"Sent to the language model ({planner.llm.settings.model}): "
                                 f"“{instruction}”."],
                        not_applied=[t for t in (_screened(planner, t, user)
                                                 for t in draft.not_applied) if t])
        return renumber(revised), report
    return error


def sources_of(planner: Planner, plan: SessionPlan, user: str,
               withheld: list[Withheld]) -> list[Passage]:
    """The plan's sources that are still approved and current, context-screened, by their id."""
    day = today_int(planner.today())
    chunks = {c.id: c for c in planner.retriever.store.get([s.chunk_id for s in plan.sources])}
    out = []
    for rank, source in enumerate(plan.sources):
        chunk = chunks.get(source.chunk_id)
        if chunk is None or not is_visible(chunk.metadata, day):
            continue
        result = planner.guardrail.screen(chunk.text, Stage.CONTEXT, user=user)
        if result.blocked:
            withheld.append(Withheld(str(Stage.CONTEXT), result.action,
                                     list(result.categories), "a retrieved passage"))
            continue
        out.append(Passage(source, result.text, None, rank))
    return out


def _screened(planner: Planner, text: str, user: str) -> str:
    result = planner.guardrail.screen(text, Stage.OUTPUT, user=user)
    return "" if result.blocked else result.text.strip()
