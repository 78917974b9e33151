"""Exports for the meeting: a calendar invite (.ics) and the executive's pre-reading sheet."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from assistant.journeys.views import Goal, Pair, Session
from assistant.planning.export import sections_pdf
from assistant.planning.plan import SessionPlan

PRODID = "-//Reverse Mentoring Coach//Journeys//EN"
UID_DOMAIN = "reverse-mentoring-coach.local"


def agenda_text(plan: SessionPlan) -> str:
    """The agenda as plain text lines, with minute ranges."""
    lines, start = [], 0
    for segment in plan.agenda:
        lines.append(f"{start}-{start + segment.minutes} min: {segment.title}")
        start += segment.minutes
    return "\n".join(lines)


def ics(session: Session, pair: Pair, plan: SessionPlan, start: dt.datetime) -> bytes:
    """A one-event calendar (RFC 5545) with the agenda in its description."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"journey-session-{session.id}@{UID_DOMAIN}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=plan.duration_minutes))
    event.add("summary", f"Reverse mentoring #{session.number}: {plan.title}")
    carried = [f"- {c.kind}: {c.item}" for c in plan.carried_over
               if c.kind in ("open question", "skipped")]
    description = [f"Mentor: {pair.mentor} · Executive: {pair.executive} "
                   f"({pair.executive_role})", "", "Objectives:",
                   *[f"- {o}" for o in plan.objectives], "", "Agenda:", agenda_text(plan)]
    if carried:
        description += ["", "Carried over from last session:", *carried]
    if plan.pre_reading:
        description += ["", "Pre-reading:", *[f"- {r.text}" for r in plan.pre_reading]]
    event.add("description", "\n".join(description))
    event.add("categories", ["Reverse mentoring"])
    calendar.add_component(event)
    return calendar.to_ical()


def _sheet(session: Session, pair: Pair, plan: SessionPlan, goals: list[Goal]
           ) -> list[tuple[str, list[str]]]:
    """The sheet's sections, shared by Markdown and PDF; short enough for one page."""
    when = (f"{session.scheduled_at:%A %d %B %Y, %H:%M}" if session.scheduled_at
            else "to be scheduled")
    out = [("", [f"Session {session.number} with {pair.mentor} · {when} · "
                 f"{plan.duration_minutes} minutes"]),
           ("What you will get out of it", [f"• {o}" for o in plan.objectives[:4]])]
    if goals:
        out.append(("Your goals", [f"• {g.text}: {g.progress}% (target {g.target_date})"
                                   for g in goals[:4]]))
    questions = [c.item for c in plan.carried_over if c.kind == "open question"]
    if questions:
        out.append(("Your open questions (answered first)", [f"• {q}" for q in questions[:5]]))
    reading = [f"• {r.text}" for r in plan.pre_reading[:3]]
    out.append(("Read before the session (10 minutes)", reading or ["• Nothing required."]))
    out.append(("Agenda", agenda_text(plan).splitlines()))
    out.append(("Think about", [f"• {q}" for q in plan.discussion_questions[:3]]
                or ["• What would good look like for you three months from now?"]))
    out.append(("Keep it private", [f"• {d}" for d in plan.privacy.donts[:2]]))
    return out


def pre_reading_markdown(session: Session, pair: Pair, plan: SessionPlan,
                         goals: list[Goal]) -> str:
    """The one-page pre-reading sheet as Markdown."""
    out = [f"# Pre-reading: {plan.title}"]
    for heading, lines in _sheet(session, pair, plan, goals):
        out += [""] + ([f"## {heading}"] if heading else [])
        out += [f"- {line[2:]}" if line.startswith("• ") else line for line in lines]
    return "\n".join(out) + "\n"


def pre_reading_pdf(session: Session, pair: Pair, plan: SessionPlan, goals: list[Goal]) -> bytes:
    """The one-page pre-reading sheet as PDF."""
    return sections_pdf(f"Pre-reading: {plan.title}", _sheet(session, pair, plan, goals),
                        body_size=9)
