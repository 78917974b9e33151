"""`coach guard`: scan a file or stdin, JSON lines, and the term list."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from assistant.cli.guard import app, scan_jsonl
from assistant.guardrail import Stage


@pytest.fixture
def cli(guard, monkeypatch):
    class FakeServices:
        guardrail = guard

    monkeypatch.setattr("assistant.cli.guard.get_services", lambda: FakeServices())
    return CliRunner()


def test_scan_file_json(cli, tmp_path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("mail a.b@acme.com")
    result = cli.invoke(app, ["scan", "--json", str(path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["action"] == "redact" and data["text"] == "mail [REDACTED_EMAIL_1]"


def test_scan_blocked_exit_code(cli) -> None:
    result = cli.invoke(app, ["scan", "-"], input="my password is Tr0ub4dor&3")
    assert result.exit_code == 1


def test_terms_commands(cli) -> None:
    assert cli.invoke(app, ["terms", "add", "Kestrel Health"]).exit_code == 0
    listed = cli.invoke(app, ["terms", "list", "--json"])
    assert "Kestrel Health" in json.loads(listed.stdout)
    assert cli.invoke(app, ["terms", "remove", "kestrel  health"]).exit_code == 0
    assert cli.invoke(app, ["terms", "remove", "nothing here"]).exit_code == 1


def test_jsonl_many_lines_one_process(guard) -> None:
    lines = [json.dumps({"id": i, "text": f"note {i}: mail u{i}@acme.com"}) for i in range(2000)]
    lines.insert(5, json.dumps({"id": "s", "text": "key sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0"}))
    sink = io.StringIO()
    count = scan_jsonl(guard, Stage.INPUT, io.StringIO("\n".join(lines)), sink)
    out = [json.loads(x) for x in sink.getvalue().splitlines()]
    assert count == len(out) == 2001
    assert out[0]["text"] == "note 0: mail [REDACTED_EMAIL_1]"
    assert out[0]["findings"][0] == {"category": "personal", "rule": "personal.email",
                                     "start": 13, "end": 24, "score": 0.95,
                                     "action": "redact"}  # the action: since issue 9
    assert out[5]["id"] == "s" and out[5]["blocked"] and out[5]["text"] == ""


def test_scan_json_shows_each_findings_action_at_the_stage(cli) -> None:
    text = "mail a.b@acme.com. CONFIDENTIAL: revenue of $40M next year"
    actions = {}
    for stage in ("input", "ingestion"):
        result = cli.invoke(app, ["scan", "--json", "--stage", stage, "-"], input=text)
        actions[stage] = {f["rule"]: f["action"] for f in json.loads(result.stdout)["findings"]}
    assert actions["input"]["confidential.figure"] == "redact"
    assert actions["input"]["confidential.marking"] == "block"
    assert actions["ingestion"]["personal.email"] == "redact"


def test_scan_json_shows_the_policy_of_every_category_at_the_stage(cli) -> None:
    text = "Staff should share notes on a need-to-know basis."
    result = cli.invoke(app, ["scan", "--json", "--stage", "ingestion", "-"], input=text)
    data = json.loads(result.stdout)
    assert data["stage"] == "ingestion"
    assert data["policy"]["secrets"] == "block" and data["policy"]["personal"] == "redact"
    assert data["policy"]["confidential.marking"] == "block"
    start = text.index("need-to-know basis")
    assert data["findings"] == [{"category": "confidential", "rule": "confidential.mention",
                                 "start": start, "end": start + 18, "score": 0.6,
                                 "action": "allow"}]
    assert result.exit_code == 0


def test_policy_command_lists_each_stage(cli) -> None:
    result = cli.invoke(app, ["policy", "--json"])
    table = json.loads(result.stdout)
    assert list(table) == ["input", "context", "ingestion", "output"]
    assert table["input"]["confidential"] == "block"
    assert table["ingestion"]["confidential"] == "redact"
    assert table["context"]["personal.person"] == "allow"
    assert table["ingestion"]["confidential.mention"] == "allow"
    assert "confidential.mention" not in table["output"]  # same as its category there
    human = cli.invoke(app, ["policy"]).stdout
    assert human.splitlines()[0].split() == ["category", "or", "rule", "input", "context",
                                             "ingestion", "output"]
