"""The document registry in SQLite: the source of truth for what is indexed, at which version.

Chroma holds the chunks; this table says which document versions they belong to. A sync
writes an intent row before it touches Chroma and removes it after the registry row is
committed, so a crash leaves a marker that the next sync uses to remove orphans.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import DateTime, Integer, String, Text, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.knowledge.metadata import DocumentMeta
from assistant.orm import Base


class DocumentRecord(Base):
    __tablename__ = "documents"

    doc_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(1000), doc="folder it was synced from, or 'upload'")
    source: Mapped[str] = mapped_column(String(1000), doc="path shown in citations")
    format: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str] = mapped_column(String(200))
    topics_json: Mapped[str] = mapped_column(Text, default="[]")
    audience_json: Mapped[str] = mapped_column(Text, default="[]")
    updated: Mapped[dt.date | None] = mapped_column(nullable=True)
    valid_until: Mapped[dt.date | None] = mapped_column(nullable=True)
    flags_json: Mapped[str] = mapped_column(Text, default="[]", doc="guardrail categories")
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    indexed_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    @property
    def topics(self) -> list[str]:
        return list(json.loads(self.topics_json))

    @property
    def flags(self) -> list[str]:
        return list(json.loads(self.flags_json))

    def meta(self) -> DocumentMeta:
        return DocumentMeta(
            title=self.title,
            kind=self.kind,  # type: ignore[arg-type]
            topics=self.topics,
            audience=json.loads(self.audience_json),
            status=self.status,  # type: ignore[arg-type]
            owner=self.owner,
            updated=self.updated,
            valid_until=self.valid_until,
        )

    def is_visible(self, today: dt.date | None = None) -> bool:
        return not self.flags and self.meta().is_visible(today)

    def as_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "visible": self.is_visible(),
            "owner": self.owner,
            "topics": self.topics,
            "updated": self.updated.isoformat() if self.updated else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "flags": self.flags,
            "chunks": self.chunks,
            "version": self.version,
            "source": self.source,
            "format": self.format,
        }


class DocumentRedactions(Base):
    """What the ingestion screen redacted in a document: spans per rule, never the text."""

    __tablename__ = "document_redactions"

    doc_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    rules_json: Mapped[str] = mapped_column(Text, default="{}")

    @property
    def rules(self) -> dict[str, int]:
        return dict(json.loads(self.rules_json))


class SyncIntent(Base):
    """A document whose chunks are being changed; present only while work is in flight."""

    __tablename__ = "sync_intents"

    doc_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    target_version: Mapped[str | None] = mapped_column(String(64), nullable=True)


class KbState(Base):
    """A counter bumped on every change, so searchers know when to reload the lexical index."""

    __tablename__ = "kb_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)


def bump_generation(session: Session) -> None:
    """One atomic UPDATE, so instances changing the index at once never lose a bump."""
    bumped = session.execute(
        update(KbState).where(KbState.id == 1).values(generation=KbState.generation + 1))
    if not bumped.rowcount:  # type: ignore[attr-defined]
        session.add(KbState(id=1, generation=1))


def indexed_chunks(session: Session) -> int:
    """Chunks the store holds, as the registry counts them (no store needed)."""
    return int(session.scalar(select(func.coalesce(func.sum(DocumentRecord.chunks), 0))) or 0)


def current_generation(session: Session) -> int:
    value = session.scalar(select(KbState.generation).where(KbState.id == 1))
    return int(value or 0)
