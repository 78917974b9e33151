"""Audit: one row per screen with findings, hashes only, never the matched text."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from assistant.guardrail import Stage
from assistant.guardrail.audit import AuditLog, guard_audit
from assistant.storage import Database


@pytest.fixture
def db(database_url) -> Database:
    """The audit tables on each backend (SQLite, PostgreSQL), built by the migrations."""
    database = Database(database_url)
    database.upgrade()
    return database


def test_audit_row_has_hash_not_text(guard, db) -> None:
    guard.screen("mail me at priya@acme.com", Stage.INPUT, user="mentor-7")
    (row,) = AuditLog(db).recent()
    assert row["stage"] == "input" and row["user"] == "mentor-7"
    assert row["action"] == "redact" and row["categories"] == ["personal"]
    assert row["rules"] == ["personal.email"]
    assert row["hashes"] == [guard.audit.digest("priya@acme.com")]  # keyed (issue 10 item 17)
    assert row["hashes"] != [hashlib.sha256(b"priya@acme.com").hexdigest()]
    with db.session() as session:
        stored = session.execute(select(guard_audit)).one()
        assert "priya" not in " ".join(str(v) for v in stored)


def test_clean_text_writes_no_row(guard, db) -> None:
    guard.screen("Post twice a week.", Stage.INPUT)
    assert AuditLog(db).recent() == []


def test_batch_and_stream_are_audited(guard, db) -> None:
    guard.screen_many(["a@x.com", "fine", "server 10.1.2.3"], Stage.CONTEXT)
    stream = guard.stream(Stage.OUTPUT, user="exec-1")
    stream.feed("reach me at a@x.com")
    stream.finish()
    rows = AuditLog(db).recent()
    assert [r["stage"] for r in rows] == ["output", "context", "context"]
    assert rows[0]["user"] == "exec-1"
