"""`coach pairs|goals|feedback|sessions` over the journeys service."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import journeys as cli
from tests.journeys.conftest import TOPIC

app = typer.Typer()
cli.register(app)
runner = CliRunner()


@pytest.fixture(autouse=True)
def services(world, tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "get_services", lambda: SimpleNamespace(journeys=world.journeys))
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_journey_from_the_command_line(world, tmp_path):
    out = run("pairs", "add", "noor", "erik", "--role", "CMO", "--familiarity",
              "TikTok=new", "--user", "ada")
    assert "created pair 3: noor → erik (CMO)" in out
    listed = json.loads(runner.invoke(app, ["pairs", "list", "--json", "--user", "erik"]).stdout)
    assert [p["mentor"] for p in listed] == ["maya", "noor"]
    assert "added goal 1" in run("goals", "add", "1", "Post on LinkedIn every week",
                                 "--target", "2026-05-01", "--user", "maya")
    assert "10%" in run("goals", "progress", "1", "10", "--comment", "started", "--user",
                        "erik")
    out = run("sessions", "next", "1", "--topic", TOPIC, "--minutes", "30", "--user", "maya",
              "--at", "2026-03-09T10:00")
    assert "session 1 (#1)" in out and "## Agenda" in out
    assert "notes for session 1: 1 covered, 1 skipped, 1 questions" in run(
        "feedback", "add", "1", "--covered", "1", "--skipped", "2", "--question", "Why?",
        "--user", "maya")
    early = runner.invoke(app, ["feedback", "add", "1", "--rating", "4", "--user", "erik"])
    assert early.exit_code == 1 and "scheduled for 2026-03-09 10:00" in early.output
    assert "rated session 1: 4/5" in run("feedback", "add", "1", "--rating", "4", "--change",
                                         "slower", "--held-early", "--user", "erik")
    shown = json.loads(runner.invoke(app, ["feedback", "show", "1", "--user", "ada"]).stdout)
    assert shown["executive"]["rating"] == 4 and shown["mentor"]["open_questions"] == ["Why?"]
    second = run("sessions", "next", "1", "--topic", TOPIC, "--minutes", "30", "--user",
                 "maya")
    assert "Open questions from last session" in second
    run("sessions", "ics", "1", "--out", "s.ics", "--user", "erik")
    assert (tmp_path / "s.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    run("sessions", "pre-reading", "2", "--out", "p.pdf", "--user", "erik")
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert "session 2 (#2, plan 2)" in run("pairs", "show", "1", "--user", "erik")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pairs", "add", "maya", "lena", "--role", "CEO", "--user", "erik"],
         "only admins"),  # executives cannot create pairs
        (["pairs", "show", "2", "--user", "maya"], "no pair 2 of yours"),  # another pair
        (["feedback", "add", "1", "--user", "erik"], "give --rating"),  # nothing to record
        (["goals", "add", "1", "Post", "--target", "2026-05-01", "--user", "maya"],
         "specific"),  # a vague goal
    ],
)
def test_refusals_are_one_readable_line(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code != 0 and message in result.output
