"""The next session's plan request, built from the pair's history.

Session N uses session N-1's mentor notes and executive feedback and the goals' progress:
open questions come first, skipped segments are carried over, covered material (the chunks
the covered segments cited, in every earlier session) is not retrieved again, open goals
lead (least progress first) and finished goals are left out. Each choice is recorded with
its reason in ``carried_over``.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.journeys.views import Feedback, Goal, Pair, Session
from assistant.planning.plan import CarriedOver, Familiarity, PlanRequest, SessionPlan

LEVELS: tuple[Familiarity, ...] = ("new", "beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Past:
    """One earlier session with its plan and feedback."""

    session: Session
    plan: SessionPlan
    feedback: Feedback

    @property
    def reviewed(self) -> bool:
        return self.session.held_on is not None or self.feedback.mentor is not None or \
            self.feedback.executive is not None


def segment_chunks(plan: SessionPlan, title: str) -> list[str]:
    """Chunk ids cited by the talking points of the plan's segment with this title."""
    chunk_of = {s.id: s.chunk_id for s in plan.sources}
    ids = [chunk_of[c] for seg in plan.agenda if seg.title.lower() == title.lower()
           for point in seg.talking_points for c in point.citations if c in chunk_of]
    return list(dict.fromkeys(ids))


def covered_chunks(past: Past) -> list[str]:
    """Chunk ids cited by the segments the mentor marked covered."""
    notes = past.feedback.mentor
    if notes is None:
        return []
    return list(dict.fromkeys(k for t in notes.covered for k in segment_chunks(past.plan, t)))


def familiarity(pair: Pair, topic: str, history: list[Past]) -> tuple[Familiarity, str]:
    """The starting level for the topic, one level up per earlier covered session on it."""
    wanted = topic.strip().lower()
    start: Familiarity = "beginner"
    for key, level in pair.familiarity.items():
        if key.lower() == wanted or key.lower() in wanted or wanted in key.lower():
            start = level if level in LEVELS else start  # type: ignore[assignment]
            break
    before = sum(1 for p in history if p.plan.topic.strip().lower() == wanted
                 and p.feedback.mentor is not None and p.feedback.mentor.covered)
    level = LEVELS[min(LEVELS.index(start) + before, len(LEVELS) - 1)]
    return level, start


def next_request(pair: Pair, goals: list[Goal], history: list[Past], topic: str, minutes: int,
                 notes: str = "") -> tuple[PlanRequest, list[int]]:
    """The plan request for the pair's next session and the ids of the goals it serves."""
    carried: list[CarriedOver] = []
    open_goals = sorted((g for g in goals if not g.done), key=lambda g: (g.progress, g.id))[:10]
    for goal in open_goals:
        comment = f": {goal.comment}" if goal.comment else ""
        carried.append(CarriedOver(kind="goal", item=goal.text[:500], reason=(
            f"open goal at {goal.progress}%{comment}; due {goal.target_date}")[:500]))
    for goal in (g for g in goals if g.done):
        carried.append(CarriedOver(kind="goal", item=goal.text[:500],
                                   reason="reached 100%, so this plan leaves it out"))
    level, start = familiarity(pair, topic, history)
    if level != start:
        carried.append(CarriedOver(kind="familiarity", item=f"{start} → {level}",
                                   reason=f"earlier sessions on {topic} were covered"))
    reviewed = [p for p in history if p.reviewed]
    last = reviewed[-1] if reviewed else None
    questions: list[str] = []
    skipped: list[str] = []
    if last is not None:
        carried += _from_last(last, questions, skipped)
    earlier = [c for p in reviewed[:-1] for c in covered_chunks(p)]
    if earlier:
        carried.append(CarriedOver(
            kind="covered", item=f"material covered in sessions before session "
            f"{last.session.number if last else 1}",
            reason="covered already, so those passages are not used again",
            chunks=list(dict.fromkeys(earlier))))
    exclude = list(dict.fromkeys(k for c in carried if c.kind == "covered" for k in c.chunks))
    request = PlanRequest(
        topic=topic, mentee_role=pair.executive_role, minutes=minutes,
        goals=[g.text for g in open_goals], familiarity=level, notes=notes,
        carry_topics=skipped[:10], open_questions=questions[:10], exclude_chunks=exclude[:500],
        carried_over=carried[:40])
    return request, [g.id for g in open_goals]


def _from_last(last: Past, questions: list[str], skipped: list[str]) -> list[CarriedOver]:
    """What session N-1 hands on: open questions, skipped and covered segments, feedback."""
    out: list[CarriedOver] = []
    number = last.session.number
    notes, rating = last.feedback.mentor, last.feedback.executive
    if notes is not None:
        for question in notes.open_questions:
            questions.append(question)
            out.append(CarriedOver(kind="open question", item=question[:500],
                                   reason=f"left open in session {number}; answered first"))
        for title in notes.skipped:
            skipped.append(title)
            out.append(CarriedOver(kind="skipped", item=title[:500],
                                   reason=f"skipped in session {number}; carried over"))
        for title in notes.covered:
            out.append(CarriedOver(
                kind="covered", item=title[:500],
                reason=f"covered in session {number}, so its sources are not used again",
                chunks=segment_chunks(last.plan, title)))
    if rating is not None:
        said = "; ".join(x for x in (f"helped: {rating.helped}" if rating.helped else "",
                                     f"change: {rating.change}" if rating.change else "") if x)
        out.append(CarriedOver(kind="feedback", item=f"session {number} rated {rating.rating}/5",
                               reason=(said or "no comments")[:500]))
    return out
