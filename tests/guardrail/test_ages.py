"""Ages tied to an identifiable person, and numbers near the same words that are not ages."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check

CASES = [
    # relation with a possessive
    ("my son is 7 and already asks for an iphone", "7"),
    # given name before "is"
    ("Priya is 34 and runs the whole emea region", "34"),
    # first person
    ("i'm 61 so the tiktok stuff is all new to me", "61"),
    # third person describing someone in the conversation
    ("she's 54 and has never used slack", "54"),
    # "years old" after the number
    ("my mum is 82 years old", "82"),
    # "just turned" with a relation
    ("my daughter just turned 12", "12"),
    # "turns" with a date after it
    ("my dad turns 80 on the 3rd of june", "80"),
    # apposition with commas
    ("Tom, 29, leads the graduate network", "29"),
    # apposition in brackets
    ("Martin (58) leads sales", "58"),
    # "aged" after a name
    ("Tom, aged 29, leads the graduate network", "29"),
    # "N-year-old" before a relation
    ("our 16-year-old daughter showed me bereal", "16"),
    # "N-year-old" with the person as the subject
    ("our new hire is a 19-year-old from the apprenticeship scheme", "19"),
    # age in words
    ("my son is seven and obsessed with minecraft", "seven"),
    # compound number word
    ("she's forty-two and runs ops", "forty-two"),
    # plural relation, the first age
    ("my kids are 7 and 9", "7"),
]

NEGATIVES = [
    # a duration after the number
    "she's 30 minutes late",
    # slides, not years
    "she's 54 slides into the deck already lol",
    # height
    "he's 6 foot tall and very loud in meetings",
    # percentage
    "i'm 100% sure",
    # a rank, not an age
    "my son is 2nd in the league",
    # "1 of 3"
    "my daughter is 1 of 3 finalists",
    # years in a role, not years of age
    "he's 2 years into the mba",
    # a product's age
    "the platform is 7 years old",
    # a product with a possessive
    "happy birthday to our 5-year-old product!",
    # a cohort, not a person
    "the cohort is aged 18-24",
    # a range after "aged"
    "gen z employees aged 18 to 27 use tiktok for search",
    # a team size
    "our team is 12, growing to 20",
    # a role without a possessive does not identify anyone
    "The mentor is 24 and the executive is 58.",
    # a milestone remark about "he" (no name or relation)
    "He turned 50 this year and celebrated with the team.",
    # a capitalised word that is not a given name
    "Chapter 3, 4 and 5 cover this",
    # a number list after a name
    "Grace, 3, 4 and 5 are the options",
    # "a 45-year-old man" names no one
    "a 45-year-old man was fined",
    # number words that are not ages
    "she's two steps ahead",
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_age_found(guard, text: str, value: str) -> None:
    check(guard, text, "personal", "personal.age", value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_an_age(guard, text: str) -> None:
    # only the age rule: what a sentence means is the meaning detector's (tests/test_meaning)
    assert [f for f in guard.scan(text) if f.rule == "personal.age"] == []
