"""Approved knowledge documents are ordinary guidance: they pass unchanged (nothing redacted or
blocked) at ingestion and in context."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guardrail import Guardrail, GuardrailSettings, Stage

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
APPROVED = sorted(
    p for p in KNOWLEDGE.glob("*.md") if "status: approved" in p.read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def plain_guard() -> Guardrail:
    return Guardrail(GuardrailSettings())


@pytest.mark.parametrize("path", APPROVED, ids=[p.name for p in APPROVED])
def test_approved_document_has_no_findings(plain_guard: Guardrail, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for stage in (Stage.INGESTION, Stage.CONTEXT):
        result = plain_guard.screen(text, stage)
        acted = [(f.rule, text[f.start : f.end], a) for f, a in zip(result.findings,
                 result.actions, strict=True) if a != "allow"]
        assert result.action == "allow" and result.text == text, acted
