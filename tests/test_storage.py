"""The relational store on SQLite and PostgreSQL: migrations, adopting an old database, locks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, insert, select, text

from assistant.guardrail.audit import guard_audit
from assistant.knowledge.registry import DocumentRecord
from assistant.migrations import config, import_models
from assistant.orm import Base
from assistant.storage import Database, head_revision, lock_key
from assistant.users import UserDirectory
from tests.conftest import ROOT


def head() -> str:
    return str(ScriptDirectory.from_config(config()).get_current_head())


def test_migrations_build_exactly_the_models(database_url) -> None:
    db = Database(database_url)
    db.upgrade()
    import_models()
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    # a model changed without a migration shows up here: python -m assistant.migrations MSG
    assert diff == []
    assert version == head()


def test_a_create_all_database_is_adopted_with_its_rows(database_url) -> None:
    import_models()
    Base.metadata.create_all(create_engine(database_url))  # the schema before migrations
    old = Database(database_url)
    UserDirectory(old).add("maya", "mentor", "password-123")
    now = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    with old.session() as session:
        session.add(DocumentRecord(doc_id="doc", version="v1", origin="knowledge",
                                   source="doc.md", format="md", title="Doc", kind="guidance",
                                   status="approved", owner="comms", chunks=3))
        session.execute(insert(guard_audit).values(
            created_at=now, stage="input", user="maya", action="redact", categories="personal",
            rules="personal.email", hashes="h", finding_count=1))

    db = Database(database_url)
    db.upgrade()
    db.upgrade()  # a second start changes nothing
    assert UserDirectory(db).verify("maya", "password-123")
    with db.session() as session:
        assert session.get(DocumentRecord, "doc").chunks == 3  # type: ignore[union-attr]
        audit = session.execute(select(guard_audit)).one()
        assert audit.created_at.replace(tzinfo=dt.UTC) == now
        version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == head()


def test_a_lock_excludes_other_holders_until_released(database_url) -> None:
    db = Database(database_url)
    if not db.shared:
        pytest.skip("SQLite is the one-instance store: Database.lock is a no-op there")
    key = lock_key("sync")
    other = create_engine(database_url)
    try_lock = text("SELECT pg_try_advisory_lock(:key)")
    with other.connect() as connection:
        with db.lock("sync"):
            assert connection.execute(try_lock, {"key": key}).scalar() is False
        assert connection.execute(try_lock, {"key": key}).scalar() is True
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    other.dispose()


def test_a_database_at_head_starts_without_loading_alembic(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    assert Database(url).revision() is None
    Database(url).upgrade()
    assert Database(url).revision() == head_revision() == head()
    probe = ("import sys\nfrom assistant.storage import Database\n"
             f"Database({url!r}).upgrade()\nprint('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]


def test_0003_adds_the_audit_subject_and_keeps_older_rows(database_url) -> None:
    """A database at 0002 with audit rows: the upgrade adds `subject` (empty for old rows)."""
    from alembic import command

    db = Database(database_url)
    import_models()
    with db.engine.begin() as connection:
        command.upgrade(config(connection), "0002")
        connection.execute(text(
            "INSERT INTO guard_audit (created_at, stage, \"user\", action, categories, rules, "
            "hashes, finding_count) VALUES (:at, 'input', 'maya', 'redact', 'personal', "
            "'personal.email', '[\"h\"]', 1)"), {"at": dt.datetime(2026, 3, 2, tzinfo=dt.UTC)})
    db.upgrade()
    with db.session() as session:
        row = session.execute(select(guard_audit)).one()
        assert (row.user, row.subject) == ("maya", None)
        version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == head()
