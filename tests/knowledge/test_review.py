"""Why a document was held back (chunk, rule, position, a masked excerpt) and approving it
anyway: the flagged spans are redacted in the chunks, the document becomes visible and the
override is audited with who, when and which rules."""

from __future__ import annotations

import json

import pytest

from assistant.knowledge.base import KnowledgeError

KEY = "sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0"
DOC = f"""---
title: Launch posts for leaders
kind: guidance
topics: [linkedin]
status: draft
owner: comms
---
## Timing
Share the draft carousel with your team, but do not post it until the launch on Friday.

## Tools
The scheduler signs in with the key {KEY} and mails jo.bloggs@example.org a report.
"""


@pytest.fixture
def flagged(services, tmp_path):
    path = tmp_path / "launch-posts.md"
    path.write_text(DOC, encoding="utf-8")
    record = services.kb.add(path, {}, actor="ada")
    assert record.flags == ["confidential", "secrets"] and not record.is_visible()
    return services


def chunk_texts(services) -> dict[int, str]:
    return {c.metadata["chunk"]: c.text for c in services.kb.chunks("launch-posts")}


def test_why_names_chunk_rule_and_position_and_never_the_secret(flagged):
    report = flagged.kb.why("launch-posts")
    texts = chunk_texts(flagged)
    by_rule = {f.rule: f for f in report.findings}
    assert set(by_rule) == {"confidential.marking", "secrets.openai_key"}
    marking, key = by_rule["confidential.marking"], by_rule["secrets.openai_key"]
    # positions point at the span in the stored chunk the admin can preview
    assert texts[marking.chunk][marking.start:marking.end] == "do not post it"
    assert texts[key.chunk][key.start:key.end] == KEY
    assert (marking.where, marking.section) == (f"chunk {marking.chunk}", "Timing")
    assert marking.category == "confidential" and key.category == "secrets"
    # the marking is a label and is shown; the key is masked, the email too
    assert "«do not post it»" in marking.excerpt and "carousel" in marking.excerpt
    assert "[OPENAI_KEY]" in key.excerpt and "scheduler" in key.excerpt
    dumped = json.dumps(report.as_dict())
    assert KEY not in dumped and KEY[:12] not in dumped and "jo.bloggs" not in dumped
    assert report.held and report.overrides == []


def test_plain_approve_of_a_held_document_is_refused(flagged):
    with pytest.raises(KnowledgeError, match="held back by the guardrail"):
        flagged.kb.approve("launch-posts")
    assert not flagged.kb.get("launch-posts").is_visible()


def test_approve_anyway_redacts_the_spans_shows_the_document_and_audits_it(flagged):
    record = flagged.kb.approve("launch-posts", actor="ada", override=True)
    assert record.is_visible() and record.flags == [] and record.status == "approved"
    text = "\n".join(chunk_texts(flagged).values())
    assert KEY not in text and "do not post it" not in text
    assert "[REDACTED_OPENAI_KEY_1]" in text and "[REDACTED_MARKING_1]" in text
    assert "Share the draft carousel" in text  # the rest of the document is kept
    hits = flagged.retriever.search("share the draft carousel with your team", k=5)
    assert "launch-posts" in {h.citation.doc_id for h in hits}
    rows = flagged.guardrail.audit.search(subject="launch-posts")
    assert len(rows) == 1
    row = rows[0]
    assert (row["user"], row["action"], row["stage"]) == ("ada", "override", "ingestion")
    assert row["rules"] == ["confidential.marking", "secrets.openai_key"]
    assert len(row["hashes"]) == 2 and row["time"]
    assert flagged.kb.redactions("launch-posts")["secrets.openai_key"] == 1
    after = flagged.kb.why("launch-posts")
    assert not after.held and after.findings == []
    assert [o.user for o in after.overrides] == ["ada"]


def test_override_of_a_document_that_is_not_held_is_refused(flagged, tmp_path):
    path = tmp_path / "plain.md"
    path.write_text("# Plain\n\nPost twice a week.\n", encoding="utf-8")
    flagged.kb.add(path, {})
    with pytest.raises(KnowledgeError, match="not held back"):
        flagged.kb.approve("plain", actor="ada", override=True)


def test_why_of_an_unknown_document_is_a_clear_error(services):
    with pytest.raises(KnowledgeError, match="There is no document 'nope'"):
        services.kb.why("nope")
