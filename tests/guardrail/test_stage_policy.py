"""Policy per stage: stage rule, then stage category, then global rule, then category."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.guardrail import Finding, GuardrailSettings, Stage
from assistant.guardrail.policy import action_for


def _f(rule: str) -> Finding:
    return Finding(rule.split(".")[0], rule, 0, 4, 0.9, "r")


DEFAULTS = [
    # a person's name is redacted in a request ...
    ("personal.person", Stage.INPUT, "redact"),
    # ... and in an answer
    ("personal.name", Stage.OUTPUT, "redact"),
    # but approved documents name authors and public figures
    ("personal.person", Stage.CONTEXT, "allow"),
    ("personal.name", Stage.INGESTION, "allow"),
    # personal data in a document is redacted at ingestion, not held back
    ("personal.email", Stage.INGESTION, "redact"),
    # figures and meaning-based findings (any other confidential rule) are redacted there
    ("confidential.figure", Stage.INGESTION, "redact"),
    ("confidential.layoffs", Stage.INGESTION, "redact"),
    # but block in a request
    ("confidential.layoffs", Stage.INPUT, "block"),
    # markings and admin terms still hold a document back
    ("confidential.marking", Stage.INGESTION, "block"),
    ("confidential.term", Stage.INGESTION, "block"),
    # and so do credentials
    ("secrets.aws_access_key", Stage.INGESTION, "block"),
    # except a credential told in words (a model's guess): that sentence is redacted
    ("secrets.credential_words", Stage.INGESTION, "redact"),
    ("secrets.credential_words", Stage.INPUT, "block"),
]


@pytest.mark.parametrize(("rule", "stage", "action"), DEFAULTS)
def test_default_actions_per_stage(rule: str, stage: Stage, action: str) -> None:
    assert action_for(_f(rule), GuardrailSettings(), stage) == action


ORDER = [
    # stage rule beats stage category
    ({"stage_actions": {"input": {"personal.email": "allow", "personal": "block"}}},
     "personal.email", "allow"),
    # stage category beats the global rule override
    ({"stage_actions": {"input": {"personal": "block"}},
      "rule_actions": {"personal.email": "allow"}}, "personal.email", "block"),
    # global rule override beats the category policy
    ({"rule_actions": {"personal.email": "block"}}, "personal.email", "block"),
    # category policy last
    ({"personal": "allow"}, "personal.email", "allow"),
    # another stage's entries do not apply
    ({"stage_actions": {"output": {"personal": "block"}}}, "personal.email", "redact"),
]


@pytest.mark.parametrize(("fields", "rule", "action"), ORDER)
def test_resolution_order(fields: dict, rule: str, action: str) -> None:
    assert action_for(_f(rule), GuardrailSettings(**fields), Stage.INPUT) == action


def test_given_entries_merge_over_the_defaults() -> None:
    settings = GuardrailSettings(stage_actions={"ingestion": {"personal.email": "block"}})
    assert settings.stage_actions["ingestion"]["personal.email"] == "block"
    assert settings.stage_actions["ingestion"]["confidential.marking"] == "block"  # kept
    assert settings.stage_actions["context"]["personal.person"] == "allow"  # kept


BAD = [
    # a stage that does not exist
    ({"review": {"personal": "block"}}, "unknown stage"),
    # a key that is neither a category nor a rule of one
    ({"input": {"phone": "block"}}, "neither a category nor a rule"),
    # an action that does not exist
    ({"input": {"personal": "hide"}}, "redact"),
]


@pytest.mark.parametrize(("value", "message"), BAD)
def test_bad_stage_actions_are_settings_errors(value: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        GuardrailSettings(stage_actions=value)


def test_screen_reports_the_action_of_each_finding() -> None:
    from assistant.guardrail import Guardrail

    guard = Guardrail(GuardrailSettings(stage_actions={"input": {"personal.phone": "allow"}}))
    result = guard.screen("mail a@x.com or call +44 7911 123456", Stage.INPUT)
    assert dict(zip(result.rules, result.actions, strict=True)) == {
        "personal.email": "redact", "personal.phone": "allow"}
    assert "+44 7911 123456" in result.text and "a@x.com" not in result.text
