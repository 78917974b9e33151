"""`coach kb why`, `coach kb approve --override` and `coach admin usage --json`, in-process
over the same services the web app uses."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.knowledge.test_review import DOC, KEY


@pytest.fixture
def cli(services, tmp_path, monkeypatch):
    from assistant.cli import admin, kb

    for module in (admin, kb):
        monkeypatch.setattr(module, "get_services", lambda: services)
    path = tmp_path / "launch-posts.md"
    path.write_text(DOC, encoding="utf-8")
    services.kb.add(path, {}, actor="ada")
    from assistant.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_why_then_approve_with_override(cli, services):
    why = cli("kb", "why", "launch-posts")
    assert why.exit_code == 0, why.output
    assert "confidential.marking" in why.stdout and "secrets.openai_key" in why.stdout
    assert "«do not post it»" in why.stdout and KEY not in why.stdout
    assert "coach kb approve launch-posts --override" in why.stdout
    data = json.loads(cli("kb", "why", "launch-posts", "--json").stdout)
    assert data["held"] and {f["rule"] for f in data["findings"]} == {
        "confidential.marking", "secrets.openai_key"}

    refused = cli("kb", "approve", "launch-posts")
    assert refused.exit_code == 1 and "held back by the guardrail" in refused.output
    done = cli("kb", "approve", "launch-posts", "--override", "--user", "ada")
    assert done.exit_code == 0 and "anyway" in done.stdout
    assert services.kb.get("launch-posts").is_visible()
    assert services.guardrail.audit.search(subject="launch-posts")[0]["user"] == "ada"
    after = cli("kb", "why", "launch-posts")
    assert "not held back" in after.stdout and "approved anyway by ada" in after.stdout


def test_admin_usage_json_counts_documents_users_and_overrides(cli, services):
    services.users.add("maya", "mentor", "mentor-pass-1")
    before = json.loads(cli("admin", "usage", "--json").stdout)
    assert before["documents"]["flagged"] == 1 and before["overrides"] == 0
    assert before["users"] == [{"name": "maya", "role": "mentor"}]
    assert before["guardrail"]["ingestion"] >= 1
    cli("kb", "approve", "launch-posts", "--override", "--user", "ada")
    after = json.loads(cli("admin", "usage", "--json").stdout)
    assert after["documents"]["flagged"] == 0 and after["overrides"] == 1
    text = cli("admin", "usage").stdout
    assert "Held-back documents approved anyway: 1" in text and "1 mentors" in text
