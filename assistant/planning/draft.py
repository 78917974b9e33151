"""What an LLM fills in (PlanDraft, sent as a JSON schema) and how it becomes a SessionPlan.

The request fields and the sources are never the model's to write: they are added here.
Citations are normalised ("[s2]" -> "S2"); one that names a passage that was not retrieved is
repaired to the passage sharing the most words with the text, or removed with its point.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.planning.evidence import Passage, best_source
from assistant.planning.plan import (
    Cited,
    Exercise,
    FollowUp,
    GlossaryEntry,
    Mentee,
    PlanError,
    PlanRequest,
    Privacy,
    Segment,
    SessionPlan,
    drop_uncited,
)

_CITATION = re.compile(r"^\[?\s*s?\s*(\d+)\s*\]?$", re.IGNORECASE)


class DraftPoint(BaseModel):
    text: str
    citations: list[str] = Field(description="Source ids such as S1 that support the text.")


class DraftSegment(BaseModel):
    title: str
    minutes: int
    purpose: str
    activities: list[str]
    talking_points: list[DraftPoint]


class DraftExercise(BaseModel):
    title: str
    instructions: list[str]
    deliverable: str


class DraftTerm(BaseModel):
    term: str
    definition: str


class DraftPrivacy(BaseModel):
    dos: list[str]
    donts: list[str]


class DraftAction(BaseModel):
    action: str
    owner: str
    due_in_days: int


class PlanDraft(BaseModel):
    """The part of a session plan the LLM writes."""

    title: str
    objectives: list[str]
    pre_reading: list[DraftPoint]
    agenda: list[DraftSegment]
    exercise: DraftExercise
    misconceptions: list[DraftPoint]
    glossary: list[DraftTerm]
    discussion_questions: list[str]
    privacy: DraftPrivacy
    follow_up: list[DraftAction]
    feedback_questions: list[str]


class RefineDraft(PlanDraft):
    """A revised plan, and the parts of the mentor's change request the model did not apply."""

    not_applied: list[str] = Field(description="Each part of the change request that was not "
                                               "applied, with the reason; empty if none.")


def draft_schema(model: type[PlanDraft] = PlanDraft) -> dict[str, Any]:
    """A draft model as a strict JSON schema (every property required, no extras)."""
    schema = model.model_json_schema()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        definition["additionalProperties"] = False
        definition["required"] = list(definition.get("properties", {}))
    return schema


def parse_draft(raw: str, model: type[PlanDraft] = PlanDraft) -> PlanDraft:
    """The model's text as a draft; code fences around the JSON are tolerated."""
    text = raw.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        return model.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise PlanError(f"the answer is not a valid plan: {_short(exc)}") from None


def assemble(
    draft: PlanDraft, request: PlanRequest, passages: list[Passage], today: dt.date
) -> SessionPlan:
    """Turn a draft into a validated plan; PlanError says what is wrong for a repair prompt."""
    ids = {p.id for p in passages}

    def fix(point: DraftPoint) -> Cited | None:
        cited = [c for c in (_normal(c) for c in point.citations) if c in ids]
        if not cited and (repaired := best_source(point.text, passages)):
            cited = [repaired]
        return Cited(text=point.text.strip(), citations=cited) if cited else None

    def fixed(points: list[DraftPoint]) -> list[Cited]:
        return [c for c in map(fix, points) if c is not None]

    try:
        plan = SessionPlan(
            title=draft.title,
            topic=request.topic,
            mentee=Mentee(role=request.mentee_role, familiarity=request.familiarity,
                          goals=request.goals),
            duration_minutes=request.minutes,
            objectives=draft.objectives,
            pre_reading=fixed(draft.pre_reading),
            agenda=[Segment(title=s.title, minutes=s.minutes, purpose=s.purpose,
                            activities=s.activities, talking_points=fixed(s.talking_points))
                    for s in draft.agenda],
            exercise=Exercise(**draft.exercise.model_dump()),
            misconceptions=fixed(draft.misconceptions),
            glossary=[GlossaryEntry(**t.model_dump()) for t in draft.glossary[:12]],
            discussion_questions=draft.discussion_questions,
            privacy=Privacy(**draft.privacy.model_dump()),
            follow_up=[FollowUp(action=a.action, owner=a.owner,
                                due=today + dt.timedelta(days=max(0, a.due_in_days)))
                       for a in draft.follow_up],
            feedback_questions=draft.feedback_questions,
            sources=[p.source for p in passages],
        )
    except ValidationError as exc:
        raise PlanError(f"the plan breaks the rules: {_short(exc)}") from None
    return drop_uncited(plan)


def as_draft(plan: SessionPlan, today: dt.date) -> dict[str, Any]:
    """A saved plan in the shape the model writes (for a refine prompt)."""
    data = plan.model_dump(mode="json", include=set(PlanDraft.model_fields))
    for item in data["exercise"], *data["glossary"]:
        item.pop("citations", None)
    data["privacy"].pop("citations", None)
    data["follow_up"] = [{"action": f.action, "owner": f.owner,
                          "due_in_days": max(0, (f.due - today).days)} for f in plan.follow_up]
    return data


def _normal(citation: str) -> str:
    match = _CITATION.match(citation.strip())
    return f"S{int(match.group(1))}" if match else citation.strip()


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'plan'}: {e['msg']}" for e in exc.errors()[:6]
        )
    return str(exc)[:300]
