"""Sentence-meaning detector: disclosures with no format against advice using the same words."""

from __future__ import annotations

import pytest

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import EXEMPLARS_FILE, MeaningDetector, load_rules


def _rules(text: str) -> list[str]:
    return [f.rule for f in MeaningDetector().detect(Document(text))]


@pytest.mark.parametrize("text, family", [
    ("we're letting about a third of the call-centre staff go after Easter", "confidential"),
    ("we're buying a smaller rival in Lisbon, signing next week", "confidential"),  # deal
    ("our revenue fell badly this quarter and the board hasn't told anyone", "confidential"),
    ("ransomware locked our finance servers last night", "confidential"),  # incident
    ("the chair is stepping down at the AGM; only the board knows", "confidential"),
    ("Oscar got a formal warning from his manager", "personal"),  # HR about a person
    ("Dev from procurement is off for months with a heart condition", "personal"),  # health
    ("Greg is in the middle of a nasty divorce", "personal"),  # family
    ("the team Figma login is design@ with the password Pelican77", "secrets"),  # in words
])
def test_flags_disclosures(text: str, family: str) -> None:
    assert any(rule.startswith(family + ".") for rule in _rules(text)), _rules(text)


@pytest.mark.parametrize("text", [
    "layoff announcements on LinkedIn should be handled with empathy",  # advice, same words
    "how do brands announce an acquisition?",  # a how-to question
    "Meta announced layoffs in 2023",  # public news about another company
    "how should a leader talk about a restructure with the team?",  # communication question
    "mental health days are becoming common in tech companies",  # trend, no person
    "a strong password has at least twelve characters",  # credential advice, no value
    "the password is kept in the team's password manager",  # where, not what
    "- Do not comment on the company's share price or anything not yet public.",  # guidance
])
def test_leaves_generic_and_public_text(text: str) -> None:
    assert _rules(text) == []


def test_finding_spans_the_sentence_and_names_the_category() -> None:
    text = "Thanks for the notes. We are closing the Leeds office next month and 40 people go."
    findings = MeaningDetector().detect(Document(text))
    assert findings and findings[0].rule == "confidential.layoffs"
    assert text[findings[0].start : findings[0].end].startswith("We are closing")


def test_exemplar_file_parses_with_positives_and_negatives() -> None:
    rules = load_rules(EXEMPLARS_FILE)
    assert {r.category for r in rules} == {"confidential", "personal", "secrets"}
    for rule in rules:
        assert rule.positives and rule.negatives, rule.name
        assert not set(rule.positives) & set(rule.negatives), rule.name


def test_exemplar_file_without_negatives_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("confidential.layoffs:\n  positives: [we cut 40 jobs]\n")
    with pytest.raises(ValueError, match="negatives"):
        load_rules(bad)
