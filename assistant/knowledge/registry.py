"""The document registry in SQLite: the source of truth for what is indexed, at which version.

Chroma holds the chunks; this table says which document versions they belong to. A sync
writes an intent row before it touches Chroma and removes it after the registry row is
committed, so a crash leaves a marker that the next sync uses to remove orphans.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.knowledge.metadata import DocumentMeta
from assistant.knowledge.tables import documents
from assistant.orm import Base


class DocumentRecord(Base):
    """A document version in the index (the ``documents`` table of tables.py)."""

    __table__ = documents

    doc_id: Mapped[str]
    version: Mapped[str]
    origin: Mapped[str]
    source: Mapped[str]
    format: Mapped[str]
    title: Mapped[str]
    kind: Mapped[str]
    status: Mapped[str]
    owner: Mapped[str]
    topics_json: Mapped[str]
    audience_json: Mapped[str]
    updated: Mapped[dt.date | None]
    valid_until: Mapped[dt.date | None]
    flags_json: Mapped[str]
    chunks: Mapped[int]
    indexed_at: Mapped[dt.datetime]

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
