"""Precision on real documents: links, paths, template tags, document ids, commit hashes and
UUIDs are not secrets or phone numbers unless they carry a credential; role and team
addresses are not personal data by default."""

from __future__ import annotations

import pytest

from assistant.guardrail import Guardrail, GuardrailSettings, Stage

CLEAN = [
    # Jekyll/Liquid page tag with a path
    'Read {% page "/team/projects/leading-projects/" %} before kickoff.',
    # a template tag holding a long mixed id
    'See {% include "/assets/ab12cd34ef56gh78ij90kl/intro.md" %} for the intro.',
    # a Google Drive link with a long document id
    "The template is at https://drive.google.com/open?id=0Bwz1a2B3c4D5e6F7g8H9i0JkLmNoPq7 .",
    # a Google Sheets link with a gid anchor (digits are not a phone number)
    "Track hours in https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74"
    "OgvE2upms/edit#gid=1280120992 every Friday.",
    # a Google Docs link in a Markdown link
    "Fill in [the intake form](https://docs.google.com/document/d/1aB2cD3eF4gH5iJ6kL7mN8oP9qR0"
    "sT1uV2wX3yZ4a5B6c/edit?usp=sharing).",
    # a GitHub commit URL
    "Fixed in https://github.com/18F/handbook/commit/3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39.",
    # a commit hash named as one
    "Reverted in commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 after review.",
    # a UUID in a link
    "Book the room: https://rooms.example.gov/book/123e4567-e89b-12d3-a456-426614174000",
    # a relative Markdown link to a path
    "Start with [Leading projects](/team/projects/leading-projects/) and "
    "[onboarding](../guides/onboarding-2023/).",
    # a path that names an internal-only folder is not a confidentiality marking
    "Templates live in /policies/internal-only/templates/ on the wiki.",
    # a team address and a press address
    "Questions go to agreements-team@agency.example or press@agency.example.",
    # support and careers addresses
    "Write to support@acme-example.com; jobs: careers@acme-example.com.",
    # a document's file name, as the source field screened at ingestion
    "clubhouse-audio-rooms-trend-2024.md",
    # file names in prose
    "See q3-social-plan-v2-final.docx and brand_guide_2025.pdf for the details.",
]


@pytest.fixture(scope="module")
def plain() -> Guardrail:
    return Guardrail(GuardrailSettings())


@pytest.mark.parametrize("text", CLEAN)
def test_links_ids_and_role_addresses_are_not_findings(plain: Guardrail, text: str) -> None:
    found = plain.scan(text)
    assert found == [], [(f.rule, text[f.start : f.end]) for f in found]


CAUGHT = [
    # a presigned S3 URL: the signature is a credential
    ("https://bucket.s3.amazonaws.com/r.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=2024"
     "0101T000000Z&X-Amz-Signature=9f3c2a7b8e1d4f6a0b5c9e2d7f1a3b8c6e4d2f0a9b7c5e3d1f8a6b4c2e0"
     "d9f7a", "secrets", "9f3c2a7b8e1d"),
    # basic auth in a link
    ("Use https://admin:Sup3rS3cret@intranet.agency.example/login to get in.", "secrets",
     "Sup3rS3cret"),
    # a token in a query string
    ("The hook is https://api.example.com/v1/hook?token=Zx81Kq2LmN9pXzR4tY7u now.", "secrets",
     "Zx81Kq2LmN9pXzR4tY7u"),
    # a known key format inside a link
    ("https://example.com/cb?next=/home&k=AKIAQ7Z2X4W9K3PLMN5B", "secrets", "AKIAQ7Z2X4W9K3PLMN5B"),
    # a UUID given as a key is a credential, not an id
    ("api key: 123e4567-e89b-12d3-a456-426614174000", "secrets", "123e4567"),
    # a random token outside any link still counts
    ("the value is Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0 ok", "secrets", "Qm8vT2xLr4"),
    # a base64 secret with slashes is not a path
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8KEY", "secrets", "wJalrXUtnFEMI"),
    # a phone number next to a link is still a phone number
    ("Call 020 7946 0958 or see https://example.gov/contact", "personal", "020 7946 0958"),
    # a phone link is a phone number
    ("[Call Dana](tel:+442079460958) after six.", "personal", "+442079460958"),
    # a person's address at the same domain as a team address
    ("Ask priya.natarajan@agency.example or team@agency.example.", "personal",
     "priya.natarajan@agency.example"),
]


@pytest.mark.parametrize(("text", "category", "value"), CAUGHT)
def test_credentials_in_links_and_plain_data_are_still_caught(
    plain: Guardrail, text: str, category: str, value: str
) -> None:
    found = [text[f.start : f.end] for f in plain.scan(text) if f.category == category]
    assert any(value in v for v in found), found


def test_role_addresses_can_be_personal_by_setting() -> None:
    text = "Questions go to agreements-team@agency.example or press@agency.example."
    guard = Guardrail(GuardrailSettings(role_addresses_personal=True))
    assert [f.rule for f in guard.scan(text)] == ["personal.email", "personal.email"]


def test_role_words_can_be_extended() -> None:
    text = "Send receipts to expenses@agency.example."
    assert Guardrail(GuardrailSettings()).scan(text)  # not a role word by default
    words = [*GuardrailSettings().role_address_words, "expenses"]
    assert Guardrail(GuardrailSettings(role_address_words=words)).scan(text) == []


def test_handbook_page_is_indexed_without_findings(plain: Guardrail) -> None:
    page = "\n".join([
        "# Leading projects",
        'See {% page "/team/projects/leading-projects/" %} and the [tracker]'
        "(https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/"
        "edit#gid=1280120992).",
        "Agreements go through agreements-team@agency.example; press questions to "
        "press@agency.example.",
        "The change landed in https://github.com/18F/handbook/commit/"
        "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39.",
    ])
    result = plain.screen(page, Stage.INGESTION)
    assert result.action == "allow" and result.text == page
