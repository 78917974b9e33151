"""The Journeys tab's handlers in-process (signed-in requests, no server): pairs, goals and
sessions picked from lists, lists refreshed after each change, errors written for the web."""

from __future__ import annotations

import datetime as dt
import secrets

import gradio as gr
import pandas as pd
import pytest

from ui.access import Access
from ui.journeys_handlers import JourneysHandlers
from ui.server import TOKEN_COOKIE

TOPIC = "LinkedIn for executives"
PEOPLE = {"tom": "mentor", "vic": "mentor", "una": "executive"}  # apart from the API tests


@pytest.fixture(scope="module")
def h(app_services) -> JourneysHandlers:
    for name, role in PEOPLE.items():
        app_services.users.add(name, role, f"{name}-pass-1", replace=True)
    return JourneysHandlers(app_services.journeys,
                            Access(app_services.users, app_services.sessions))


@pytest.fixture(scope="module")
def pair(h, app_services) -> str:
    """tom → una, created through the handler as an admin would."""
    token = secrets.token_hex(16)
    app_services.sessions.open(token, "ada")
    ada = gr.Request(username="ada", cookies={f"{TOKEN_COOKIE}-test": token}, headers={})
    message = h.create_pair("tom", "una", "CFO", "LinkedIn=beginner", ada)
    assert message == "Created the pair tom → una (CFO)."  # no id to remember
    h.create_pair("vic", "una", "CFO", "", ada)  # so una has two pairs
    return str(next(p.id for p in app_services.journeys.pairs("tom")))


def choices(update) -> list[tuple[str, str]]:
    return [tuple(c) for c in update.choices]


def test_a_member_s_only_pair_is_picked_for_them(h, pair, request_as):
    picker = h.pair_picker(None, request_as("tom"))
    assert choices(picker) == [("tom → una (CFO)", pair)] and picker.value == pair
    executive = h.pair_picker(None, request_as("una"))
    assert len(choices(executive)) == 2 and executive.value is None  # no default pick
    assert h.pair_picker(pair, request_as("una")).value == pair  # the current one is kept


def test_a_click_on_a_table_row_picks_its_pair(h, pair, request_as):
    table = pd.DataFrame(h.my_pairs(request_as("ada")), columns=["id", "m", "e", "r", "f"])
    row = table.index[table["id"].astype(str) == pair][0]
    event = gr.EventData(None, {"index": [int(row), 1], "value": "tom"})
    assert h.pick_row(event, request_as("ada")) == pair
    with pytest.raises(gr.Error, match="Click a row of the pairs table."):  # no click
        h.pick_row(gr.EventData(None, None), request_as("ada"))


def test_a_duplicate_pair_is_an_error_and_the_table_is_not_an_output(h, pair, request_as,
                                                                     app_services):
    with pytest.raises(gr.Error, match="tom and una are a pair already"):
        h.create_pair("tom", "una", "CFO", "", request_as("ada"))
    from ui.app import build_app

    config = build_app(app_services).config
    blocks = {c["id"]: c for c in config["components"]}
    [create] = [d for d in config["dependencies"] if d.get("api_name") == "j_create_pair"]
    assert [blocks[o]["type"] for o in create["outputs"]] == ["markdown"]


def test_admins_pick_people_from_lists(h, request_as):
    mentors, executives = h.people(request_as("ada"))
    assert ("tom", "tom") in choices(mentors) and ("una", "una") not in choices(mentors)
    assert ("una", "una") in choices(executives) and ("tom", "tom") not in choices(executives)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # nothing picked: say what to pick, never "pair 0"
        (lambda h, p, r: h.add_goal("", "Post on LinkedIn weekly", "2027-01-31", r),
         "Choose a pair first."),
        (lambda h, p, r: h.rate(None, 4, "", "", False, r), "Choose a session first."),
        (lambda h, p, r: h.goal_progress(None, 10, "", r), "Choose a goal first."),
        # a badly written date says how to write it
        (lambda h, p, r: h.add_goal(p, "Post on LinkedIn weekly", "next week", r),
         "Write the target date as YYYY-MM-DD"),
        (lambda h, p, r: h.invite("1", "tomorrow 10am", r), "Write the invite start as"),
    ],
)
def test_errors_are_written_for_a_web_user(h, pair, request_as, call, message):
    with pytest.raises(gr.Error, match=message) as caught:
        call(h, pair, request_as("una"))
    assert "--" not in str(caught.value) and "coach " not in str(caught.value)


def test_a_session_from_draft_to_rating_with_lists_kept_current(h, pair, request_as,
                                                                app_services):
    tom, una = request_as("tom"), request_as("una")
    assert h.add_goal(pair, "Post on LinkedIn every week", "2099-01-31", tom).startswith(
        "Added the goal")
    _, goals, _ = h.pair_view(pair, None, None, tom)
    [(label, goal)] = choices(goals)
    assert label == "Post on LinkedIn every week (0%)"
    assert "20%" in h.goal_progress(goal, 20, "first post", una)
    assert choices(h.pair_view(pair, goal, None, una)[1]) == [
        ("Post on LinkedIn every week (20%)", goal)]

    start = (dt.datetime.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    plan_md, session = h.draft_next(pair, TOPIC, 30, "", f"{start:%Y-%m-%d %H:%M}", tom)
    assert "## Agenda" in plan_md and session.isdigit()
    md, _, sessions = h.pair_view(pair, None, session, tom)
    assert sessions.value == session  # the new session stays picked after the refresh
    assert f"scheduled {start:%Y-%m-%d %H:%M}" in dict((v, k) for k, v in choices(sessions))[
        session] and "scheduled" in md

    segments, covered, skipped = h.session_view(session, tom)
    assert segments.startswith("1. ") and choices(covered)[0][1] == "1"
    assert "1 covered, 1 skipped, 1 open questions" in h.mentor_notes(
        session, ["1"], ["2"], "How do I handle trolls?", tom)

    with pytest.raises(gr.Error, match="rate it after it has taken place, or say that it "
                                       "was held early"):
        h.rate(session, 4, "examples", "", False, una)
    assert "rated 4/5" in h.rate(session, 4, "examples", "", True, una)
    status = dict((v, k) for k, v in choices(h.pair_view(pair, None, session, una)[2]))
    assert f"held {app_services.journeys.today()}, rated 4/5" in status[session]


@pytest.mark.parametrize(
    ("user", "call", "message"),
    [
        ("una", lambda h, p, r: h.draft_next(p, TOPIC, 30, "", "", r), "mentors only"),
        ("tom", lambda h, p, r: h.create_pair("tom", "erik", "CEO", "", r), "admins only"),
        ("erik", lambda h, p, r: h.pair_view(p, None, None, r), "no pair"),  # not erik's
    ],
)
def test_refusals(h, pair, request_as, user, call, message):
    with pytest.raises(gr.Error, match=message):
        call(h, pair, request_as(user))
