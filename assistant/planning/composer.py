"""The offline provider: composes a plan from approved passages, deterministically.

Objectives come from the topic and the goals, segment minutes from the duration and the
mentee's familiarity, and talking points are whole sentences extracted from the most relevant
passages, each citing the passage it came from.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from assistant.knowledge.embeddings import Embedder
from assistant.planning.evidence import Passage, Sentence, pick, rank_sentences
from assistant.planning.phrasing import article, phrases
from assistant.planning.plan import (
    Cited,
    Exercise,
    FollowUp,
    GlossaryEntry,
    Mentee,
    PlanRequest,
    Privacy,
    Segment,
    SessionPlan,
    drop_uncited,
)
from assistant.planning.selection import Selector
from assistant.planning.signals import CONTRAST, is_privacy, is_strong_warning, is_warning

_BOLD_ITEM = re.compile(r"^\s*[-*]\s+\*\*(.{2,60}?)\*\*[.:]?\s+(.+)$", re.MULTILINE)
WEIGHTS = {  # share of the session per segment: opening, ideas, hands-on, pitfalls, wrap-up
    "new": (0.15, 0.35, 0.25, 0.15, 0.10),
    "beginner": (0.10, 0.30, 0.35, 0.15, 0.10),
    "intermediate": (0.10, 0.25, 0.40, 0.15, 0.10),
    "advanced": (0.10, 0.20, 0.45, 0.15, 0.10),
}
CUES = {
    "open": frozenset({"goal", "why", "first", "because", "audienc", "purpos", "valu"}),
    "practice": frozenset({"draft", "write", "format", "exercis", "exampl", "practis", "practic",
                           "tri", "post", "video", "record", "rewrit"}),
    "pitfall": frozenset({"mistak", "avoid", "never", "risk", "wrong", "myth", "instead",
                          "rather", "damag", "fail"}),
    "habit": frozenset({"week", "habit", "consist", "review", "measur", "analyt", "rhythm",
                        "month", "regular", "day"}),
}
INTENTS = {  # what each segment's talking points are about, matched by meaning
    "open": "Why {topic} matters: who it reaches and what it achieves.",
    "practice": "How to do {topic} in practice: format, structure, drafting, examples.",
    "pitfall": "Common mistakes and risks to avoid with {topic}.",
    "habit": "Making {topic} a habit: how often, a weekly rhythm, reviewing results.",
}
PRIVACY_QUERY = "practise with public or invented material; screen-sharing hygiene; never paste"
DONT = ("never", "do not", "don't", "avoid")
IMPERATIVE = {"practise", "use", "close", "turn", "share", "check", "keep", "build", "draft",
              "sign", "report", "ask", "stop", "make", "invent", "choose", "agree", "remove"}
BASELINE_DOS = ["Practise with published material, invented scenarios and placeholders such "
                "as [product] or [quarter]."]
BASELINE_DONTS = ["Never paste credentials, customer details, unreleased figures or project "
                  "codenames into any tool, draft or note."]
# What the executive drafts in the hands-on exercise, by a word of the topic or goals.
DELIVERABLES = [
    ("linkedin", "LinkedIn post"), ("instagram", "Instagram caption and Story idea"),
    ("tiktok", "short video script"), ("youtube", "YouTube Short script"),
    ("shorts", "YouTube Short script"), ("threads", "Threads post"), ("twitter", "post on X"),
    ("calendar", "two-week content calendar"), ("crisis", "holding statement for a mock incident"),
    ("feedback", "piece of specific upward feedback"), ("ai", "prompt and review checklist"),
    ("community", "set of replies to three community comments"),
    ("measur", "one-page scorecard of three metrics"), ("analytic", "one-page scorecard"),
    ("brand", "one-sentence positioning statement"), ("video", "short video script"),
]


@dataclass(frozen=True)
class Evidence:
    """The passages a plan may draw on: topic passages and session-privacy passages."""

    topic: list[Passage]
    privacy: list[Passage]

    @property
    def all(self) -> list[Passage]:
        return self.topic + self.privacy


def compose(
    request: PlanRequest, evidence: Evidence, today: dt.date, embedder: Embedder | None = None
) -> SessionPlan:
    """A complete, valid plan built from the evidence alone; same input, same plan. With an
    embedder (the retriever's), sentences are ranked by meaning, in one batch."""
    thing = deliverable(request)
    said = phrases(request.topic)
    intents = {k: v.format(topic=said.label) for k, v in INTENTS.items()}
    select = Selector(evidence.topic, request.query(), request.topic, request.mentee_role,
                      embedder, intents)
    said = phrases(request.topic, select.names.names | select.wanted)
    role = f"{article(request.mentee_role)} {request.mentee_role}"
    on = said.label  # the topic after a preposition: short, never the raw long topic

    def points(chosen: list[Sentence]) -> list[Cited]:
        return [_cited(s) for s in chosen]

    pitfalls = select.take(2, "pitfall", CUES["pitfall"], need=is_strong_warning)
    pitfalls += select.take(2 - len(pitfalls), "pitfall", CUES["pitfall"], need=is_warning)
    opening = select.take(2, "open", CUES["open"]) or select.take(1)
    core = select.take(4, themes=True)
    hands_on = select.take(2, "practice", CUES["practice"]) or select.take(1)
    habit = select.take(1, "habit", CUES["habit"]) or select.take(1)
    myths = select.take(3, "pitfall", need=lambda t: bool(CONTRAST.search(t)))
    myths += select.take(3 - len(myths), "pitfall", need=is_strong_warning)
    guard = [s for s in rank_sentences([p for p in evidence.privacy if is_privacy(p)],
                                       PRIVACY_QUERY) if is_warning(s.text)]
    privacy_points = pick(guard, 1, set())
    themes = list(dict.fromkeys(_heading(s) for s in core))
    core_title = "Core ideas: " + " · ".join(themes)
    blocks = [
        ("Opening: why it matters and where things stand",
         f"Agree what the {request.mentee_role} wants from this session, why it matters to "
         "them and where they start.",
         [f"Ask how they use {said.platform} today, or what has held them back."
          if said.platform else
          f"Ask where they stand on {on} today, and what has held them back.",
          "Agree the one outcome this session must produce: "
          + (request.goals[0].rstrip(".") if request.goals
             else f"a first concrete step in {on}") + "."],
         points(opening)),
        (core_title if len(core_title) <= 90 else f"Core ideas: {said.label}",
         f"Cover {len(core)} ideas from approved guidance"
         + (f", on: {'; '.join(themes)}." if themes else "."),
         ["Take one idea at a time, with a public example of each on screen.",
          "After each idea, ask how it applies to their role and goals."],
         points(core)),
        (f"Hands-on: draft a {thing}",
         "The executive does it themselves while the mentor coaches on how it is done.",
         [f"The executive drafts a {thing} on a public or invented subject.",
          "The mentor reviews the draft against the talking points and suggests one change."],
         points(hands_on)),
        ("Pitfalls and privacy",
         "Name the mistakes to avoid and the session's privacy rules.",
         ["Go through the common mistakes and check the draft against them.",
          "Confirm nothing non-public is on screen, in the draft or in notes."],
         points(pitfalls + privacy_points)),
        ("Wrap-up: habits and commitments",
         "Turn the session into a routine with owners and dates.",
         ["Agree the follow-up actions below, each with an owner and a due date.",
          "Ask the feedback questions and note what to change next time."],
         points(habit)),
    ]
    if request.minutes < 25:  # too short for five blocks: keep ideas, hands-on, wrap-up
        blocks = [blocks[1], blocks[2], blocks[4]]
        weights: tuple[float, ...] = (0.4, 0.4, 0.2)
    else:
        weights = WEIGHTS[request.familiarity]
    minutes = allocate(request.minutes, weights)
    agenda = [
        Segment(title=t, minutes=m, purpose=p, activities=a, talking_points=tp)
        for (t, p, a, tp), m in zip(blocks, minutes, strict=True)
        if tp
    ]
    relevant = select.relevant or evidence.topic
    plan = SessionPlan(
        title=f"{said.heading} for {role}",
        topic=request.topic,
        mentee=Mentee(role=request.mentee_role, familiarity=request.familiarity,
                      goals=request.goals),
        duration_minutes=request.minutes,
        objectives=objectives(request, thing, on),
        pre_reading=pre_reading(relevant),
        agenda=_fix_minutes(agenda, request.minutes),
        exercise=exercise(request, thing, list(dict.fromkeys(s.passage.id for s in hands_on))),
        misconceptions=points(myths),
        glossary=glossary(relevant),
        discussion_questions=discussion_questions(request, relevant, on),
        privacy=privacy([p for p in evidence.privacy if is_privacy(p)]),
        follow_up=follow_up(request, thing, today, on),
        feedback_questions=feedback_questions(on),
        sources=[p.source for p in evidence.all],
    )
    return drop_uncited(plan)


def allocate(total: int, weights: tuple[float, ...]) -> list[int]:
    """Split total minutes by weight (largest remainder), in 5-minute steps when it divides."""
    step = 5 if total % 5 == 0 and total // 5 >= 2 * len(weights) else 1
    units = total // step
    raw = [w * units / sum(weights) for w in weights]
    base = [max(1, math.floor(r)) for r in raw]
    while sum(base) > units:
        base[base.index(max(base))] -= 1
    for i in sorted(range(len(raw)), key=lambda i: (base[i] - raw[i], i))[: units - sum(base)]:
        base[i] += 1
    return [b * step for b in base]


def deliverable(request: PlanRequest) -> str:
    words = set(re.findall(r"[a-z]+", " ".join([request.topic, *request.goals]).lower()))
    if "x" in words:
        return "post on X"
    for key, thing in DELIVERABLES:
        if any(w.startswith(key) for w in words):
            return thing
    return "short post"


def objectives(request: PlanRequest, thing: str, on: str) -> list[str]:
    """Distinct objectives; ``on`` is the topic as a phrase that follows a preposition."""
    role = f"{article(request.mentee_role)} {request.mentee_role}"
    out = [{"new": f"Understand the basics of {on} and why they matter to {role}.",
            "beginner": f"Build confidence in {on}, from the first step to a routine {role} "
                        "can keep up.",
            "intermediate": f"Sharpen the current approach to {on} with approved guidance.",
            "advanced": f"Stress-test the current approach to {on} against approved guidance."
            }[request.familiarity]]
    out += [f"Leave with a first concrete step towards this goal: {g.rstrip('.')}."
            for g in request.goals[:2]]
    out.append(f"Draft a {thing} in the executive's own voice during the session.")
    out.append("Practise with public or invented material only, and know what never goes "
               "into tools or drafts.")
    if len(out) < 5:
        out.append("Agree follow-up actions with owners and dates.")
    return out[:5]


def pre_reading(passages: list[Passage]) -> list[Cited]:
    """One entry per document, most relevant first, at most three."""
    seen: dict[str, Passage] = {}
    for passage in passages:
        seen.setdefault(passage.source.doc_id, passage)
    return [Cited(text=f"Read “{p.source.title}”"
                  + (f", especially “{p.source.section}”." if p.source.section != p.source.title
                     else "."), citations=[p.id]) for p in list(seen.values())[:3]]


def exercise(request: PlanRequest, thing: str, citations: list[str]) -> Exercise:
    return Exercise(
        title=f"Draft a {thing}",
        instructions=[
            f"Choose a public subject the {request.mentee_role} can speak on with authority: "
            "a published announcement, a talk or an industry trend. Invent details if needed.",
            f"The executive writes the {thing} themselves, in the first person, in 10 minutes.",
            "The mentor checks it against the talking points and suggests one improvement.",
            "Save it as a draft; it is published only after the normal approval route.",
        ],
        deliverable=f"A {thing} the executive wrote, ready for review.",
        citations=citations,
    )


def glossary(passages: list[Passage]) -> list[GlossaryEntry]:
    """Terms defined in bold list items of the passages, at most six."""
    entries: dict[str, GlossaryEntry] = {}
    for passage in passages:
        for term, rest in _BOLD_ITEM.findall(passage.text):
            term = term.strip(" .:")
            definition = rest.split(". ")[0].strip().rstrip(".") + "."
            if len(term.split()) <= 5 and term.lower() not in entries and len(definition) > 12:
                entries[term.lower()] = GlossaryEntry(term=term, definition=definition,
                                                      citations=[passage.id])
    return list(entries.values())[:6]


def discussion_questions(request: PlanRequest, passages: list[Passage], on: str) -> list[str]:
    out = [f"What would good look like three months from now, for {on}?"]
    out += [f"What is the smallest step towards “{g}” you could take this week?"
            for g in request.goals[:2]]
    sections = list(dict.fromkeys(p.source.section for p in passages if p.source.section))
    out += [f"Which part of “{s}” applies to your role, and which does not?" for s in sections[:2]]
    out.append("What would stop you from keeping this up when your calendar is full?")
    return out


def privacy(passages: list[Passage]) -> Privacy:
    """Do's and don'ts quoted from the privacy guidance, topped up with the baseline rules."""
    dos: list[str] = []
    donts: list[str] = []
    cited: list[str] = []
    for sentence in rank_sentences(passages, PRIVACY_QUERY):
        lower = sentence.text.lower()
        body = lower.split(": ", 1)[-1]
        if lower.startswith(DONT) or " never " in f" {lower}":
            target = donts
        elif body.split(" ", 1)[0] in IMPERATIVE:
            target = dos
        else:
            continue
        if len(target) < 3:
            target.append(sentence.text)
            cited.append(sentence.passage.id)
    return Privacy(dos=dos or BASELINE_DOS, donts=donts or BASELINE_DONTS,
                   citations=list(dict.fromkeys(cited)))


def follow_up(request: PlanRequest, thing: str, today: dt.date, on: str) -> list[FollowUp]:
    week = dt.timedelta(days=7)
    return [
        FollowUp(action=f"Finish the {thing} and send it through the normal approval route.",
                 owner="executive", due=today + week),
        FollowUp(action="Share links to the cited sources and a short summary of the session.",
                 owner="mentor", due=today + dt.timedelta(days=2)),
        FollowUp(action=f"Review together what happened after the first step in {on} and "
                        "pick the next one.", owner="both", due=today + 2 * week),
    ]


def feedback_questions(on: str) -> list[str]:
    return [
        "Which part of the session was most useful, and which least?",
        f"How confident do you feel about {on} now, from 1 to 5?",
        "Was the pace right for your familiarity with the topic?",
        "What should the next session cover?",
    ]


def _heading(sentence: Sentence) -> str:
    source = sentence.passage.source
    return source.section or source.title


def _cited(sentence: Sentence) -> Cited:
    return Cited(text=sentence.text, citations=[sentence.passage.id])


def _fix_minutes(agenda: list[Segment], total: int) -> list[Segment]:
    """Give the minutes of dropped segments (no usable sentences) to the longest one."""
    missing = total - sum(s.minutes for s in agenda)
    if missing and agenda:
        longest = max(agenda, key=lambda s: s.minutes)
        longest.minutes += missing
    return agenda
