"""The admin's programme view: pairs, sessions held, ratings, goals on track, topics, gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.journeys.views import Goal
from assistant.planning.chat import Chat
from assistant.planning.config import PlannerSettings
from tests.journeys.conftest import TODAY, TOPIC
from tests.planning.conftest import offline_llm


@pytest.mark.parametrize(
    ("progress", "created", "target", "on_track"),
    [
        (100, None, TODAY - dt.timedelta(days=5), True),  # done counts, even late
        (90, None, TODAY - dt.timedelta(days=1), False),  # overdue and not done
        (0, None, TODAY + dt.timedelta(days=5), True),  # no start date: only overdue counts
        (50, TODAY - dt.timedelta(days=50), TODAY + dt.timedelta(days=50), True),  # on pace
        (41, TODAY - dt.timedelta(days=50), TODAY + dt.timedelta(days=50), True),  # margin
        (30, TODAY - dt.timedelta(days=50), TODAY + dt.timedelta(days=50), False),  # behind
    ],
)
def test_goal_on_track(progress, created, target, on_track):
    goal = Goal(1, 1, "Post every week", target, progress, "")
    assert goal.on_track(TODAY, created) is on_track


def test_programme_figures(world, synced_services):
    j = world.journeys
    for topic in (TOPIC, TOPIC.lower(), "Instagram basics"):
        j.draft_next(world.mine.id, "maya", topic, 30)
    sessions = j.sessions(world.mine.id, "maya")
    j.rate(sessions[0].id, "erik", 5)
    j.rate(sessions[1].id, "erik", 2)
    j.add_goal(world.mine.id, "maya", "Post on LinkedIn every week", TODAY + dt.timedelta(30))
    chat = Chat(synced_services.retriever, synced_services.guardrail, offline_llm(), j.db,
                PlannerSettings())
    for question in ("What is the boiling point of tungsten?",
                     "what is the boiling point of  tungsten?", "How to bake bread?",
                     "How often should I post on LinkedIn?"):
        chat.ask(question, "erik")
    # a plan topic with no approved guidance is a gap too
    assert j.draft_next(world.mine.id, "maya", "Underwater basket weaving", 30).result.plan is None
    view = j.programme("ada")
    assert view.totals == {"pairs": 2, "sessions held": 2, "average rating": 3.5,
                           "goals on track": "1/1"}
    assert view.pairs[0] == [world.mine.id, "maya", "erik", "CFO", 3, 2, 3.5, "1/1"]
    assert view.pairs[1][4:] == [0, 0, None, "0/0"]
    assert view.topics == [(TOPIC, 2), ("Instagram basics", 1)]
    assert view.gaps == [("What is the boiling point of tungsten?", 2),
                         ("How to bake bread?", 1), ("Underwater basket weaving", 1)]
    assert view.as_dict()["pairs"][0]["avg rating"] == 3.5
