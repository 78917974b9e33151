"""Audit hashes are HMAC-SHA256 under a key from the environment or a 0600 key file, so short
values (phone numbers, PINs, cards) cannot be recovered by hashing every candidate."""

from __future__ import annotations

import hashlib
import stat

import pytest

from assistant.guardrail import GuardrailSettings, Stage, build_guardrail
from assistant.guardrail.audit import KEY_FILE, AuditLog, digest, load_audit_key

VALUES = [
    # a PIN: four digits are trivially enumerable with a plain hash
    "4821",
    # a phone number
    "+44 7911 123456",
    # an email address
    "priya@acme.com",
]


@pytest.mark.parametrize("value", VALUES)
def test_digest_is_keyed_and_stable(value: str) -> None:
    key = b"k" * 32
    assert digest(value, key) != hashlib.sha256(value.encode()).hexdigest()
    assert digest(value, key) == digest(value, key)
    assert digest(value, key) != digest(value, b"other-key")


def test_key_file_is_created_once_with_owner_only_permissions(tmp_path) -> None:
    first = load_audit_key(None, tmp_path / "data")
    path = tmp_path / "data" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32
    assert load_audit_key(None, tmp_path / "data") == first  # reused, not regenerated


def test_configured_key_wins_over_the_file(tmp_path) -> None:
    assert load_audit_key("from-the-environment", tmp_path) == b"from-the-environment"
    assert not (tmp_path / KEY_FILE).exists()


def test_audit_rows_use_the_services_key(tmp_path, monkeypatch) -> None:
    from assistant.services import Services
    from assistant.settings import load_settings

    monkeypatch.setenv("COACH_AUDIT_KEY", "rotate-me-2026")
    services = Services(load_settings(data_dir=tmp_path / "data"))
    services.guardrail.screen("call me on +44 7911 123456", Stage.INPUT)
    (row,) = services.guardrail.audit.recent()
    assert row["hashes"] == [digest("+44 7911 123456", b"rotate-me-2026")]


def test_a_new_key_gives_new_hashes(db) -> None:
    one = build_guardrail(GuardrailSettings(), db, b"first-key")
    two = build_guardrail(GuardrailSettings(), db, b"second-key")
    one.screen("mail a@x.com", Stage.INPUT)
    two.screen("mail a@x.com", Stage.INPUT)
    newer, older = AuditLog(db).recent()
    assert newer["hashes"] != older["hashes"]


def test_settings_file_may_not_hold_the_key(tmp_path, monkeypatch) -> None:
    from assistant.settings import SettingsError, load_settings

    config = tmp_path / "coach.yaml"
    config.write_text("audit_key: oops\n", encoding="utf-8")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    with pytest.raises(SettingsError, match="environment only"):
        load_settings()
