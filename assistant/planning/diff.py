"""What changed between two versions of a plan, as a short list of sentences for people."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assistant.planning.plan import Segment, SessionPlan

MAX_POINTS = 3  # talking points quoted per segment before "and N more"
SECTIONS = {"glossary": "glossary", "misconceptions": "misconceptions",
            "pre_reading": "pre-reading items", "discussion_questions": "discussion questions",
            "feedback_questions": "feedback questions", "follow_up": "follow-up actions"}


def plan_changes(old: SessionPlan, new: SessionPlan) -> list[str]:
    """Segments added, removed, renamed or retimed; talking points added or removed; the
    exercise, the session's length and the optional sections that changed."""
    out: list[str] = []
    if old.duration_minutes != new.duration_minutes:
        out.append(f"Session length: {old.duration_minutes} → {new.duration_minutes} min.")
    if old.title != new.title:
        out.append(f"Title: “{old.title}” → “{new.title}”.")
    out += _agenda(old.agenda, new.agenda)
    out += _exercise(old, new)
    for name, label in SECTIONS.items():
        was, now = _texts(getattr(old, name)), _texts(getattr(new, name))
        before, after = len(was), len(now)
        if before and not after:
            out.append(f"Dropped the {label}.")
        elif was != now:
            out.append(f"Changed the {label} ({before} → {after}).")
    if old.objectives != new.objectives:
        out.append("Changed the objectives.")
    added = {s.chunk_id for s in new.sources} - {s.chunk_id for s in old.sources}
    gone = {s.chunk_id for s in old.sources} - {s.chunk_id for s in new.sources}
    if added or gone:
        out.append(f"Sources: {len(added)} added, {len(gone)} no longer cited.")
    return out


def _agenda(old: list[Segment], new: list[Segment]) -> list[str]:
    out: list[str] = []
    pairs = _pair(old, new)
    matched_new = {id(n) for _, n in pairs}
    matched_old = {id(o) for o, _ in pairs}
    out += [f"Removed segment “{s.title}” ({s.minutes} min)." for s in old
            if id(s) not in matched_old]
    for segment in new:
        if id(segment) not in matched_new:
            n = len(segment.talking_points)
            out.append(f"Added segment “{segment.title}” ({segment.minutes} min, "
                       f"{n} talking point{'s' if n != 1 else ''}).")
    for before, after in pairs:
        name = f"“{after.title}”"
        if before.title != after.title:
            out.append(f"Renamed “{before.title}” to {name}.")
        if before.minutes != after.minutes:
            out.append(f"{name}: {before.minutes} → {after.minutes} min.")
        out += _points(name, before, after)
    return out


def _pair(old: list[Segment], new: list[Segment]) -> list[tuple[Segment, Segment]]:
    """Segments matched by title, then the rest by position when they share a talking point
    or an activity (a renamed segment)."""
    pairs = []
    free = list(new)
    for segment in old:
        same = next((n for n in free if n.title == segment.title), None)
        if same is not None:
            pairs.append((segment, same))
            free.remove(same)
    left = [s for s in old if all(s is not o for o, _ in pairs)]
    for segment in left:
        texts = {p.text for p in segment.talking_points} | set(segment.activities)
        kin = next((n for n in free if texts & ({p.text for p in n.talking_points}
                                                | set(n.activities))), None)
        if kin is not None:
            pairs.append((segment, kin))
            free.remove(kin)
    order = {id(n): i for i, n in enumerate(new)}
    return sorted(pairs, key=lambda pair: order[id(pair[1])])


def _points(name: str, before: Segment, after: Segment) -> list[str]:
    old = [p.text for p in before.talking_points]
    new = [p.text for p in after.talking_points]
    out = []
    added = [p for p in after.talking_points if p.text not in old]
    removed = [t for t in old if t not in new]
    for point in added[:MAX_POINTS]:
        out.append(f"{name}: added talking point “{_short(point.text)}” "
                   f"[{', '.join(point.citations)}].")
    if len(added) > MAX_POINTS:
        out.append(f"{name}: {len(added) - MAX_POINTS} more talking points added.")
    if removed:
        out.append(f"{name}: {len(removed)} talking point{'s' if len(removed) != 1 else ''} "
                   "removed.")
    return out


def _exercise(old: SessionPlan, new: SessionPlan) -> list[str]:
    before, after = old.exercise, new.exercise
    if before.title != after.title:
        return [f"Exercise: “{before.title}” → “{after.title}”."]
    if (before.instructions, before.deliverable) != (after.instructions, after.deliverable):
        return ["Exercise: instructions changed."]
    return []


def _texts(items: list[Any]) -> list[str]:
    """What a section's items say, citation ids left out (they are renumbered per version)."""
    out = []
    for item in items:
        if isinstance(item, BaseModel):
            data = item.model_dump(mode="json", exclude={"citations"})
            out.append(" | ".join(str(v) for v in data.values()))
        else:
            out.append(str(item))
    return out


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
