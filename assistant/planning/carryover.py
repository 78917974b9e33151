"""What a plan carries over from earlier sessions, applied the same way for every provider.

Open questions become an opening segment whose minutes come from the longest segment, so the
timings still add up; the carried-over list is copied onto the plan.
"""

from __future__ import annotations

from assistant.planning.evidence import Passage, best_source
from assistant.planning.plan import CarriedOver, Cited, PlanRequest, Segment, SessionPlan

OPEN_QUESTIONS_TITLE = "Open questions from last session"
MINUTES_PER_QUESTION = 3
MIN_LEFT = 5  # the longest segment keeps at least this many minutes (or half of them)


def question_minutes(questions: int, donor: int) -> int:
    """Minutes for the opening segment: 3 per question, 5 to 15, never starving the donor."""
    want = min(15, max(5, MINUTES_PER_QUESTION * questions))
    keep = max(1, min(max(MIN_LEFT, donor // 2), donor - 1))
    return max(0, min(want, donor - keep))


def open_questions_first(
    plan: SessionPlan, questions: list[str], answers: dict[str, str], passages: list[Passage]
) -> SessionPlan:
    """The plan with an opening segment on last session's open questions, each cited: the
    passage retrieved for it (``answers``), else the best matching one, else the top one."""
    if not questions or not plan.agenda or not passages:
        return plan
    known = {s.id for s in plan.sources}
    by_id = {p.id: p for p in passages}
    points, used = [], []
    for question in questions:
        sid = answers.get(question) or best_source(question, passages, 1) or passages[0].id
        note = "" if question in answers else " (no approved guidance answers it directly yet)"
        points.append(Cited(text=f"Open question: {question}{note}", citations=[sid]))
        if sid not in known and sid in by_id:
            used.append(by_id[sid].source)
            known.add(sid)
    donor = max(range(len(plan.agenda)), key=lambda i: plan.agenda[i].minutes)
    minutes = question_minutes(len(questions), plan.agenda[donor].minutes)
    if minutes < 1:
        return plan
    opening = Segment(
        title=OPEN_QUESTIONS_TITLE, minutes=minutes,
        purpose="Answer what the executive asked last time before anything new.",
        activities=["Take each question in turn; answer it from the cited guidance, or agree "
                    "who finds out and by when."],
        talking_points=points)
    data = plan.model_dump()
    data["agenda"][donor]["minutes"] -= minutes
    data["agenda"].insert(0, opening.model_dump())
    data["sources"] = sorted([*data["sources"], *[s.model_dump() for s in used]],
                             key=lambda s: int(s["id"][1:]))
    return SessionPlan.model_validate(data)


def apply_carry_over(
    plan: SessionPlan, request: PlanRequest, answers: dict[str, str], passages: list[Passage]
) -> SessionPlan:
    """Open questions first, then the carried-over list on the plan."""
    plan = open_questions_first(plan, request.open_questions, answers, passages)
    if request.carried_over:
        plan = plan.model_copy(update={"carried_over": list(request.carried_over)})
    return plan


def carried_lines(carried: list[CarriedOver]) -> list[str]:
    """Prompt lines telling an LLM what was carried over and why."""
    if not carried:
        return []
    lines = ["From earlier sessions (builds on them; an opening segment on open questions is "
             "added after you answer, so do not add one):"]
    lines += [f"- {c.kind}: {c.item} ({c.reason})" for c in carried]
    return lines


def restored(carried: list[CarriedOver]) -> dict[str, list[str]]:
    """Request fields rebuilt from a plan's carried-over list (for a refinement)."""
    return {
        "open_questions": [c.item for c in carried if c.kind == "open question"][:10],
        "carry_topics": [c.item for c in carried if c.kind == "skipped"][:10],
        "exclude_chunks": [k for c in carried if c.kind == "covered" for k in c.chunks][:500],
    }
