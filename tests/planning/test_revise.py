"""Applying read instructions to a plan offline, with a fake source of approved guidance."""

from __future__ import annotations

import pytest

from assistant.planning.diff import plan_changes
from assistant.planning.plan import SessionPlan, Source
from assistant.planning.refine import parse
from assistant.planning.revise import MIN_SEGMENT, Found, revise
from tests.planning.conftest import sample_plan

TITLES = [("Opening: why it matters and where things stand", 5),
          ("Core ideas: Instagram", 15), ("Hands-on: draft a LinkedIn post", 15),
          ("Pitfalls and privacy", 5), ("Wrap-up: habits and commitments", 5)]
GUIDANCE = {  # subject word -> sentences an approved passage holds
    "reel": ["Show the work behind the scenes: hands at work, the team, the location.",
             "Keep a Reel under thirty seconds and put the point in the first second."],
    "analytics": ["Check reach and saves weekly rather than counting likes.",
                  "Compare each post with the median of your last ten posts."],
    "hashtags": ["Put hashtags at the end of a post rather than in the middle."],
}


def plan_of_five() -> SessionPlan:
    agenda = [{"title": t, "minutes": m, "purpose": "Purpose.",
               "activities": ["The executive drafts a LinkedIn post on a public subject."
                              if t.startswith("Hands-on") else "Talk it through."],
               "talking_points": [{"text": f"Point of {t}; it leverages what they know.",
                                   "citations": ["S1"]}]} for t, m in TITLES]
    exercise = {"title": "Draft a LinkedIn post", "instructions": ["Write it."],
                "deliverable": "A draft.", "citations": ["S1"]}
    glossary = [{"term": "Reach", "definition": "People who saw it.", "citations": ["S1"]}]
    objectives = ["Understand the feed.", "Draft a LinkedIn post in your own voice.",
                  "Know the privacy rules."]
    follow_up = [{"action": "Finish the LinkedIn post and send it for approval.",
                  "owner": "executive", "due": "2026-03-09"}]
    return SessionPlan.model_validate(sample_plan(
        duration_minutes=45, agenda=agenda, exercise=exercise, glossary=glossary,
        objectives=objectives, follow_up=follow_up))


def fake_find(subject: str, n: int, skip: set[str]) -> list[Found]:
    """Sentences for the first subject word the table knows, as passages of their own."""
    for word, texts in GUIDANCE.items():
        if word in subject.lower():
            return [Found(t, Source(id="S9", chunk_id=f"{word}::v1::{i}", doc_id=word,
                                    title=word.title(), label=word.title()))
                    for i, t in enumerate(texts) if t not in skip][:n]
    return []


def run(text: str, plan: SessionPlan | None = None):
    before = plan or plan_of_five()
    after, report = revise(before, parse(text), fake_find, text)
    return before, after, report


def minutes(plan: SessionPlan) -> dict[str, int]:
    return {s.title.split(":")[0]: s.minutes for s in plan.agenda}


def test_the_exercise_takes_the_subject_as_typed_and_cites_guidance():
    before, after, report = run("Make the exercise about a behind-the-scenes Reel")
    assert after.exercise.title == "Draft a behind-the-scenes Reel"
    assert after.exercise.citations and report.applied and not report.not_applied
    hands_on = next(s for s in after.agenda if s.title.startswith("Hands-on"))
    assert "behind-the-scenes Reel" in hands_on.title
    assert any("behind the scenes" in p.text for p in hands_on.talking_points)
    assert not any("LinkedIn post" in a for a in hands_on.activities)
    # the objectives and follow-up name the new deliverable
    assert after.objectives[1] == "Draft a behind-the-scenes Reel in your own voice."
    assert after.follow_up[0].action == ("Finish the behind-the-scenes Reel and send it for "
                                         "approval.")
    assert "Exercise: “Draft a LinkedIn post” → “Draft a behind-the-scenes Reel”." in \
        plan_changes(before, after)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # set one segment
        ("make the opening 10 minutes", {"Opening": 10}),
        # more minutes for the exercise's segment
        ("give the exercise 10 more minutes", {"Hands-on": 25}),
        # fewer, no number: about a third less, in 5-minute steps
        ("shorter core ideas", {"Core ideas": 10}),
        # two retimes: the first one stays as set
        ("make the opening 10 minutes and give the wrap-up 5 more minutes",
         {"Opening": 10, "Wrap-up": 10}),
    ],
)
def test_segment_minutes_are_rebalanced_to_the_session(text, wanted):
    before, after, report = run(text)
    got, was = minutes(after), minutes(before)
    assert sum(got.values()) == 45 and not report.not_applied
    assert {k: got[k] for k in wanted} == wanted
    others = [k for k in got if k not in wanted]
    grew = sum(wanted.values()) > sum(was[k] for k in wanted)
    # the others give or take minutes, each keeping at least MIN_SEGMENT
    assert all((got[k] <= was[k]) if grew else (got[k] >= was[k]) for k in others)
    assert all(got[k] >= MIN_SEGMENT for k in others)


def test_add_a_segment_before_the_wrap_up_with_cited_points():
    before, after, report = run("add a segment on TikTok analytics")
    titles = [s.title for s in after.agenda]
    assert titles[-2] == "TikTok analytics" and titles[-1].startswith("Wrap-up")
    added = after.agenda[-2]
    assert added.minutes == 10 and sum(s.minutes for s in after.agenda) == 45
    cited = {c for p in added.talking_points for c in p.citations}
    chunks = {s.id: s.chunk_id for s in after.sources}
    assert {chunks[c] for c in cited} == {"analytics::v1::0", "analytics::v1::1"}
    assert "Added segment “TikTok analytics” (10 min, 2 talking points)." in \
        plan_changes(before, after)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # no guidance: nothing invented
        ("add a segment on repotting orchids", "no approved guidance"),
        ("more on repotting orchids", "no more approved guidance"),
        # a segment the plan does not have, named with the plan's segments
        ("shorter Q&A", "no segment of this plan is the q&a"),
        ("drop segment 9", "this plan has 5 segments"),
        # impossible timings
        ("make the opening 44 minutes", "would leave 1 min for the 4 other segments"),
        ("make the session 5 minutes", "a session lasts 15 to 240 minutes"),
        # parts every plan keeps
        ("drop the exercise", "every plan keeps a hands-on exercise"),
        ("drop the privacy section", "every plan keeps its privacy rules"),
        # nothing to drop
        ("drop the misconceptions", "this plan has no misconceptions"),
        # not understood
        ("make it funnier", "not understood offline"),
        # already so
        ("make the exercise about a Linked-In post", "the exercise is already “Draft a LinkedIn"),
    ],
)
def test_what_cannot_be_applied_is_reported_and_leaves_the_plan(text, reason):
    before, after, report = run(text)
    assert not report.applied and len(report.not_applied) == 1
    assert reason in report.not_applied[0]
    assert after == before and plan_changes(before, after) == []


def test_part_applied_part_not():
    _, after, report = run("drop the glossary and make it rhyme")
    assert after.glossary == []
    assert report.applied == ["Dropped the glossary."]
    assert report.not_applied[0].startswith("“make it rhyme”: not understood")


def test_drop_a_segment_gives_its_minutes_to_the_others():
    before, after, _ = run("drop segment 4")
    assert [s.title for s in after.agenda] == [t for t, _ in TITLES if t != TITLES[3][0]]
    assert sum(s.minutes for s in after.agenda) == 45
    assert "Removed segment “Pitfalls and privacy” (5 min)." in plan_changes(before, after)


def test_more_on_a_subtopic_adds_cited_points_to_the_closest_segment():
    _, after, report = run("more on hashtags")
    core = after.agenda[1]
    assert core.talking_points[-1].text.startswith("Put hashtags at the end")
    assert "on “hashtags” to “Core ideas: Instagram”" in report.applied[0]


def test_simpler_language_swaps_jargon_and_splits_long_sentences():
    _, after, report = run("less jargon please")
    texts = [p.text for s in after.agenda for p in s.talking_points]
    assert all("leverages" not in t for t in texts)
    assert "It uses what they know." in texts  # split at the semicolon, still cited
    assert report.applied == ["Simpler language: replaced 5 jargon words and split 5 long "
                              "sentences."]


def test_a_new_session_length_scales_every_segment():
    _, after, report = run("make the session 90 minutes")
    assert after.duration_minutes == 90 and sum(s.minutes for s in after.agenda) == 90
    assert minutes(after)["Core ideas"] == 30 and report.applied
