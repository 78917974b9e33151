"""Guardrail settings: policy per category, stream window, limits (used by assistant.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from assistant.guardrail.detectors.roles import ROLE_WORDS

Action = Literal["redact", "block", "allow"]
StageActions = dict[str, dict[str, Action]]
STAGES = ("input", "context", "ingestion", "output")
CATEGORIES = ("secrets", "personal", "financial", "network", "confidential")
# Approved documents name authors and public figures: names pass at context and ingestion.
# At ingestion everything is redacted in the stored chunks except what must never be shown:
# credentials (secrets, block by category), markings and admin terms hold a document back.
# A marking mentioned in prose ("documents marked confidential must ...") is a note in an
# approved document, not a label on it: allowed at context and ingestion (still blocked in a
# request or an answer, by the category policy).
DEFAULT_STAGE_ACTIONS: StageActions = {
    "context": {"personal.person": "allow", "personal.name": "allow",
                "confidential.mention": "allow"},
    "ingestion": {
        "personal.person": "allow", "personal.name": "allow", "confidential": "redact",
        "confidential.marking": "block", "confidential.term": "block",
        "confidential.mention": "allow",
        # a credential told in words is the meaning model's guess: the sentence is redacted,
        # the document stays visible (credentials in a known format still block)
        "secrets.credential_words": "redact",
    },
}


def _all_detectors() -> list[str]:
    from assistant.guardrail.detectors.registry import available

    return available()


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
    stage_actions: StageActions = Field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_STAGE_ACTIONS.items()},
        description="Per-stage overrides: stage -> {category or rule: action}. Order: stage "
        "rule, stage category, rule_actions, category policy. Entries given are merged over "
        "the defaults: names (personal.person, personal.name) and markings mentioned in "
        "prose (confidential.mention) allowed at context and ingestion; at ingestion "
        "confidential content is redacted except markings that label the text and admin "
        "terms (block), so only those and credentials hold a document back.",
    )
    detectors: list[str] = Field(
        default_factory=_all_detectors, min_length=1,
        description="Detectors that run, by registered name (default: all of them).",
    )
    role_addresses_personal: bool = Field(
        False, description="Treat role and team addresses (press@, agreements-team@) as "
        "personal data like any other email address.",
    )
    role_address_words: list[str] = Field(
        default_factory=lambda: list(ROLE_WORDS),
        description="Local parts (before the @) that name a role, not a person; extend freely.",
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
    stage_detectors_off: dict[str, list[str]] = Field(
        default_factory=lambda: {"context": ["entities", "meaning"], "output": ["entities"]},
        description="Detectors that do not run at a stage. By default the model detectors skip "
        "the context stage: retrieved chunks were screened by them at ingestion (and their "
        "findings redacted there), and names are allowed in approved context anyway. Names "
        "skip the output stage: the text a plan or answer is made of was screened for names "
        "as a request or at ingestion, and NER on generated text mostly flags titles "
        "('Read Doc') as people.",
    )
    meaning_gate: bool = Field(
        True, description="Send to the meaning detector's MiniLM only the sentences whose "
        "static word-piece vectors are near a rule's exemplars (calibrated to keep 99% of what "
        "MiniLM flags); off reads every candidate with MiniLM, several times slower.",
    )
    public_figures: list[str] = Field(
        default_factory=list,
        description="Public figures (full names) whose names are not personal data, added to "
        "the shipped list; a full name also allows the surname alone.",
    )
    audit: bool = Field(True, description="Write an audit row (hashes only) for every finding.")

    @field_validator("stage_actions")
    @classmethod
    def _merge_stage_actions(cls, value: StageActions) -> StageActions:
        bad = [s for s in value if s not in STAGES]
        if bad:
            raise ValueError(f"unknown stage(s) {', '.join(bad)}; stages: {', '.join(STAGES)}")
        for stage, entries in value.items():
            odd = [k for k in entries if k.split(".", 1)[0] not in CATEGORIES]
            if odd:
                raise ValueError(f"{stage}: {', '.join(odd)} is neither a category nor a rule "
                                 f"(rules start with one of {', '.join(CATEGORIES)})")
        merged = {k: dict(v) for k, v in DEFAULT_STAGE_ACTIONS.items()}
        for stage, entries in value.items():
            merged.setdefault(stage, {}).update(entries)
        return merged

    @field_validator("stage_detectors_off")
    @classmethod
    def _known_stage_detectors(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        from assistant.guardrail.detectors.registry import available, unknown

        bad = [s for s in value if s not in STAGES]
        if bad:
            raise ValueError(f"unknown stage(s) {', '.join(bad)}; stages: {', '.join(STAGES)}")
        missing = unknown([n for names in value.values() for n in names])
        if missing:
            raise ValueError(f"unknown detector(s) {', '.join(missing)}; "
                             f"available: {', '.join(available())}")
        return value

    @field_validator("detectors")
    @classmethod
    def _known_detectors(cls, value: list[str]) -> list[str]:
        from assistant.guardrail.detectors.registry import available, unknown

        missing = unknown(value)
        if missing:
            raise ValueError(f"unknown detector(s) {', '.join(missing)}; "
                             f"available: {', '.join(available())}")
        return value
