"""The plan editor's rules, on the plan as JSON data (a working copy may not add up yet, so it
is no SessionPlan until it is saved): form fields in and out, minutes rebalanced to the
session's length, segments moved and deleted, a talking point added from the plan's sources.

Every function returns a new dict and raises PlanError with a clear text on a bad cell.
Saving stays the planner's job (``Planner.edit`` screens and stores a new version).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.planning.plan import PlanError

Plan = dict[str, Any]
Rows = list[list[Any]]
_CITE = re.compile(r"s\s*(\d+)", re.IGNORECASE)


@dataclass
class PlanForm:
    """The editor's fields: text areas hold one item per line, tables are rows of cells.
    ``segment`` is the agenda index that ``activities`` and ``points`` belong to."""

    agenda: Rows = field(default_factory=list)  # title, minutes, purpose
    segment: int = 0
    activities: str = ""
    points: Rows = field(default_factory=list)  # text, citations ("S1, S3")
    objectives: str = ""
    exercise_title: str = ""
    instructions: str = ""
    deliverable: str = ""
    glossary: Rows = field(default_factory=list)  # term, definition, citations
    questions: str = ""
    follow_up: Rows = field(default_factory=list)  # action, owner, due (YYYY-MM-DD)


def form_of(plan: Plan, segment: int = 0) -> PlanForm:
    """The editor's fields for ``plan``, showing the details of agenda item ``segment``."""
    agenda = plan["agenda"]
    index = max(0, min(segment, len(agenda) - 1))
    shown = agenda[index]
    exercise = plan["exercise"]
    return PlanForm(
        agenda=[[s["title"], s["minutes"], s["purpose"]] for s in agenda],
        segment=index,
        activities="\n".join(shown["activities"]),
        points=[[p["text"], _cites(p["citations"])] for p in shown["talking_points"]],
        objectives="\n".join(plan["objectives"]),
        exercise_title=exercise["title"],
        instructions="\n".join(exercise["instructions"]),
        deliverable=exercise["deliverable"],
        glossary=[[g["term"], g["definition"], _cites(g.get("citations", []))]
                  for g in plan.get("glossary", [])],
        questions="\n".join(plan.get("discussion_questions", [])),
        follow_up=[[f["action"], f["owner"], str(f["due"])] for f in plan.get("follow_up", [])],
    )


def apply_form(plan: Plan, form: PlanForm, rebalance: bool = True) -> Plan:
    """``plan`` with the form's fields written in. When ``rebalance`` is on and exactly one
    segment's minutes changed, the other segments are resized to the session's length."""
    out = copy.deepcopy(plan)
    agenda = out["agenda"]
    if len(form.agenda) != len(agenda):
        raise PlanError(f"the agenda table has {len(form.agenda)} rows for {len(agenda)} "
                        "segments; add or remove segments with the buttons")
    known = {s["id"] for s in out["sources"]}
    before = [s["minutes"] for s in agenda]
    for number, (segment, row) in enumerate(zip(agenda, form.agenda, strict=True), 1):
        title, minutes, purpose = (list(row) + ["", "", ""])[:3]
        segment["title"] = _required(title, f"segment {number}: the title")
        segment["minutes"] = _minutes(minutes, number)
        segment["purpose"] = _required(purpose, f"segment {number}: the purpose")
    if 0 <= form.segment < len(agenda):
        shown = agenda[form.segment]
        where = f"segment {form.segment + 1}"
        shown["activities"] = _lines(form.activities, f"{where}: activities")
        shown["talking_points"] = [
            {"text": text, "citations": _citations(cites, known, f"{where}, point “{text[:40]}”",
                                                   required=True)}
            for text, cites in _filled(form.points, 2)]
        if not shown["talking_points"]:
            raise PlanError(f"{where} needs at least one talking point")
    out["objectives"] = _lines(form.objectives, "objectives")
    exercise = out["exercise"]
    exercise["title"] = _required(form.exercise_title, "the exercise's title")
    exercise["instructions"] = _lines(form.instructions, "the exercise's instructions")
    exercise["deliverable"] = _required(form.deliverable, "the exercise's deliverable")
    out["glossary"] = [{"term": term, "definition": _required(text, f"glossary “{term}”"),
                        "citations": _citations(cites, known, f"glossary “{term}”")}
                       for term, text, cites in _filled(form.glossary, 3)]
    out["discussion_questions"] = _lines(form.questions, "", allow_empty=True)
    out["follow_up"] = [{"action": action, "owner": _required(owner, f"follow-up “{action}”: "
                                                              "the owner"),
                         "due": _date(due, action)}
                        for action, owner, due in _filled(form.follow_up, 3)]
    after = [s["minutes"] for s in agenda]
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    if rebalance and len(changed) == 1:
        fitted = rebalance_minutes(after, changed[0], out["duration_minutes"])
        for segment, minutes in zip(agenda, fitted, strict=True):
            segment["minutes"] = minutes
    return out


def rebalance_minutes(minutes: list[int], changed: int, total: int) -> list[int]:
    """``changed`` keeps its minutes (capped so every other segment keeps at least one) and
    the others share the rest of ``total`` in proportion to their current length."""
    if len(minutes) == 1:
        return [total]
    others = [i for i in range(len(minutes)) if i != changed]
    kept = max(1, min(minutes[changed], total - len(others)))
    shares = _shares([minutes[i] for i in others], total - kept)
    out = list(minutes)
    out[changed] = kept
    for i, share in zip(others, shares, strict=True):
        out[i] = share
    return out


def fit_minutes(minutes: list[int], total: int) -> list[int]:
    """Every segment resized in proportion so that they add up to ``total``."""
    return _shares(minutes, total)


def move_segment(plan: Plan, index: int, offset: int) -> Plan:
    """The plan with segment ``index`` moved ``offset`` places (kept within the agenda)."""
    out = copy.deepcopy(plan)
    agenda = out["agenda"]
    _check_index(agenda, index)
    target = max(0, min(index + offset, len(agenda) - 1))
    agenda.insert(target, agenda.pop(index))
    return out


def delete_segment(plan: Plan, index: int, rebalance: bool = True) -> Plan:
    """The plan without segment ``index``; its minutes go to the others when rebalancing."""
    out = copy.deepcopy(plan)
    agenda = out["agenda"]
    _check_index(agenda, index)
    if len(agenda) == 1:
        raise PlanError("a plan needs at least one segment")
    agenda.pop(index)
    if rebalance:
        for segment, minutes in zip(agenda, fit_minutes([s["minutes"] for s in agenda],
                                                        out["duration_minutes"]), strict=True):
            segment["minutes"] = minutes
    return out


def add_point(plan: Plan, index: int, source_id: str, text: str) -> Plan:
    """The plan with a talking point citing one of its own sources added to segment ``index``."""
    out = copy.deepcopy(plan)
    agenda = out["agenda"]
    _check_index(agenda, index)
    if source_id not in {s["id"] for s in out["sources"]}:
        raise PlanError(f"{source_id or 'that'} is not one of this plan's sources; pick one "
                        "from the list")
    text = " ".join(str(text).split())
    if not text:
        raise PlanError("the talking point has no text")
    agenda[index]["talking_points"].append({"text": text, "citations": [source_id]})
    return out


def agenda_total(plan: Plan) -> tuple[int, int]:
    """Minutes the agenda adds up to, and the session's length."""
    return sum(int(s["minutes"]) for s in plan["agenda"]), int(plan["duration_minutes"])


def first_sentence(text: str, limit: int = 240) -> str:
    """A passage's first sentence, the suggested text of a point taken from it."""
    flat = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s", flat)
    sentence = flat[:match.start()] if match else flat
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def _shares(weights: list[int], total: int) -> list[int]:
    """``total`` split in proportion to ``weights``, at least one each (largest remainder)."""
    if total < len(weights):
        raise PlanError(f"{len(weights)} segments need at least {len(weights)} minutes")
    spare = total - len(weights)  # one minute each first, the rest by weight
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    exact = [spare * w / sum(weights) for w in weights]
    out = [1 + int(e) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: int(exact[i]) - exact[i])
    for i in by_remainder[:total - sum(out)]:
        out[i] += 1
    return out


def _check_index(agenda: list[Any], index: int) -> None:
    if not 0 <= index < len(agenda):
        raise PlanError(f"there is no segment {index + 1}; pick one of 1 to {len(agenda)}")


def _cites(ids: list[str]) -> str:
    return ", ".join(ids)


def _citations(cell: Any, known: set[str], where: str, required: bool = False) -> list[str]:
    ids = list(dict.fromkeys(f"S{int(n)}" for n in _CITE.findall(str(cell or ""))))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise PlanError(f"{where} cites {', '.join(unknown)}, which is not one of the plan's "
                        f"sources ({', '.join(sorted(known, key=lambda s: int(s[1:])))})")
    if required and not ids:
        raise PlanError(f"{where} needs a citation such as S1")
    return ids


def _filled(rows: Rows, width: int) -> list[list[str]]:
    """Table rows padded to ``width`` cells, stripped, blank rows left out."""
    out = []
    for row in rows or []:
        cells = [str(c).strip() if c is not None else "" for c in list(row)[:width]]
        cells += [""] * (width - len(cells))
        if any(cells):
            out.append(cells)
    return out


def _lines(text: str, what: str, allow_empty: bool = False) -> list[str]:
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    if not lines and not allow_empty:
        raise PlanError(f"{what} need at least one line")
    return lines


def _required(value: Any, what: str) -> str:
    text = str(value if value is not None else "").strip()
    if not text:
        raise PlanError(f"{what} is empty")
    return text


def _minutes(value: Any, number: int) -> int:
    try:
        minutes = float(str(value).strip())
    except ValueError:
        raise PlanError(f"segment {number}: minutes must be a whole number, not {value!r}"
                        ) from None
    if minutes != int(minutes) or minutes < 1:
        raise PlanError(f"segment {number}: minutes must be a whole number of at least 1")
    return int(minutes)


def _date(value: Any, action: str) -> str:
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise PlanError(f"follow-up “{action}”: the due date must look like 2026-03-09, not "
                        f"{value!r}") from None
