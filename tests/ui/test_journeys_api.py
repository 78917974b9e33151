"""Journeys through the live app's HTTP API: each role's flows and the refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

TOPIC = "LinkedIn for executives"
EXTRA = {"noor": ("mentor", "noor-pass-1"), "lena": ("executive", "lena-pass-1")}


@pytest.fixture(scope="module")
def journey(client_for, live_app, app_services):
    """Two pairs (maya→erik, noor→lena) made by the admin, one drafted session for maya."""
    for name, (role, password) in EXTRA.items():
        app_services.users.add(name, role, password, replace=True)
    clients = {name: Client(live_app, auth=(name, pw), verbose=False)
               for name, (_, pw) in EXTRA.items()}
    ada = client_for("ada")
    ids = {}
    for mentor, executive in (("maya", "erik"), ("noor", "lena")):
        message = ada.predict(mentor, executive, "CFO", "LinkedIn=beginner",
                              api_name="/j_create_pair")
        assert message == f"Created the pair {mentor} → {executive} (CFO)."
        ids[mentor] = next(p.id for p in app_services.journeys.pairs(mentor)
                           if p.executive == executive)
    plan_md, session = client_for("maya").predict(ids["maya"], TOPIC, 30, "", "2026-03-09 10:00",
                                                  api_name="/j_draft_next")
    assert "## Agenda" in plan_md
    return {"pairs": ids, "session": int(session), "clients": clients}


def test_admin_creates_pairs_and_sees_all(client_for, journey):
    table = client_for("ada").predict(api_name="/j_pairs")
    pairs = {(row[1], row[2]) for row in table["data"]}
    assert {("maya", "erik"), ("noor", "lena")} <= pairs


def test_members_see_only_their_pairs(client_for, journey):
    for name, partner in (("maya", "erik"), ("erik", "maya")):
        rows = client_for(name).predict(api_name="/j_pairs")["data"]
        assert rows and all(partner in row for row in rows)
    other = journey["pairs"]["noor"]
    with pytest.raises(AppError, match=f"^no pair {other} of yours$"):
        client_for("erik").predict(other, None, None, api_name="/j_pair")


def test_goals_feedback_and_the_next_plan(client_for, journey, app_services):
    maya, erik = client_for("maya"), client_for("erik")
    pair, session = journey["pairs"]["maya"], journey["session"]
    assert "Added the goal" in maya.predict(pair, "Post on LinkedIn every week", "2027-01-31",
                                            api_name="/j_add_goal")
    md, _, _ = maya.predict(pair, None, None, api_name="/j_pair")
    assert "Post on LinkedIn every week · **0%**" in md
    goal = app_services.journeys.goals(pair, "maya")[0].id
    assert "20%" in erik.predict(goal, 20, "first post out", api_name="/j_goal_progress")
    segments, _, _ = maya.predict(session, api_name="/j_segments")  # offers the segments ...
    assert segments.startswith("1. ")
    assert "1 covered, 1 skipped, 1 open questions" in maya.predict(  # ... to tick
        session, ["1"], ["2"], "How do I handle trolls?", api_name="/j_mentor_notes")
    assert "rated 4/5" in erik.predict(session, 4, "examples", "more practice", False,
                                       api_name="/j_rate")
    feedback = erik.predict(session, api_name="/j_feedback")
    assert "4/5" in feedback and "How do I handle trolls?" in feedback
    plan_md, _ = maya.predict(pair, TOPIC, 30, "", "", api_name="/j_draft_next")
    assert "Open questions from last session" in plan_md
    assert "Carried over from earlier sessions" in plan_md


def test_exports(client_for, journey):
    erik = client_for("erik")
    ics = Path(erik.predict(journey["session"], "", api_name="/j_ics")).read_bytes()
    assert b"BEGIN:VEVENT" in ics and b"DTSTART:20260309T100000" in ics
    pdf = Path(erik.predict(journey["session"], "pdf", api_name="/j_pre_reading"))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_programme_view(client_for, journey):
    totals, pairs, *_ = client_for("ada").predict(api_name="/j_programme")
    assert "**pairs**" in totals and len(pairs["data"]) >= 2


@pytest.mark.parametrize(
    ("user", "endpoint", "args", "match"),
    [
        ("erik", "/j_create_pair", ("maya", "erik", "CEO", ""), "admins only"),  # executive
        ("maya", "/j_create_pair", ("maya", "erik", "CEO", ""), "admins only"),  # mentor
        ("maya", "/j_programme", (), "admins only"),  # the programme view is the admins'
        ("erik", "/j_programme", (), "admins only"),  # ... executives cannot see it either
        ("erik", "/j_draft_next", ("PAIR", TOPIC, 30, "", ""), "mentors only"),  # not execs
        ("maya", "/j_rate", ("SESSION", 5, "", "", False), "executives only"),  # not mentors
        ("noor", "/j_feedback", ("SESSION",), "no session SESSION of yours"),  # another pair's
        ("lena", "/j_rate", ("SESSION", 1, "", "", False), "no session SESSION of yours"),
        ("noor", "/j_mentor_notes", ("SESSION", [], [], ""), "no session SESSION of yours"),
        ("noor", "/j_draft_next", ("PAIR", TOPIC, 30, "", ""), "no pair PAIR of yours"),  # drafting
        ("lena", "/j_pre_reading", ("SESSION", "md"), "no session SESSION of yours"),  # exports
    ],
)
def test_refusals(client_for, journey, user, endpoint, args, match):
    ids = {"PAIR": journey["pairs"]["maya"], "SESSION": journey["session"]}
    args = tuple(ids.get(a, a) if isinstance(a, str) else a for a in args)
    match = match.replace("PAIR", str(ids["PAIR"])).replace("SESSION", str(ids["SESSION"]))
    client = journey["clients"].get(user) or client_for(user)
    with pytest.raises(AppError, match=match):
        client.predict(*args, api_name=endpoint)
