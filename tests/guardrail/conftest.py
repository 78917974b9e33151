"""Guardrail fixtures: a guardrail on a private SQLite file with a few admin terms."""

from __future__ import annotations

import pytest

from assistant.guardrail import Finding, Guardrail, GuardrailSettings, build_guardrail
from assistant.storage import Database

TERMS = ("Project Halcyon", "Bluefin", "Northwind acquisition", "Orion X2")


@pytest.fixture
def db(tmp_path) -> Database:
    import assistant.guardrail.audit  # noqa: F401  (tables)

    database = Database(f"sqlite:///{tmp_path}/t.db")
    database.create_all()
    return database


@pytest.fixture
def guard(db: Database) -> Guardrail:
    built = build_guardrail(GuardrailSettings(), db)
    for term in TERMS:
        built.terms.add(term)
    return built


def spans(text: str, findings: list[Finding], category: str) -> list[tuple[str, str]]:
    """(rule, matched text) of the findings of one category."""
    return [(f.rule, text[f.start : f.end]) for f in findings if f.category == category]


def check(guard: Guardrail, text: str, category: str, rule: str | None, value: str | None) -> None:
    """rule None: no finding of the category; value: that text must be inside a finding."""
    found = spans(text, guard.scan(text), category)
    if rule is None:
        assert found == [], found
        return
    assert any(r == rule for r, _ in found), found
    if value is not None:
        assert any(value in v for r, v in found if r == rule), found
