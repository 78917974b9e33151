"""Audit log and confidential-term tables, with small repositories over them.

The audit row keeps time, stage, user, categories, rules, action and an HMAC-SHA256 of each
matched text, never the text itself. The key comes from ``COACH_AUDIT_KEY`` or is generated
once into ``<data_dir>/audit.key`` (mode 0600): short values such as phone numbers or PINs
cannot be recovered from the log by hashing every candidate without it.
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

from sqlalchemy import DateTime, Integer, String, Text, delete, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from assistant.guardrail.normalize import skeleton_of
from assistant.storage import Base, Database
from assistant.users import normalize_name


class GuardAuditRecord(Base):
    """One screening decision that had findings."""

    __tablename__ = "guard_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    stage: Mapped[str] = mapped_column(String(16), index=True)
    user: Mapped[str | None] = mapped_column(String(200), nullable=True)
    action: Mapped[str] = mapped_column(String(8))
    categories: Mapped[str] = mapped_column(String(200))
    rules: Mapped[str] = mapped_column(Text)
    hashes: Mapped[str] = mapped_column(Text)
    finding_count: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(
        String(300), nullable=True, doc="what a review decided about, e.g. a document id")


class GuardTerm(Base):
    """An admin-listed confidential term."""

    __tablename__ = "guard_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True, index=True)
    added_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GuardMeta(Base):
    """Counters shared between processes (the term list version)."""

    __tablename__ = "guard_meta"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


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
        with self.db.session() as session:
            session.add_all(
                GuardAuditRecord(
                    created_at=now, stage=e.stage, user=e.user, action=e.action,
                    categories=",".join(e.categories), rules=",".join(e.rules),
                    hashes=json.dumps(e.hashes), finding_count=len(e.hashes),
                    subject=e.subject,
                )
                for e in entries
            )

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
        query = select(GuardAuditRecord).order_by(GuardAuditRecord.id.desc())
        if subject:
            query = query.where(GuardAuditRecord.subject == subject)
        if stage:
            query = query.where(GuardAuditRecord.stage == stage)
        if category:
            query = query.where(("," + GuardAuditRecord.categories + ",").contains(
                f",{category.strip().lower()},"))
        if user:
            query = query.where(GuardAuditRecord.user == normalize_name(user))
        if since:
            query = query.where(GuardAuditRecord.created_at >= datetime.combine(
                since, datetime.min.time(), tzinfo=UTC))
        with self.db.session() as session:
            rows = session.scalars(query.limit(limit)).all()
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
        with self.db.session() as session:
            rows = session.execute(
                select(GuardAuditRecord.stage, func.count()).group_by(GuardAuditRecord.stage))
            return {stage: int(n) for stage, n in rows}

    def action_count(self, action: str) -> int:
        """Audit rows with this action (e.g. the admin's overrides)."""
        with self.db.session() as session:
            return int(session.scalar(select(func.count()).where(
                GuardAuditRecord.action == action)) or 0)


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
        with self.db.session() as session:
            if session.scalar(select(GuardTerm.id).where(GuardTerm.key == key)) is not None:
                return False
            session.add(GuardTerm(term=term, key=key, added_by=user, added_at=datetime.now(UTC)))
            self._bump(session)
        self.local_version += 1
        for callback in self.on_added:
            callback(term, user)
        return True

    def remove(self, term: str) -> bool:
        """Remove a term (matched after normalisation); False when it was not listed."""
        key = skeleton_of(term)
        with self.db.session() as session:
            result = session.execute(delete(GuardTerm).where(GuardTerm.key == key))
            removed = int(getattr(result, "rowcount", 0) or 0)
            if removed:
                self._bump(session)
        self.local_version += 1
        return bool(removed)

    def list(self) -> list[str]:
        with self.db.session() as session:
            return list(session.scalars(select(GuardTerm.term).order_by(GuardTerm.term)))

    def version(self) -> int:
        with self.db.session() as session:
            meta = session.get(GuardMeta, self.VERSION)
            return meta.value if meta else 0

    def _bump(self, session: object) -> None:
        """One atomic UPDATE, so instances changing the list at once never lose a bump."""
        bumped = session.execute(  # type: ignore[attr-defined]
            update(GuardMeta).where(GuardMeta.name == self.VERSION)
            .values(value=GuardMeta.value + 1))
        if not bumped.rowcount:
            session.add(GuardMeta(name=self.VERSION, value=1))  # type: ignore[attr-defined]
