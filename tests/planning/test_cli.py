"""`coach plan`, `coach plans list|show|refine|export` and `coach ask` over the synced
corpus."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import plan as cli
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.storage import Database
from assistant.users import UserDirectory

app = typer.Typer()
app.command("plan")(cli.plan)
app.add_typer(cli.plans_app, name="plans")
app.command("ask")(cli.ask)
runner = CliRunner()


@pytest.fixture(autouse=True)
def services(synced_services, tmp_path, monkeypatch):
    """The synced services with planning settings and a private plan database."""
    db = Database(f"sqlite:///{tmp_path / 'cli.db'}")
    db.create_all()
    stand_in = SimpleNamespace(
        retriever=synced_services.retriever, guardrail=synced_services.guardrail, db=db,
        users=UserDirectory(db),
        settings=SimpleNamespace(llm=LLMSettings(), planner=PlannerSettings()))
    monkeypatch.setattr(cli, "get_services", lambda: stand_in)
    monkeypatch.chdir(tmp_path)


PLAN = ["plan", "--topic", "LinkedIn", "--mentee-role", "CFO", "--minutes", "30",
        "--goal", "post weekly", "--user", "mentor"]


def test_plan_prints_markdown_and_saves():
    result = runner.invoke(app, PLAN)
    assert result.exit_code == 0, result.output
    assert "# LinkedIn for a CFO" in result.stdout and "## Sources" in result.stdout
    listed = runner.invoke(app, ["plans", "list", "--json", "--user", "mentor"])
    assert json.loads(listed.stdout)[0]["id"] == 1
    others = runner.invoke(app, ["plans", "list", "--json", "--user", "someone-else"])
    assert json.loads(others.stdout) == []  # nobody lists plans they may not read


def test_plan_json_and_out_file(tmp_path):
    result = runner.invoke(app, [*PLAN, "--json", "--out", "plan.pdf"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan"]["duration_minutes"] == 30 and data["provider"] == "offline"
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("fmt", "magic"), [("md", b"# "), ("docx", b"PK"), ("pdf", b"%PDF")])
def test_plans_show_and_export(tmp_path, fmt, magic):
    runner.invoke(app, PLAN)
    shown = runner.invoke(app, ["plans", "show", "1", "--user", "mentor"])
    assert shown.exit_code == 0 and "# LinkedIn for a CFO" in shown.stdout
    exported = runner.invoke(app, ["plans", "export", "1", "--format", fmt, "--user", "mentor"])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / f"plan-1.{fmt}").read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plans", "show", "99", "--user", "mentor"], "no plan 99 of yours"),  # unknown id
        (["plans", "export", "1", "--format", "rtf"], "--format must be one of"),  # bad format
        ([*PLAN[:6], "5"], "15 to 240 minutes"),  # too short a session
        (["plan", "--topic", "LinkedIn", "--mentee-role", "CFO", "--minutes", "30",
          "--goal", "password: Hunter2!x"], "credentials"),  # blocked by the guardrail
    ],
)
def test_errors_are_one_line_and_exit_1(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["plans", "show", "1"],  # reading someone else's plan
        ["plans", "export", "1"],  # exporting it
        ["ask", "How often should I post?", "--plan", "1"],  # asking about it
    ],
)
def test_other_users_get_the_unknown_id_refusal(args):
    assert runner.invoke(app, PLAN).exit_code == 0  # plan 1, by "mentor"
    result = runner.invoke(app, [*args, "--user", "other"])
    assert result.exit_code == 1 and "no plan 1 of yours" in result.output


def test_ask_streams_an_answer_with_citations():
    result = runner.invoke(app, ["ask", "How often should an executive post on LinkedIn?",
                                 "--user", "exec"])
    assert result.exit_code == 0, result.output
    assert "two or three original posts a week" in result.stdout
    assert "[S1] LinkedIn strategy for executives" in result.stdout


def test_plans_refine_reports_like_the_web_page():
    assert runner.invoke(app, PLAN).exit_code == 0
    result = runner.invoke(app, ["plans", "refine", "1", "make the opening 10 minutes and "
                                 "make it rhyme", "--user", "mentor"])
    assert result.exit_code == 0, result.output
    assert "**Applied**" in result.stdout and "is now 10 min" in result.stdout
    assert "**Not applied**" in result.stdout and "“make it rhyme”: not understood" in \
        result.stdout
    assert "**What changed (version 1 → 2)**" in result.stdout
    assert "saved plan 1 (version 2, offline)" in result.output
    as_json = runner.invoke(app, ["plans", "refine", "1", "drop the glossary", "--json",
                                  "--user", "mentor"])
    data = json.loads(as_json.stdout)
    assert data["version"] == 3 and data["applied"] == ["Dropped the glossary."]


@pytest.mark.parametrize(
    ("instruction", "user", "message"),
    [
        # screened like every request
        ("make the exercise about our STRICTLY CONFIDENTIAL results", "mentor",
         "Found in: refine instruction"),
        # only the author may refine
        ("drop the glossary", "other", "no plan 1 of yours"),
    ],
)
def test_plans_refine_refusals(instruction, user, message):
    assert runner.invoke(app, PLAN).exit_code == 0
    result = runner.invoke(app, ["plans", "refine", "1", instruction, "--user", user])
    assert result.exit_code == 1 and message in result.output
