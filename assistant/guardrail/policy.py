"""What is done with findings: an action per category (or rule), numbered placeholders,
and a user-facing message that names categories and reasons, never the matched text."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.guardrail.config import CATEGORIES, GuardrailSettings
from assistant.guardrail.finding import Finding, ScreenResult, Stage

ORDER = {"allow": 0, "redact": 1, "block": 2}
CATEGORY_NAMES = {
    "secrets": "credentials or secrets",
    "personal": "personal data",
    "financial": "financial identifiers",
    "network": "network or device identifiers",
    "confidential": "company-confidential content",
}
_BLOCK_OPENING = {
    Stage.INPUT: "Your request was not sent because it contains",
    Stage.CONTEXT: "A retrieved passage was withheld because it contains",
    Stage.INGESTION: "This document needs an admin's review because it contains",
    Stage.OUTPUT: "The answer was withheld because it contained",
}

FIGURE_RULES = ("confidential.figure", "confidential.financials", "confidential.pricing")


def action_for(finding: Finding, settings: GuardrailSettings, stage: Stage | None = None) -> str:
    """The configured action for one finding: the stage's rule, then the stage's category,
    then the global rule override, then the category policy."""
    per_stage = settings.stage_actions.get(str(stage), {}) if stage is not None else {}
    for key in (finding.rule, finding.category):
        if key in per_stage:
            return per_stage[key]
    if finding.rule in settings.rule_actions:
        return settings.rule_actions[finding.rule]
    if finding.rule in FIGURE_RULES:
        return settings.confidential_figures
    return str(getattr(settings, finding.category, "block"))


def stage_policy(settings: GuardrailSettings, stage: Stage) -> dict[str, str]:
    """The action at ``stage`` of each category, then of each rule that differs from its
    category there (stage rules, global rule overrides, non-public figures)."""
    per_stage = settings.stage_actions.get(str(stage), {})
    table = {c: per_stage.get(c, str(getattr(settings, c))) for c in CATEGORIES}
    rules = [*FIGURE_RULES, *settings.rule_actions, *(k for k in per_stage if "." in k)]
    for rule in sorted(set(rules)):
        category = rule.split(".", 1)[0]
        action = action_for(Finding(category, rule, 0, 0, 1.0, ""), settings, stage)
        if action != table[category]:
            table[rule] = action
    return table


def category_actions(result: ScreenResult) -> dict[str, str]:
    """The strongest action taken on each category's findings in one decision."""
    out: dict[str, str] = {}
    for f, action in zip(result.findings, result.actions, strict=True):
        out[f.category] = overall([out.get(f.category, "allow"), action])
    return dict(sorted(out.items()))


def overall(actions: Iterable[str]) -> str:
    return max(actions, key=ORDER.__getitem__, default="allow")


class Redactor:
    """Replaces spans with typed, numbered placeholders; equal values share a number."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}
        self._counts: dict[str, int] = {}

    def placeholder(self, label: str, value: str) -> str:
        key = (label, value.casefold())
        if key not in self._numbers:
            self._counts[label] = self._counts.get(label, 0) + 1
            self._numbers[key] = self._counts[label]
        return f"[REDACTED_{label}_{self._numbers[key]}]"

    def apply(self, text: str, findings: list[Finding], offset: int = 0) -> str:
        """Redact the findings (sorted, non-overlapping, offsets minus ``offset``) in text."""
        parts: list[str] = []
        last = 0
        for f in sorted(findings, key=lambda f: (f.start, -f.end)):  # widest first
            start, end = f.start - offset, f.end - offset
            if start < last:
                continue
            parts.append(text[last:start])
            parts.append(self.placeholder(f.label, text[start:end]))
            last = end
        parts.append(text[last:])
        return "".join(parts)


def describe(findings: list[Finding]) -> str:
    """'personal data (email address, phone number)' for each category, joined."""
    by_category: dict[str, list[str]] = {}
    for f in sorted(findings, key=lambda f: (f.category, f.start)):
        reasons = by_category.setdefault(f.category, [])
        if f.reason not in reasons:
            reasons.append(f.reason)
    parts = [f"{CATEGORY_NAMES.get(c, c)} ({', '.join(r)})" for c, r in by_category.items()]
    return "; ".join(parts)


def message(stage: Stage, action: str, blocked: list[Finding], redacted: list[Finding]) -> str:
    """User-facing explanation; empty when everything is allowed."""
    if action == "block":
        text = f"{_BLOCK_OPENING[stage]} {describe(blocked)}."
        if stage is Stage.INPUT:
            text += " Remove or replace that information and try again."
        return text
    if action == "redact":
        return f"Redacted before processing: {describe(redacted)}."
    return ""
