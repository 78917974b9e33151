"""The session plan: a pydantic model validated for timings and citations, rendered as Markdown.

Sources are the retrieved passages a plan may cite, numbered S1, S2, ...; every talking point
cites at least one of them, and a citation to anything else is a validation error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

Familiarity = Literal["new", "beginner", "intermediate", "advanced"]
SOURCE_ID = re.compile(r"^S[1-9]\d*$")


class PlanError(ValueError):
    """A plan that breaks the rules (timings, citations, counts)."""


CarryKind = Literal["open question", "skipped", "covered", "goal", "feedback", "familiarity"]


class CarriedOver(BaseModel):
    """Something a plan takes from the pair's earlier sessions, and why."""

    kind: CarryKind
    item: str = Field(min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=500)
    chunks: list[str] = Field(default_factory=list,
                              description="Chunk ids left out of retrieval (kind covered).")


class PlanRequest(BaseModel):
    """What a mentor asks for."""

    topic: str = Field(min_length=2, max_length=300)
    mentee_role: str = Field(min_length=2, max_length=200)
    minutes: int = Field(ge=5, le=600)
    goals: list[str] = Field(default_factory=list, max_length=10)
    familiarity: Familiarity = "beginner"
    notes: str = Field("", max_length=2000, description="Extra wishes, e.g. a refinement.")
    carry_topics: list[str] = Field(default_factory=list, max_length=10,
                                    description="Topics carried over, e.g. skipped segments.")
    open_questions: list[str] = Field(default_factory=list, max_length=10,
                                      description="Answered first, in an opening segment.")
    exclude_chunks: list[str] = Field(default_factory=list, max_length=500,
                                      description="Chunk ids not to retrieve (covered before).")
    carried_over: list[CarriedOver] = Field(default_factory=list, max_length=40)

    def query(self) -> str:
        """The retrieval query: topic first, then goals, carried-over topics and notes."""
        return ". ".join(t for t in [self.topic, *self.goals, *self.carry_topics, self.notes]
                         if t)


class Source(BaseModel):
    """One retrieved passage a plan may cite."""

    id: str = Field(description="S1, S2, ... in retrieval order.")
    chunk_id: str
    doc_id: str
    title: str
    section: str = ""
    source: str = ""
    version: str = ""
    label: str = Field(description="Human-readable citation: title, section, file, version.")


class Cited(BaseModel):
    """A sentence backed by one or more sources."""

    text: str = Field(min_length=1)
    citations: list[str] = Field(default_factory=list, description="Source ids such as S1.")

    @field_validator("citations")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class Mentee(BaseModel):
    role: str = Field(min_length=1, description="The executive's role, e.g. CFO.")
    familiarity: Familiarity = "beginner"
    goals: list[str] = Field(default_factory=list)


class Segment(BaseModel):
    """One timed block of the agenda."""

    title: str = Field(min_length=1)
    minutes: int = Field(ge=1)
    purpose: str = Field(min_length=1)
    activities: list[str] = Field(min_length=1)
    talking_points: list[Cited] = Field(min_length=1)


class Exercise(BaseModel):
    """The hands-on task the executive does during the session."""

    title: str = Field(min_length=1)
    instructions: list[str] = Field(min_length=1)
    deliverable: str = Field(min_length=1)
    citations: list[str] = Field(default_factory=list)


class GlossaryEntry(BaseModel):
    term: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    citations: list[str] = Field(default_factory=list)


class Privacy(BaseModel):
    dos: list[str] = Field(min_length=1)
    donts: list[str] = Field(min_length=1)
    citations: list[str] = Field(default_factory=list)


class FollowUp(BaseModel):
    action: str = Field(min_length=1)
    owner: str = Field(min_length=1, description="Who does it: executive, mentor or both.")
    due: dt.date


class SessionPlan(BaseModel):
    """A structured, timed, cited reverse-mentoring session plan."""

    title: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    mentee: Mentee
    duration_minutes: int = Field(ge=5, le=600)
    objectives: list[str] = Field(min_length=3, max_length=5)
    pre_reading: list[Cited] = Field(default_factory=list)
    agenda: list[Segment] = Field(min_length=1)
    exercise: Exercise
    misconceptions: list[Cited] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list, max_length=12)
    discussion_questions: list[str] = Field(default_factory=list)
    privacy: Privacy
    follow_up: list[FollowUp] = Field(default_factory=list)
    feedback_questions: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    carried_over: list[CarriedOver] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> SessionPlan:
        problems = plan_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def citation_lists(self) -> Iterator[list[str]]:
        """Every citation list in the plan, in the order the plan is read (as rendered)."""
        for item in self.pre_reading:
            yield item.citations
        for segment in self.agenda:
            for point in segment.talking_points:
                yield point.citations
        yield self.exercise.citations
        for item in self.misconceptions:
            yield item.citations
        for entry in self.glossary:
            yield entry.citations
        yield self.privacy.citations

    def cited_ids(self) -> set[str]:
        return {cid for ids in self.citation_lists() for cid in ids}

    def to_markdown(self) -> str:
        return render_markdown(self)


def plan_problems(plan: SessionPlan) -> list[str]:
    """What is wrong with a plan's timings and citations (empty when it is valid)."""
    problems = []
    total = sum(s.minutes for s in plan.agenda)
    if total != plan.duration_minutes:
        problems.append(
            f"agenda segments add up to {total} minutes, not {plan.duration_minutes}"
        )
    ids = [s.id for s in plan.sources]
    if len(set(ids)) != len(ids) or not all(SOURCE_ID.match(i) for i in ids):
        problems.append("source ids must be distinct and look like S1, S2, ...")
    for segment in plan.agenda:
        for point in segment.talking_points:
            if not point.citations:
                problems.append(f"talking point without a citation: {point.text[:60]!r}")
    unknown = plan.cited_ids() - set(ids)
    if unknown:
        problems.append(f"citations to passages that were not retrieved: {sorted(unknown)}")
    return problems


def drop_uncited(plan: SessionPlan) -> SessionPlan:
    """The plan with only the sources it cites, numbered without gaps."""
    cited = plan.cited_ids()
    plan.sources = [s for s in plan.sources if s.id in cited]
    return renumber(plan)


def renumber(plan: SessionPlan) -> SessionPlan:
    """Sources numbered S1, S2, ... in the order the plan first cites them (uncited ones
    last), with every citation changed to match."""
    order = list(dict.fromkeys(i for ids in plan.citation_lists() for i in ids))
    order += [s.id for s in plan.sources if s.id not in order]
    new = {old: f"S{number}" for number, old in enumerate(order, 1)}
    for ids in plan.citation_lists():
        ids[:] = [new.get(i, i) for i in ids]
    plan.sources = sorted((s.model_copy(update={"id": new[s.id]}) for s in plan.sources),
                          key=lambda s: int(s.id[1:]))
    return plan


# ---- Markdown ---------------------------------------------------------------------------


def cite(ids: list[str]) -> str:
    return f" [{', '.join(ids)}]" if ids else ""


def render_markdown(plan: SessionPlan) -> str:
    """The plan as Markdown, sources listed at the end with their labels."""
    m = plan.mentee
    out = [f"# {plan.title}", ""]
    out.append(f"**Mentee:** {m.role} · familiarity: {m.familiarity} · "
               f"**Duration:** {plan.duration_minutes} minutes")
    if m.goals:
        out += ["", "**Goals:** " + "; ".join(m.goals)]
    if plan.carried_over:
        out += ["", "## Carried over from earlier sessions"]
        out += [f"- *{c.kind}*: **{c.item}**: {c.reason}" for c in plan.carried_over]
    out += ["", "## Objectives", *[f"{i}. {o}" for i, o in enumerate(plan.objectives, 1)]]
    if plan.pre_reading:
        out += ["", "## Pre-reading", *[f"- {r.text}{cite(r.citations)}" for r in plan.pre_reading]]
    out += ["", "## Agenda"]
    start = 0
    for segment in plan.agenda:
        end = start + segment.minutes
        out += ["", f"### {start}–{end} min · {segment.title} ({segment.minutes} min)",
                f"*Purpose:* {segment.purpose}", "", "*Activities:*"]
        out += [f"- {a}" for a in segment.activities]
        out += ["", "*Talking points:*"]
        out += [f"- {p.text}{cite(p.citations)}" for p in segment.talking_points]
        start = end
    ex = plan.exercise
    out += ["", f"## Hands-on exercise: {ex.title}{cite(ex.citations)}"]
    out += [f"{i}. {step}" for i, step in enumerate(ex.instructions, 1)]
    out += ["", f"**Deliverable:** {ex.deliverable}"]
    if plan.misconceptions:
        out += ["", "## Misconceptions to address"]
        out += [f"- {c.text}{cite(c.citations)}" for c in plan.misconceptions]
    if plan.glossary:
        out += ["", "## Glossary"]
        out += [f"- **{g.term}**: {g.definition}{cite(g.citations)}" for g in plan.glossary]
    if plan.discussion_questions:
        out += ["", "## Discussion questions", *[f"- {q}" for q in plan.discussion_questions]]
    out += ["", f"## Privacy for this session{cite(plan.privacy.citations)}", "", "**Do:**"]
    out += [f"- {d}" for d in plan.privacy.dos]
    out += ["", "**Don't:**", *[f"- {d}" for d in plan.privacy.donts]]
    if plan.follow_up:
        out += ["", "## Follow-up actions", "", "| Action | Owner | Due |", "| --- | --- | --- |"]
        out += [f"| {f.action} | {f.owner} | {f.due.isoformat()} |" for f in plan.follow_up]
    if plan.feedback_questions:
        out += ["", "## Feedback questions", *[f"- {q}" for q in plan.feedback_questions]]
    out += ["", "## Sources", *[f"- **{s.id}**: {s.label}" for s in plan.sources]]
    return "\n".join(out) + "\n"
