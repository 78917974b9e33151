"""Policy: actions per category and rule, placeholders, messages that never leak the text."""

from __future__ import annotations

import pytest

from assistant.guardrail import Guardrail, GuardrailSettings, Stage

SECRET = "sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0"

DECISIONS = [
    # secrets block by default
    (f"my key is {SECRET}", "block", ["secrets"]),
    # personal data is redacted
    ("mail me at a.b@acme.com", "redact", ["personal"]),
    # financial identifiers are redacted
    ("card 4532 7153 3790 1245", "redact", ["financial"]),
    # network data is redacted
    ("server 10.20.30.41", "redact", ["network"]),
    # markings block
    ("CONFIDENTIAL: board pack", "block", ["confidential"]),
    # non-public figures are redacted
    ("We expect revenue of $40M next year.", "redact", ["confidential"]),
    # block wins over redact
    (f"mail a.b@acme.com the key {SECRET}", "block", ["personal", "secrets"]),
    # nothing found
    ("Post twice a week.", "allow", []),
]


@pytest.mark.parametrize(("text", "action", "categories"), DECISIONS)
def test_default_policy(guard, text: str, action: str, categories: list[str]) -> None:
    result = guard.screen(text, Stage.INPUT)
    assert result.action == action
    assert result.categories == categories
    assert result.blocked is (action == "block")
    assert (result.text == "") is (action == "block")
    assert (result.message == "") is (action == "allow")


def test_placeholders_are_typed_numbered_and_stable(guard) -> None:
    text = "a@x.com, b@x.com, again a@x.com, call +44 7911 123456"
    result = guard.screen(text, Stage.INPUT)
    assert result.text == (
        "[REDACTED_EMAIL_1], [REDACTED_EMAIL_2], again [REDACTED_EMAIL_1], call [REDACTED_PHONE_1]"
    )


def test_block_message_names_categories_not_the_secret(guard) -> None:
    result = guard.screen(f"password: Gx7!pq2Lw and {SECRET}", Stage.INPUT)
    assert "credentials or secrets" in result.message
    assert "Gx7!pq2Lw" not in result.message and SECRET not in result.message


def test_term_is_never_echoed(guard) -> None:
    result = guard.screen("Project Halcyon ships soon", Stage.OUTPUT)
    assert result.blocked and "Halcyon" not in result.message
    assert "company-confidential" in result.message


def test_rule_override_and_category_allow() -> None:
    settings = GuardrailSettings(network="allow", rule_actions={"personal.email": "block"})
    guard = Guardrail(settings)
    assert guard.screen("server 10.20.30.41", Stage.INPUT).action == "allow"
    assert guard.screen("mail a@x.com", Stage.INPUT).action == "block"


def test_secrets_can_be_redacted_instead() -> None:
    guard = Guardrail(GuardrailSettings(secrets="redact"))
    result = guard.screen(f"key {SECRET} ok", Stage.INPUT)
    assert result.text == "key [REDACTED_OPENAI_KEY_1] ok"


def test_too_long_input_is_refused() -> None:
    guard = Guardrail(GuardrailSettings(max_input_chars=100))
    assert guard.screen("a" * 101, Stage.INPUT).blocked
    assert not guard.screen("a" * 101, Stage.CONTEXT).blocked


def test_disabled_guardrail_allows() -> None:
    guard = Guardrail(GuardrailSettings(enabled=False))
    assert guard.screen(f"key {SECRET}", Stage.INPUT).action == "allow"


def test_finding_spans_point_into_the_original(guard) -> None:
    text = "Hi\u200b, mail prіya@acme.com now"  # zero-width space and a Cyrillic i
    result = guard.screen(text, Stage.INPUT)
    (finding,) = result.findings
    assert text[finding.start : finding.end] == "prіya@acme.com"
