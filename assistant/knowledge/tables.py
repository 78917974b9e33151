"""The registry's tables in SQLAlchemy Core (``DocumentRecord`` in registry.py maps
``documents``), and the index generation read and bumped through Core: a short command
(`coach kb search`) asks how many chunks are indexed and which generation the index is at
without importing the ORM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from assistant.storage import METADATA

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

documents = Table(
    "documents", METADATA,
    Column("doc_id", String(300), primary_key=True),
    Column("version", String(64), nullable=False),
    Column("origin", String(1000), nullable=False, doc="folder it was synced from, or 'upload'"),
    Column("source", String(1000), nullable=False, doc="path shown in citations"),
    Column("format", String(20), nullable=False),
    Column("title", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("topics_json", Text, nullable=False, default="[]"),
    Column("audience_json", Text, nullable=False, default="[]"),
    Column("updated", Date, nullable=True),
    Column("valid_until", Date, nullable=True),
    Column("flags_json", Text, nullable=False, default="[]", doc="guardrail categories"),
    Column("chunks", Integer, nullable=False, default=0),
    Column("indexed_at", DateTime, nullable=False, server_default=func.now()),
)
# A counter bumped on every change, so searchers know when to reload the lexical index.
kb_state = Table(
    "kb_state", METADATA,
    Column("id", Integer, primary_key=True),
    Column("generation", Integer, nullable=False, default=0),
)


def bump_generation(connection: Connection | Session) -> None:
    """One atomic UPDATE, so instances changing the index at once never lose a bump; in the
    caller's transaction (a Core connection or an ORM session)."""
    state = kb_state.c
    bumped = connection.execute(
        update(kb_state).where(state.id == 1).values(generation=state.generation + 1))
    if not bumped.rowcount:  # type: ignore[attr-defined]
        connection.execute(insert(kb_state).values(id=1, generation=1))


def indexed_chunks(connection: Connection | Session) -> int:
    """Chunks the store holds, as the registry counts them (no store needed)."""
    return int(connection.scalar(select(func.coalesce(func.sum(documents.c.chunks), 0))) or 0)


def current_generation(connection: Connection | Session) -> int:
    value = connection.scalar(select(kb_state.c.generation).where(kb_state.c.id == 1))
    return int(value or 0)
