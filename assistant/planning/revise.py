"""Apply refine instructions to a saved plan without a language model.

Each instruction either changes the plan and says what it did, or leaves it alone and says
why. Segment minutes are rebalanced so the agenda still fills the session; new talking points
come only from approved guidance (``find``), each citing the passage it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.planning.composer import allocate
from assistant.planning.evidence import terms
from assistant.planning.phrasing import article
from assistant.planning.plan import Cited, Exercise, Segment, SessionPlan, Source, drop_uncited
from assistant.planning.refine import Instruction

MIN_SEGMENT = 3  # minutes every segment keeps
TITLE_WORDS = {  # a segment kind -> words of the titles it matches
    "opening": ("opening", "intro", "welcome", "kick-off", "warm-up"),
    "core": ("core", "ideas", "concepts"),
    "hands-on": ("hands-on", "exercise", "practice", "practise", "draft"),
    "pitfalls": ("pitfall", "mistake", "risk"),
    "wrap-up": ("wrap-up", "wrap up", "closing", "commitment", "next step", "summary"),
    "q&a": ("question", "q&a", "discussion"),
}
LIST_SECTIONS = {"glossary": "glossary", "misconceptions": "misconceptions",
                 "pre-reading": "pre_reading", "discussion questions": "discussion_questions",
                 "feedback questions": "feedback_questions", "follow-up": "follow_up"}
KEPT = {"objectives": "every plan keeps 3 to 5 objectives",
        "privacy": "every plan keeps its privacy rules",
        "exercise": "every plan keeps a hands-on exercise; say what it should be about instead",
        "sources": "the sources are what the plan cites"}
FORMATS = {"reel", "reels", "post", "posts", "video", "videos", "story", "stories", "caption",
           "carousel", "thread", "script", "short", "shorts", "newsletter", "article", "poll",
           "bio", "headline", "profile", "calendar", "statement", "prompt", "photo", "clip",
           "comment", "comments", "reply", "replies", "update", "announcement", "blog", "tweet",
           "email", "slide", "slides", "deck", "graphic", "infographic", "podcast", "episode",
           "tiktok", "live", "livestream", "vlog", "message", "memo", "summary", "plan"}
JARGON = {  # corporate words -> plain ones (whole words, case kept at the start)
    "utilise": "use", "utilize": "use", "leverage": "use", "leveraging": "using",
    "leverages": "uses", "leveraged": "used", "utilises": "uses", "utilizes": "uses",
    "facilitate": "help", "facilitates": "helps", "in order to": "to", "prior to": "before",
    "subsequently": "later",
    "approximately": "about", "commence": "start", "endeavour": "try", "optimise": "improve",
    "optimize": "improve", "methodology": "method", "functionality": "features",
    "cadence": "rhythm", "stakeholders": "the people involved", "synergy": "teamwork",
    "bandwidth": "time", "actionable": "practical", "granular": "detailed",
    "holistic": "whole", "best practices": "good habits", "going forward": "from now on",
    "at this point in time": "now", "amplify": "spread", "demographic": "audience group",
    "touchpoints": "contacts", "ideate": "come up with ideas", "KPIs": "key figures",
    "KPI": "key figure", "CTA": "call to action", "UGC": "content made by users",
    "ROI": "return", "omnichannel": "on every channel", "cross-pollinate": "share",
}
_JARGON = re.compile(r"\b(" + "|".join(sorted(map(re.escape, JARGON), key=len, reverse=True))
                     + r")\b", re.IGNORECASE)
HINT = ("try “make the exercise about …”, “make the opening 5 minutes”, “add a segment on …”, "
        "“drop the glossary”, “more on …” or “simpler language”")


@dataclass(frozen=True)
class Found:
    """A sentence of approved guidance and the passage it is from."""

    text: str
    source: Source


Finder = Callable[[str, int, set[str]], list[Found]]  # subject, how many, texts to skip


@dataclass
class Report:
    """Which parts of an instruction were applied, and which not (with the reason)."""

    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)


class Skip(Exception):
    """An instruction that cannot be applied to this plan; the message says why."""


def revise(plan: SessionPlan, instructions: list[Instruction], find: Finder,
           wording: str = "", limits: tuple[int, int] = (15, 240)) -> tuple[SessionPlan, Report]:
    """The plan with every instruction applied that can be, and the report; ``wording`` is
    the instruction as typed (for the original spelling of subjects)."""
    revision = Revision(plan, find, wording, limits)
    report = Report()
    for item in sorted(instructions, key=lambda i: i.kind != "length"):
        try:
            report.applied.append(revision.apply(item))
        except Skip as why:
            report.not_applied.append(f"“{item.text}”: {why}")
    revised = drop_uncited(revision.plan) if report.applied else plan
    return SessionPlan.model_validate(revised.model_dump()), report


class Revision:
    """A copy of the plan being changed, with the segments whose minutes were set."""

    def __init__(self, plan: SessionPlan, find: Finder, wording: str,
                 limits: tuple[int, int]) -> None:
        self.plan = plan.model_copy(deep=True)
        self.find = find
        self.wording = wording
        self.limits = limits
        self.pinned: list[Segment] = []
        self.first = {id(s): s.minutes for s in self.plan.agenda}  # before any rebalancing

    def apply(self, item: Instruction) -> str:
        handler = getattr(self, f"_{item.kind}", None)
        if handler is None:
            raise Skip(f"not understood offline ({HINT})")
        return str(handler(item))

    # ---- minutes --------------------------------------------------------------------------

    def _length(self, item: Instruction) -> str:
        low, high = self.limits
        new, old = item.minutes or 0, self.plan.duration_minutes
        if not low <= new <= high:
            raise Skip(f"a session lasts {low} to {high} minutes")
        if new == old:
            raise Skip(f"the session is already {old} min")
        agenda = self.plan.agenda
        if new < MIN_SEGMENT * len(agenda):
            raise Skip(f"{new} min is too short for {len(agenda)} segments")
        for segment, minutes in zip(agenda, allocate(new, tuple(s.minutes for s in agenda)),
                                    strict=True):
            segment.minutes = minutes
        self.plan.duration_minutes = new
        return f"The session is now {new} min (was {old}); every segment was scaled to fit."

    def _retime(self, item: Instruction) -> str:
        segment = self.segment(item.target)
        old = segment.minutes
        if item.direction < 0 and old <= MIN_SEGMENT:
            raise Skip(f"“{segment.title}” is already as short as it can be")
        new = self._wanted(item, self.first.get(id(segment), old))
        if new == old:
            raise Skip(f"“{segment.title}” is already {old} min")
        if new < MIN_SEGMENT:
            raise Skip(f"“{segment.title}” would be under {MIN_SEGMENT} min")
        self._fit(segment, new)
        return (f"“{segment.title}” is now {new} min (was {old}); the other segments were "
                f"rebalanced to keep {self.plan.duration_minutes} min.")

    def _wanted(self, item: Instruction, old: int) -> int:
        if item.minutes is not None:
            return item.minutes
        if item.delta is not None:
            return old + item.delta
        if abs(item.direction) == 2:
            return old * 2 if item.direction > 0 else max(MIN_SEGMENT, old // 2)
        five = self.plan.duration_minutes % 5 == 0
        step = max(5, 5 * round(old * 0.3 / 5)) if five else max(2, round(old * 0.3))
        return max(MIN_SEGMENT, old + step * item.direction)

    def _fit(self, segment: Segment, minutes: int) -> None:
        """Give the segment its minutes; the segments not pinned share the rest by weight."""
        agenda = self.plan.agenda
        others = [s for s in agenda if s is not segment and not _is_in(s, self.pinned)]
        if not others:
            others = [s for s in agenda if s is not segment]
        fixed = sum(s.minutes for s in agenda if s is not segment and not _is_in(s, others))
        left = self.plan.duration_minutes - fixed - minutes
        if left < MIN_SEGMENT * len(others):
            raise Skip(f"{minutes} min would leave {max(left, 0)} min for the "
                       f"{len(others)} other segment{'s' if len(others) != 1 else ''}")
        shares = allocate(left, tuple(s.minutes for s in others)) if others else []
        for other, share in zip(others, shares, strict=True):
            other.minutes = share
        segment.minutes = minutes
        self.pinned.append(segment)

    # ---- segments -------------------------------------------------------------------------

    def segment(self, ref: str) -> Segment:
        """The segment a reference names; Skip says which segments there are when none does."""
        agenda = self.plan.agenda
        names = "; ".join(f"{i}. {s.title}" for i, s in enumerate(agenda, 1))
        if ref.startswith("segment:"):
            number = int(ref.split(":")[1])
            if number == -1 or 1 <= number <= len(agenda):
                return agenda[number - 1 if number > 0 else -1]
            raise Skip(f"this plan has {len(agenda)} segments ({names})")
        words = TITLE_WORDS.get(ref)
        if words:
            hits = [s for s in agenda if any(w in s.title.lower() for w in words)]
            if not hits:  # e.g. the questions asked in the wrap-up, for "Q&A"
                hits = [s for s in agenda if any(
                    w in " ".join([s.purpose, *s.activities]).lower() for w in words)]
            if len(hits) == 1 or (hits and ref != "q&a"):
                return hits[0]
        else:
            wanted = terms(ref)
            scored = [(len(wanted & terms(s.title)), s) for s in agenda]
            best = max((n for n, _ in scored), default=0)
            hits = [s for n, s in scored if n == best and best]
            if len(hits) == 1:
                return hits[0]
        raise Skip(f"no segment of this plan is the {ref} (its segments: {names})")

    def _add(self, item: Instruction) -> str:
        subject = self.spelt(item.subject)
        found = self.find(item.subject, 3, self.texts())
        if not found:
            raise Skip(f"there is no approved guidance on “{subject}”, so no segment was added")
        total = self.plan.duration_minutes
        minutes = item.minutes or (10 if total >= 40 else 5)
        title = subject[:1].upper() + subject[1:]
        segment = Segment(
            title=title, minutes=minutes, purpose=f"Cover {subject} with approved guidance.",
            activities=["Take one talking point at a time, with a public example on screen.",
                        f"Ask how {subject} applies to their role and goals."],
            talking_points=[self.cite(f) for f in found])
        agenda = self.plan.agenda
        at = len(agenda) - 1 if agenda and _kind(agenda[-1], "wrap-up") else len(agenda)
        agenda.insert(at, segment)
        try:
            self._fit(segment, minutes)
        except Skip:
            agenda.remove(segment)
            raise
        return (f"Added a {minutes}-min segment “{title}” with {len(found)} cited talking "
                f"point{'s' if len(found) != 1 else ''}; the other segments were shortened "
                f"to keep {total} min.")

    def _drop(self, item: Instruction) -> str:
        target = item.target
        if target in KEPT:
            raise Skip(KEPT[target])
        if target in LIST_SECTIONS:
            name = LIST_SECTIONS[target]
            if not getattr(self.plan, name):
                raise Skip(f"this plan has no {target}")
            setattr(self.plan, name, [])
            return f"Dropped the {target}."
        segment = self.segment(target)
        agenda = self.plan.agenda
        if len(agenda) == 1:
            raise Skip("it is the plan's only segment")
        agenda.remove(segment)
        receivers = [s for s in agenda if not _is_in(s, self.pinned)] or agenda
        shares = allocate(segment.minutes + sum(s.minutes for s in receivers),
                          tuple(s.minutes for s in receivers))
        for other, share in zip(receivers, shares, strict=True):
            other.minutes = share
        return f"Dropped “{segment.title}”; its {segment.minutes} min went to the other segments."

    # ---- content --------------------------------------------------------------------------

    def _exercise(self, item: Instruction) -> str:
        subject = self.spelt(item.subject)
        ex = self.plan.exercise
        old = re.match(r"draft (?:a|an) (.+)$", ex.title, re.IGNORECASE)
        old_thing = old.group(1) if old else ""
        bare = re.sub(r"^(?:a|an|the|one)\s+", "", subject, flags=re.IGNORECASE)
        words = bare.lower().split()
        role = self.plan.mentee.role
        if words and words[0].endswith("ing"):
            title, doing = bare[:1].upper() + bare[1:], bare
            result = f"What the executive produced while {bare}, ready for review."
        elif words and words[-1] in FORMATS:
            title, doing = f"Draft {article(bare)} {bare}", f"drafts {article(bare)} {bare}"
            result = f"{article(bare).capitalize()} {bare} the executive wrote, ready for review."
        else:
            thing = old_thing or "short post"
            title = f"Draft {article(thing)} {thing} about {bare}"
            doing = f"drafts {article(thing)} {thing} about {bare}"
            result = f"{article(thing).capitalize()} {thing} about {bare}, ready for review."
        if _words(title) == _words(ex.title):
            raise Skip(f"the exercise is already “{ex.title}”")
        steps = [f"The subject is {bare}: the {role} works on public facts or invented details "
                 "only.", f"The executive {doing} themselves, in the first person, in 10 "
                 "minutes.", "The mentor checks it against the talking points and suggests one "
                 "improvement.", "Save it as a draft; it is published only after the normal "
                 "approval route."]
        found = self.find(item.subject, 2, self.texts())
        citations = []
        if found:
            tip = self.cite(found[0])
            steps.insert(2, f"Use this approved advice: {tip.text}")
            citations = tip.citations
        self.plan.exercise = Exercise(title=title, instructions=steps, deliverable=result,
                                      citations=citations)
        self._hands_on(ex.title, title, found)
        if old_thing and title.startswith("Draft "):
            self._rename_thing(old_thing, title[6:].split(" ", 1)[1])
        cited = (" with advice from approved guidance" if found
                 else "; no approved guidance mentions it, so the exercise cites none")
        return f"The exercise is now “{title}”{cited}."

    def _hands_on(self, old_title: str, new_title: str, found: list[Found]) -> None:
        """The hands-on segment follows the new exercise: title, activity, talking points."""
        hits = [s for s in self.plan.agenda if _kind(s, "hands-on")]
        if not hits:
            return
        segment = hits[0]
        segment.title = f"Hands-on: {new_title[:1].lower()}{new_title[1:]}"
        if old_title.lower().startswith("draft "):
            old_thing = old_title.lower()[6:]
            segment.activities = [a for a in segment.activities if old_thing not in a.lower()]
        if not any(new_title.lower() in a.lower() for a in segment.activities):
            segment.activities.insert(0, f"The executive does the exercise: {new_title}.")
        if found:
            new = [self.cite(f) for f in found]
            segment.talking_points = (new + segment.talking_points)[:max(3, len(new))]

    def _rename_thing(self, old: str, new: str) -> None:
        """Objectives and follow-up actions name the new deliverable instead of the old."""
        swap = re.compile(r"\b(?:a|an)\s+" + re.escape(old), re.IGNORECASE)
        the = re.compile(r"\bthe\s+" + re.escape(old), re.IGNORECASE)
        plan = self.plan

        def renamed(text: str) -> str:
            return the.sub(f"the {new}", swap.sub(f"{article(new)} {new}", text))

        plan.objectives = [renamed(o) for o in plan.objectives]
        for action in plan.follow_up:
            action.action = renamed(action.action)

    def _more(self, item: Instruction) -> str:
        subject = self.spelt(item.subject)
        found = self.find(item.subject, 2, self.texts())
        if not found:
            raise Skip(f"found no more approved guidance on “{subject}”")
        wanted = terms(item.subject)
        agenda = self.plan.agenda
        core = [s for s in agenda if _kind(s, "core")]
        segment = max(agenda, key=lambda s: (
            len(wanted & terms(" ".join([s.title, *(p.text for p in s.talking_points)]))),
            s in core, s.minutes))
        segment.talking_points += [self.cite(f) for f in found]
        return (f"Added {len(found)} cited talking point{'s' if len(found) != 1 else ''} on "
                f"“{subject}” to “{segment.title}”.")

    def _simpler(self, item: Instruction) -> str:
        swapped, split = 0, 0

        def plain(text: str) -> str:
            nonlocal swapped
            new, n = _JARGON.subn(lambda m: _plain(m.group(0)), text)
            swapped += n
            return new

        plan = self.plan
        for segment in plan.agenda:
            segment.purpose = plain(segment.purpose)
            segment.activities = [plain(a) for a in segment.activities]
            points = []
            for point in segment.talking_points:
                parts = [p for p in re.split(r";\s+", plain(point.text)) if p]
                split += len(parts) - 1
                points += [Cited(text=_sentence(p), citations=list(point.citations))
                           for p in parts]
            segment.talking_points = points
        plan.objectives = [plain(o) for o in plan.objectives]
        plan.exercise.instructions = [plain(s) for s in plan.exercise.instructions]
        for item_ in plan.misconceptions + plan.pre_reading:
            item_.text = plain(item_.text)
        if not swapped and not split:
            raise Skip("found no jargon or long sentences to simplify; rewording the quoted "
                       "guidance needs a language model (llm.provider)")
        return (f"Simpler language: replaced {swapped} jargon word{'s' if swapped != 1 else ''}"
                f" and split {split} long sentence{'s' if split != 1 else ''}.")

    # ---- helpers --------------------------------------------------------------------------

    def cite(self, found: Found) -> Cited:
        """The sentence cited by the plan's id for its passage, added to the sources if new."""
        sources = self.plan.sources
        known = {s.chunk_id: s.id for s in sources}
        if found.source.chunk_id not in known:
            number = max((int(s.id[1:]) for s in sources), default=0) + 1
            sources.append(found.source.model_copy(update={"id": f"S{number}"}))
            known[found.source.chunk_id] = f"S{number}"
        return Cited(text=found.text, citations=[known[found.source.chunk_id]])

    def texts(self) -> set[str]:
        plan = self.plan
        return {p.text for s in plan.agenda for p in s.talking_points} | {
            c.text for c in plan.misconceptions + plan.pre_reading}

    def spelt(self, subject: str) -> str:
        """The subject as the mentor typed it ("behind-the-scenes Reel"), when it is found."""
        words = re.findall(r"[\w&']+", subject)
        if not words:
            return subject
        pattern = r"[\W_]+".join(map(re.escape, words))
        match = re.search(pattern, self.wording, re.IGNORECASE)
        return match.group(0) if match else subject


def _words(text: str) -> str:
    """Letters and digits only: "behind the scenes" is "behind-the-scenes"."""
    return "".join(re.findall(r"[a-z0-9]+", text.lower()))


def _is_in(segment: Segment, group: list[Segment]) -> bool:
    return any(segment is other for other in group)


def _kind(segment: Segment, kind: str) -> bool:
    return any(w in segment.title.lower() for w in TITLE_WORDS[kind])


def _plain(word: str) -> str:
    plain = JARGON.get(word) or JARGON.get(word.lower()) or word
    return plain[:1].upper() + plain[1:] if word[:1].isupper() else plain


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?" else text + "."
