"""SQLAlchemy over SQLite (default) or PostgreSQL: one engine, one session factory; models live
beside their feature; the schema comes from Alembic migrations (assistant/migrations).

This module uses SQLAlchemy Core only: ``METADATA`` holds every table, Core tables
(``sqlalchemy.Table``) and ORM models alike (``assistant.orm.Base`` declares into it), and
the ORM loads at the first ``Database.session``, so a command that reads and writes
through Core (`coach guard scan`: the term list, the audit log) never imports it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

_VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"""^(down_revision|revision)\b[^=\n]*=\s*(?:["']([\w-]+)["']|None)""", re.M)


def head_revision() -> str | None:
    """The newest migration's revision, read from the revision files (None when there is
    not exactly one head, so Alembic decides)."""
    revisions: set[str | None] = set()
    parents: set[str | None] = set()
    for path in _VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = {m.group(1): m.group(2) for m in _REVISION.finditer(source)}
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None  # a form this reader does not know (a merge): let Alembic decide
        revisions.add(found["revision"])
        parents.add(found["down_revision"])
    heads = revisions - parents - {None}
    return heads.pop() if len(heads) == 1 else None


METADATA = MetaData()  # every table of the app: Core tables and the ORM's (assistant.orm)


class Database:
    """The app's own records (documents, audit, plans, chats): a SQLite file or PostgreSQL."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        if url.startswith("postgresql"):
            # timestamps without a zone are stored as UTC whatever the server's zone is
            self.engine: Engine = create_engine(
                url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"})
        else:
            self.engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @cached_property
    def _sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @property
    def shared(self) -> bool:
        """True for a server database that several app instances may use at once."""
        return self.engine.dialect.name != "sqlite"

    def create_all(self) -> None:
        """Create missing tables of every imported model module (tests of one module)."""
        METADATA.create_all(self.engine)

    def upgrade(self) -> None:
        """Migrate the schema to the newest revision; instances starting together take turns.
        A database already at the newest revision is left alone without loading Alembic
        (a cold CLI command pays for one query, not for the migration machinery)."""
        head = head_revision()
        if head is not None and self.revision() == head:
            return
        from assistant.migrations import upgrade

        with self.engine.begin() as connection:
            if self.shared:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": lock_key("migrations")})
            upgrade(connection)

    def revision(self) -> str | None:
        """The schema's Alembic revision, or None when the database has none yet."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        return rows[0][0] if len(rows) == 1 else None

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold a cluster-wide lock (PostgreSQL advisory lock) while the block runs.

        On SQLite, the single-instance store, it is a no-op: one process owns the file.
        """
        if not self.shared:
            yield
            return
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(name)})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": lock_key(name)})
                connection.commit()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def lock_key(name: str) -> int:
    """A stable 32-bit key for an advisory lock name."""
    return zlib.crc32(f"coach:{name}".encode())


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
