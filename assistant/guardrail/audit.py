"""Audit log and confidential-term tables, with small repositories over them.

The audit row keeps time, stage, user, categories, rules, action and an HMAC-SHA256 of each
matched text, never the text itself. The key comes from ``COACH_AUDIT_KEY`` or is generated
once into ``<data_dir>/audit.key`` (mode 0600): short values such as phone numbers or PINs
cannot be recovered from the log by hashing every candidate without it.

The tables are SQLAlchemy Core tables read and written through Core: every screen reads
the term list, and a cold `coach guard scan` would otherwise pay for importing the ORM.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from assistant.guardrail.normalize import skeleton_of
from assistant.storage import METADATA, Database

# One screening decision that had findings.
guard_audit = Table(
    "guard_audit", METADATA,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("stage", String(16), nullable=False, index=True),
    Column("user", String(200), nullable=True),
    Column("action", String(8), nullable=False),
    Column("categories", String(200), nullable=False),
    Column("rules", Text, nullable=False),
    Column("hashes", Text, nullable=False),
    Column("finding_count", Integer, nullable=False),
    Column("subject", String(300), nullable=True,
           doc="what a review decided about, e.g. a document id"),
)
# The admin-listed confidential terms.
guard_terms = Table(
    "guard_terms", METADATA,
    Column("id", Integer, primary_key=True),
    Column("term", String(300), nullable=False),
    Column("key", String(300), nullable=False, unique=True, index=True),
    Column("added_by", String(200), nullable=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
# Counters shared between processes (the term list version).
guard_meta = Table(
    "guard_meta", METADATA,
    Column("name", String(50), primary_key=True),
    Column("value", Integer, nullable=False, default=0),
)


KEY_FILE = "audit.key"
_EPHEMERAL_KEY = secrets.token_bytes(32)  # for guardrails built without a key (tests, tools)


def digest(value: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of a matched text under the audit key."""
    return hmac.new(key or _EPHEMERAL_KEY, value.encode("utf-8"), hashlib.sha256).hexdigest()


def load_audit_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured key, else the key in ``data_dir/audit.key``, created once with mode 0600."""
    if configured:
        return configured.encode("utf-8")
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


@dataclass(frozen=True)
class AuditEntry:
    """What one audit row records."""

    stage: str
    user: str | None
    action: str
    categories: list[str]
    rules: list[str]
    hashes: list[str]
    subject: str | None = None  # a review's document id; screening rows have none


class AuditLog:
    """Writes and reads audit rows; ``digest`` keys the hashes of matched texts."""

    def __init__(self, db: Database, key: bytes | None = None) -> None:
        self.db = db
        self.key = key or _EPHEMERAL_KEY

    def digest(self, value: str) -> str:
        return digest(value, self.key)

    def record(self, entries: list[AuditEntry]) -> None:
        if not entries:
            return
        now = datetime.now(UTC)
        with self.db.engine.begin() as connection:
            connection.execute(insert(guard_audit), [
                {"created_at": now, "stage": e.stage, "user": e.user, "action": e.action,
                 "categories": ",".join(e.categories), "rules": ",".join(e.rules),
                 "hashes": json.dumps(e.hashes), "finding_count": len(e.hashes),
                 "subject": e.subject}
                for e in entries
            ])

    def recent(self, limit: int = 50) -> list[dict[str, object]]:
        return self.search(limit=limit)

    def search(
        self,
        stage: str | None = None,
        category: str | None = None,
        user: str | None = None,
        since: date | None = None,
        limit: int = 200,
        subject: str | None = None,
    ) -> list[dict[str, object]]:
        """Newest rows first, filtered by stage, category, user, first day and subject."""
        from assistant.users import normalize_name

        table = guard_audit.c
        query = select(guard_audit).order_by(table.id.desc())
        if subject:
            query = query.where(table.subject == subject)
        if stage:
            query = query.where(table.stage == stage)
        if category:
            query = query.where(("," + table.categories + ",").contains(
                f",{category.strip().lower()},"))
        if user:
            query = query.where(table.user == normalize_name(user))
        if since:
            query = query.where(table.created_at >= datetime.combine(
                since, datetime.min.time(), tzinfo=UTC))
        with self.db.engine.connect() as connection:
            rows = connection.execute(query.limit(limit)).all()
            return [
                {
                    "time": r.created_at.isoformat(), "stage": r.stage, "user": r.user,
                    "action": r.action, "categories": r.categories.split(","),
                    "rules": r.rules.split(","), "hashes": json.loads(r.hashes),
                    "subject": r.subject,
                }
                for r in rows
            ]

    def counts(self) -> dict[str, int]:
        """Audit rows per stage."""
        with self.db.engine.connect() as connection:
            rows = connection.execute(
                select(guard_audit.c.stage, func.count()).group_by(guard_audit.c.stage))
            return {stage: int(n) for stage, n in rows}

    def action_count(self, action: str) -> int:
        """Audit rows with this action (e.g. the admin's overrides)."""
        with self.db.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(guard_audit).where(
                guard_audit.c.action == action)) or 0)


class TermRepository:
    """The admin term list; add/remove bump a version so matchers rebuild at once.
    ``on_added`` callbacks (term, user) run after a new term is stored, e.g. to re-screen
    documents already indexed."""

    VERSION = "terms_version"

    def __init__(self, db: Database) -> None:
        self.db = db
        self.local_version = 0
        self.on_added: list[Callable[[str, str | None], object]] = []

    def add(self, term: str, user: str | None = None) -> bool:
        """Add a term; False when an equivalent term is already listed."""
        term = " ".join(term.split())
        key = skeleton_of(term)
        if len(key) < 3:
            raise ValueError("a term needs at least three letters or digits")
        with self.db.engine.begin() as connection:
            found = select(guard_terms.c.id).where(guard_terms.c.key == key)
            if connection.scalar(found) is not None:
                return False
            connection.execute(insert(guard_terms).values(
                term=term, key=key, added_by=user, added_at=datetime.now(UTC)))
            self._bump(connection)
        self.local_version += 1
        for callback in self.on_added:
            callback(term, user)
        return True

    def remove(self, term: str) -> bool:
        """Remove a term (matched after normalisation); False when it was not listed."""
        key = skeleton_of(term)
        with self.db.engine.begin() as connection:
            result = connection.execute(delete(guard_terms).where(guard_terms.c.key == key))
            removed = int(result.rowcount or 0)
            if removed:
                self._bump(connection)
        self.local_version += 1
        return bool(removed)

    def list(self) -> list[str]:
        with self.db.engine.connect() as connection:
            return list(connection.scalars(
                select(guard_terms.c.term).order_by(guard_terms.c.term)))

    def version(self) -> int:
        with self.db.engine.connect() as connection:
            value = connection.scalar(
                select(guard_meta.c.value).where(guard_meta.c.name == self.VERSION))
            return int(value) if value is not None else 0

    def _bump(self, connection: Connection) -> None:
        """One atomic UPDATE, so instances changing the list at once never lose a bump."""
        meta = guard_meta.c
        bumped = connection.execute(
            update(guard_meta).where(meta.name == self.VERSION).values(value=meta.value + 1))
        if not bumped.rowcount:
            connection.execute(insert(guard_meta).values(name=self.VERSION, value=1))
