"""Guardrail settings: policy per category, stream window, limits (used by assistant.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Action = Literal["redact", "block", "allow"]


class GuardrailSettings(BaseModel):
    """How the guardrail detects and what it does with each finding."""

    enabled: bool = Field(True, description="Screen text at every stage; off only for debugging.")
    secrets: Action = Field(
        "block", description="Policy for credentials and secrets (keys, tokens, passwords, PINs)."
    )
    personal: Action = Field(
        "redact", description="Policy for personal data (email, phone, IDs, DOB, address, health)."
    )
    financial: Action = Field(
        "redact", description="Policy for financial identifiers (cards, IBAN, accounts, wallets)."
    )
    network: Action = Field(
        "redact", description="Policy for network and device data (IP, MAC, IMEI, coordinates)."
    )
    confidential: Action = Field(
        "block",
        description="Policy for confidentiality markings and admin-listed confidential terms.",
    )
    confidential_figures: Action = Field(
        "redact", description="Policy for non-public financial figures (revenue, forecasts, deals)."
    )
    rule_actions: dict[str, Action] = Field(
        default_factory=dict,
        description="Per-rule overrides, e.g. {'network.ipv4': 'allow'}; beats category policy.",
    )
    min_score: float = Field(
        0.5, ge=0.0, le=1.0, description="Findings scoring below this are ignored by the policy."
    )
    stream_window: int = Field(
        200, ge=16, le=8192, description="Characters held back when screening a streamed answer."
    )
    max_input_chars: int = Field(
        50_000, ge=100, description="Longer requests at the input stage are refused."
    )
    phone_regions: list[str] = Field(
        ["US", "GB"],
        description="Regions tried, in order, for phone numbers written without a country code.",
    )
    fuzzy_min_length: int = Field(
        6, ge=3, description="Confidential terms this long (letters) also match with one typo."
    )
    terms_refresh_seconds: float = Field(
        1.0,
        ge=0.0,
        description="How often another process's term edits are picked up; same-process edits "
        "apply at once. 0 re-checks on every screen.",
    )
    models: bool = Field(
        True,
        description="Run the model detectors: spaCy NER for people and places, MiniLM for "
        "sensitive meaning (layoffs, deals, HR, health, credentials in words).",
    )
    public_figures: list[str] = Field(
        default_factory=list,
        description="Public figures (full names) whose names are not personal data, added to "
        "the shipped list; a full name also allows the surname alone.",
    )
    audit: bool = Field(True, description="Write an audit row (hashes only) for every finding.")
