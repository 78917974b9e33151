"""Who sees and does what: admins create pairs and see all; mentors and executives see their
own pairs; feedback is private to the pair and the admins. One row per case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from assistant.journeys import JourneyError, NotAllowed
from tests.journeys.conftest import TODAY, TOPIC, World, make_journeys, make_world

LATER = TODAY + dt.timedelta(days=30)


@pytest.fixture(scope="module")
def shared(synced_services, tmp_path_factory) -> dict[str, Any]:
    """Both pairs, one goal and one drafted session each, with feedback on maya's."""
    path = tmp_path_factory.mktemp("rules") / "j.db"
    world: World = make_world(make_journeys(synced_services, f"sqlite:///{path}"))
    j = world.journeys
    ids: dict[str, Any] = {"world": world}
    for key, pair, mentor in (("mine", world.mine, "maya"), ("other", world.other, "noor")):
        ids[f"{key}_goal"] = j.add_goal(pair.id, mentor, "Post on LinkedIn every week", LATER).id
        drafted = j.draft_next(pair.id, mentor, TOPIC, 30)
        assert drafted.session is not None, drafted.result.message
        ids[f"{key}_session"] = drafted.session.id
    j.rate(ids["mine_session"], "erik", 4, "examples", "more practice")
    j.record_notes(ids["mine_session"], "maya", ["1"], [], ["How long should a post be?"])
    return ids


def act(ids: dict[str, Any], action: str, user: str, which: str) -> Callable[[], Any]:
    """The call for an action by user on pair 'mine' (maya→erik) or 'other' (noor→lena)."""
    j = ids["world"].journeys
    pair = ids["world"].mine if which == "mine" else ids["world"].other
    session, goal = ids[f"{which}_session"], ids[f"{which}_goal"]
    calls: dict[str, Callable[[], Any]] = {
        "see pair": lambda: j.pair(pair.id, user),
        "see goals": lambda: j.goals(pair.id, user),
        "see sessions": lambda: j.sessions(pair.id, user),
        "add goal": lambda: j.add_goal(pair.id, user, "Reply to comments within a day", LATER),
        "update progress": lambda: j.update_goal(goal, user, 40, "first posts out"),
        "draft next": lambda: j.draft_next(pair.id, user, TOPIC, 30),
        "record notes": lambda: j.record_notes(session, user, ["1"], [], []),
        "rate": lambda: j.rate(session, user, 5),
        "read feedback": lambda: j.feedback(session, user),
        "invite": lambda: j.invite(session, user, dt.datetime(2026, 3, 9, 10)),
        "pre-reading": lambda: j.pre_reading(session, user),
        "schedule": lambda: j.schedule(session, user, dt.datetime(2026, 3, 9, 10)),
    }
    return calls[action]


CASES = [
    # (action, user, pair, allowed)
    ("see pair", "maya", "mine", True),  # the pair's mentor
    ("see pair", "erik", "mine", True),  # the pair's executive
    ("see pair", "ada", "mine", True),  # admins see every pair
    ("see pair", "noor", "mine", False),  # another pair's mentor
    ("see pair", "lena", "mine", False),  # another pair's executive
    ("see goals", "noor", "mine", False),  # goals are the pair's
    ("see sessions", "lena", "mine", False),  # so are sessions
    ("add goal", "erik", "mine", True),  # either member may add a goal
    ("add goal", "ada", "mine", True),  # so may an admin
    ("add goal", "noor", "mine", False),  # but not an outsider
    ("update progress", "erik", "mine", True),  # the executive updates progress
    ("update progress", "maya", "mine", True),  # so does the mentor
    ("update progress", "ada", "mine", False),  # progress is the pair's judgement
    ("update progress", "noor", "mine", False),  # not an outsider's
    ("draft next", "maya", "mine", True),  # the pair's mentor drafts
    ("draft next", "erik", "mine", False),  # the executive does not
    ("draft next", "ada", "mine", False),  # nor does an admin
    ("draft next", "noor", "mine", False),  # nor another mentor
    ("record notes", "maya", "mine", True),  # mentor notes: the pair's mentor only
    ("record notes", "erik", "mine", False),  # not the executive
    ("record notes", "noor", "mine", False),  # not another mentor
    ("rate", "erik", "mine", True),  # the pair's executive rates
    ("rate", "maya", "mine", False),  # the mentor cannot rate their own session
    ("rate", "lena", "mine", False),  # nor can another executive
    ("rate", "ada", "mine", False),  # nor an admin
    ("read feedback", "maya", "mine", True),  # feedback: the pair ...
    ("read feedback", "erik", "mine", True),  # ... both of them ...
    ("read feedback", "ada", "mine", True),  # ... and the admins
    ("read feedback", "noor", "mine", False),  # never another pair's mentor
    ("read feedback", "lena", "mine", False),  # never another pair's executive
    ("invite", "erik", "mine", True),  # the executive downloads the invite
    ("invite", "lena", "mine", False),  # another executive cannot
    ("pre-reading", "erik", "mine", True),  # the executive's sheet
    ("pre-reading", "noor", "mine", False),  # not for outsiders
    ("schedule", "maya", "mine", True),  # the mentor schedules
    ("schedule", "erik", "mine", False),  # the executive does not
    ("see pair", "maya", "other", False),  # symmetric: maya cannot see noor's pair
    ("read feedback", "erik", "other", False),  # nor erik lena's feedback
]


@pytest.mark.parametrize(("action", "user", "which", "allowed"), CASES,
                         ids=[f"{a}-{u}-{w}" for a, u, w, _ in CASES])
def test_who_may_do_what(shared, action, user, which, allowed):
    call = act(shared, action, user, which)
    if allowed:
        call()
    else:
        with pytest.raises(NotAllowed):
            call()


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("ada", {("maya", "erik"), ("noor", "lena")}),  # admins list every pair
        ("maya", {("maya", "erik")}),  # a mentor lists only their own
        ("erik", {("maya", "erik")}),  # an executive lists only their own
        ("lena", {("noor", "lena")}),  # the other executive likewise
    ],
)
def test_pair_lists_by_role(shared, user, expected):
    pairs = shared["world"].journeys.pairs(user)
    assert {(p.mentor, p.executive) for p in pairs} == expected


@pytest.mark.parametrize(
    ("user", "mentor", "executive", "error", "match"),
    [
        ("maya", "maya", "lena", NotAllowed, "only admins"),  # a mentor cannot create pairs
        ("erik", "noor", "erik", NotAllowed, "only admins"),  # nor can an executive
        ("ada", "erik", "lena", JourneyError, "not a mentor"),  # roles must fit
        ("ada", "maya", "noor", JourneyError, "not an executive"),  # likewise
        ("ada", "maya", "erik", JourneyError, "pair already"),  # no duplicate pairs
    ],
)
def test_pair_creation_rules(shared, user, mentor, executive, error, match):
    with pytest.raises(error, match=match):
        shared["world"].journeys.create_pair(user, mentor, executive, "CEO")


def test_programme_view_is_for_admins_only(shared):
    j = shared["world"].journeys
    assert j.programme("ada").totals["pairs"] == 2
    for user in ("maya", "erik"):
        with pytest.raises(NotAllowed, match="only admins"):
            j.programme(user)


def test_drafted_plans_are_shared_with_the_pairs_executive_only(shared):
    j = shared["world"].journeys
    view, _ = j.session(shared["mine_session"], "maya")
    assert j.planner.plans.readable(view.plan_id, "erik")
    assert not j.planner.plans.readable(view.plan_id, "lena")
