"""The refine instruction reader: free text as mentors type it -> a list of edits."""

from __future__ import annotations

import pytest

from assistant.planning.refine import Instruction, clauses, normalise, parse


def one(kind: str, **fields: object) -> tuple[str, dict[str, object]]:
    return kind, fields


CASES = [
    # --- the exercise's subject
    ("Make the exercise about a behind-the-scenes Reel",
     [one("exercise", subject="a behind-the-scenes reel")]),
    # a typo, "instead", a question and a politeness prefix
    ("Can you make the excercise about a behind the scenes reel instead?",
     [one("exercise", subject="a behind the scenes reel")]),
    # text-speak politeness
    ("can u make the excercise about a behind the scenes reel",
     [one("exercise", subject="a behind the scenes reel")]),
    ("the exercise should be about filming a Story", [one("exercise", subject="filming a story")]),
    ("use a LinkedIn carousel for the exercise", [one("exercise", subject="a linkedin carousel")]),
    ("exercise: a product launch teaser", [one("exercise", subject="a product launch teaser")]),
    ("change the hands-on exercise to a TikTok duet", [one("exercise", subject="a tiktok duet")]),
    ("replace the exercise with one about newsletters", [one("exercise", subject="newsletters")]),
    ("pls have the exersize focus on remote work", [one("exercise", subject="remote work")]),
    # --- segment minutes: set, more, fewer
    ("make the opening 5 minutes", [one("retime", target="opening", minutes=5)]),
    ("make the opneing five mins", [one("retime", target="opening", minutes=5)]),
    ("the wrap up should be 10 min", [one("retime", target="wrap-up", minutes=10)]),
    ("only 5 minutes for the intro", [one("retime", target="opening", minutes=5)]),
    ("trim the core ideas to 8 minutes", [one("retime", target="core", minutes=8)]),
    ("give the exercise 10 more minutes", [one("retime", target="hands-on", delta=10)]),
    ("add ten more minutes to the opening", [one("retime", target="opening", delta=10)]),
    ("cut the wrap-up by 5 min", [one("retime", target="wrap-up", delta=-5)]),
    ("take 5 minutes off the core ideas", [one("retime", target="core", delta=-5)]),
    ("make segment 2 five minutes longer", [one("retime", target="segment:2", delta=5)]),
    ("shorter Q&A", [one("retime", target="q&a", direction=-1)]),
    ("make the Q and A a bit shorter", [one("retime", target="q&a", direction=-1)]),
    ("longer hands on", [one("retime", target="hands-on", direction=1)]),
    ("shorten the wrapup", [one("retime", target="wrap-up", direction=-1)]),
    ("spend more time on the wrap up", [one("retime", target="wrap-up", direction=1)]),
    ("more hands-on practice", [one("retime", target="hands-on", direction=1)]),
    ("halve the opening", [one("retime", target="opening", direction=-2)]),
    ("double the last segment", [one("retime", target="segment:-1", direction=2)]),
    # --- the session's length
    ("make the session 60 minutes", [one("length", minutes=60)]),
    ("we only have half an hour", [one("length", minutes=30)]),
    # --- add a segment
    ("add a segment on TikTok analytics", [one("add", subject="tiktok analytics")]),
    ("Add a 10-minute section about LinkedIn newsletters",
     [one("add", subject="linkedin newsletters", minutes=10)]),
    ("add 10 minutes on content calendars",
     [one("add", subject="content calendars", minutes=10)]),
    ("include a short segmnet covering crisis response", [one("add", subject="crisis response")]),
    ("add a Q&A segment", [one("add", subject="q&a")]),
    # --- drop a segment or a section
    ("drop the glossary", [one("drop", target="glossary")]),
    ("no glossary please", [one("drop", target="glossary")]),
    ("drop segment 3", [one("drop", target="segment:3")]),
    ("remove the third segment", [one("drop", target="segment:3")]),
    ("skip the pitfalls section", [one("drop", target="pitfalls")]),
    ("drop the glossary and the misconceptions",
     [one("drop", target="glossary"), one("drop", target="misconceptions")]),
    ("get rid of the pre reading", [one("drop", target="pre-reading")]),
    # --- more on a subtopic
    ("more on hashtags", [one("more", subject="hashtags")]),
    ("go deeper into analytics", [one("more", subject="analytics")]),
    ("add more examples about employee advocacy", [one("more", subject="employee advocacy")]),
    ("cover hooks in more detail", [one("more", subject="hooks")]),
    ("focus more on captions", [one("more", subject="captions")]),
    # --- simpler language
    ("simpler language please", [one("simpler")]),
    ("less jargon", [one("simpler")]),
    ("make it easier to read", [one("simpler")]),
    ("use plain English", [one("simpler")]),
    ("simplify the wording", [one("simpler")]),
    # --- several instructions in one sentence
    ("Make the opening five mins and drop the glossary, then add a segment on TikTok analytics",
     [one("retime", target="opening", minutes=5), one("drop", target="glossary"),
      one("add", subject="tiktok analytics")]),
    ("make the exercise about Reels; shorter Q&A. simpler language",
     [one("exercise", subject="reels"), one("retime", target="q&a", direction=-1),
      one("simpler")]),
    ("more on hashtags and give the exercise 5 more minutes",
     [one("more", subject="hashtags"), one("retime", target="hands-on", delta=5)]),
    # a subject with "and" inside stays one instruction
    ("add a segment on TikTok and Instagram analytics",
     [one("add", subject="tiktok and instagram analytics")]),
    # --- what it must report as not understood
    ("make it funnier", [one("unknown")]),
    ("translate it to French", [one("unknown")]),
    ("hmm", [one("unknown")]),
    ("make the exercise about 10 minutes long", [one("retime", target="hands-on", minutes=10)]),
    # one part read, one not
    ("drop the glossary and make it rhyme",
     [one("drop", target="glossary"), one("unknown")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_instructions_are_read_as_typed(text: str, expected: list[tuple[str, dict]]) -> None:
    found = parse(text)
    assert [i.kind for i in found] == [kind for kind, _ in expected], found
    for item, (_, fields) in zip(found, expected, strict=True):
        for name, value in fields.items():
            assert getattr(item, name) == value, (name, item)


def test_there_are_forty_cases_or_more() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # typos respelt, number words and units normalised
        ("Shoter excercise, 10 mintues", "shorter exercise, 10 min"),
        # a real word next to a vocabulary word is not a typo ("remote" is not "remove")
        ("about remote work", "about remote work"),
        # dashes and Q&A spellings made one form
        ("Q & A – wrap up", "q&a - wrap-up"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_a_clause_keeps_its_text_for_the_report() -> None:
    assert clauses("Please drop the glossary, thanks!") == ["drop the glossary"]
    assert parse("drop the glossary")[0] == Instruction("drop", "drop the glossary",
                                                         target="glossary")
