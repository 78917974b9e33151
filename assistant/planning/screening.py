"""The guardrail steps of planning and chat: request (input), passages (context), output.

What is withheld is recorded by stage, action and category only, never by content, so the
UI can show a "withheld by the guardrail" panel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.guardrail import Guardrail, ScreenResult, Stage
from assistant.guardrail.policy import category_actions
from assistant.knowledge.search import SearchHit
from assistant.planning.evidence import Passage, make_source
from assistant.planning.plan import PlanRequest, SessionPlan

WITHHELD_TEXT = "[withheld by the guardrail]"


@dataclass(frozen=True)
class Withheld:
    """One thing the guardrail removed or refused: where, what it did, which categories."""

    stage: str
    action: str
    categories: list[str]
    where: str
    actions: dict[str, str] = field(default_factory=dict)  # category -> action at the stage

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def note(result: ScreenResult, stage: Stage, where: str) -> list[Withheld]:
    """A Withheld record when the guardrail changed or refused the text."""
    if result.action == "allow":
        return []
    return [Withheld(str(stage), result.action, list(result.categories), where,
                     category_actions(result))]


def screen_request(
    guardrail: Guardrail, request: PlanRequest, user: str | None
) -> tuple[PlanRequest | None, list[Withheld], str]:
    """Screen every field; (sanitised request, withheld, "") or (None, withheld, message).
    A blocked request is still screened to the end, so the message names every field that
    held something blocked (the user can fix them all at once)."""
    fields = {"topic": request.topic, "mentee role": request.mentee_role, "notes": request.notes}
    lists = {"goal": request.goals, "carried-over topic": request.carry_topics,
             "open question": request.open_questions,
             "carried-over item": [c.item for c in request.carried_over],
             "carried-over reason": [c.reason for c in request.carried_over]}
    for name, texts in lists.items():
        fields |= {f"{name} {i}": t for i, t in enumerate(texts, 1)}
    clean: dict[str, str] = {}
    withheld: list[Withheld] = []
    blocked: dict[str, str] = {}  # field -> the guardrail's message
    for where, text in fields.items():
        if not text:
            clean[where] = text
            continue
        result = guardrail.screen(text, Stage.INPUT, user=user)
        withheld += note(result, Stage.INPUT, where)
        if result.blocked:
            blocked[where] = result.message
        clean[where] = result.text
    if blocked:
        messages = " ".join(dict.fromkeys(blocked.values()))
        return None, withheld, f"{messages} Found in: {', '.join(blocked)}."

    def back(name: str) -> list[str]:
        return [clean[f"{name} {i}"] for i in range(1, len(lists[name]) + 1)]

    carried = [c.model_copy(update={"item": item, "reason": reason}) for c, item, reason in
               zip(request.carried_over, back("carried-over item"), back("carried-over reason"),
                   strict=True)]
    return request.model_copy(update={
        "topic": clean["topic"], "mentee_role": clean["mentee role"], "notes": clean["notes"],
        "goals": back("goal"), "carry_topics": back("carried-over topic"),
        "open_questions": back("open question"), "carried_over": carried}), withheld, ""


def screen_hits(
    guardrail: Guardrail, hits: list[SearchHit], user: str | None, first: int = 1
) -> tuple[list[Passage], list[Withheld]]:
    """Context-screen passages; blocked ones are dropped, the rest numbered S<first>, ..."""
    passages: list[Passage] = []
    withheld: list[Withheld] = []
    for hit in hits:
        result = guardrail.screen(hit.text, Stage.CONTEXT, user=user)
        withheld += note(result, Stage.CONTEXT, "a retrieved passage")
        if result.blocked:
            continue
        number = first + len(passages)
        passages.append(Passage(make_source(hit, number), result.text, hit.similarity, number - 1))
    return passages, withheld


def screen_plan(
    guardrail: Guardrail, plan: SessionPlan, user: str | None, stage: Stage = Stage.OUTPUT
) -> tuple[SessionPlan, list[Withheld]]:
    """Screen every text of a plan (sources excepted) in one pass; only the fields a finding
    touches are screened again on their own. Blocked texts are replaced by a marker."""
    data = plan.model_dump(mode="json", exclude={"sources"})
    texts = list(_strings(data))
    whole = guardrail.screen("\n".join(t for _, t in texts), stage, user=user)
    if whole.action == "allow":
        return plan, []
    touched = _touched(texts, whole.findings)
    withheld: list[Withheld] = []
    blocked_alone = False
    for path, text in touched:
        result = guardrail.screen(text, stage, user=user)
        withheld += note(result, stage, "the plan")
        blocked_alone |= result.blocked
        if result.action != "allow":
            _put(data, path, WITHHELD_TEXT if result.blocked else result.text)
    if whole.blocked and not blocked_alone:  # what was blocked spans fields: withhold them all
        withheld += note(whole, stage, "the plan")
        for path, _ in touched:
            _put(data, path, WITHHELD_TEXT)
    data["sources"] = [s.model_dump() for s in plan.sources]
    return SessionPlan.model_validate(data), withheld


def _touched(texts: list[tuple[Any, str]], findings: list[Any]) -> list[tuple[Any, str]]:
    """The (path, text) fields of the joined text that some finding overlaps."""
    out = []
    start = 0
    for path, text in texts:
        end = start + len(text)
        if any(f.start < end and f.end > start for f in findings):
            out.append((path, text))
        start = end + 1  # the joining newline
    return out


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Any:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("citations", "due", "familiarity", "chunks", "kind"):
                yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _put(data: Any, path: tuple[Any, ...], text: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = text
