"""The knowledge base service: sync a folder, upload, approve, retire, remove, list, stats.

Crash safety: before a document's chunks change, an intent row is committed; the registry
row and the intent's removal are committed together afterwards. Chunk ids are
deterministic (doc, version, index), so replaying an interrupted write cannot duplicate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from assistant.guardrail import Guardrail, Stage
from assistant.knowledge.chunking import Chunk, Chunker
from assistant.knowledge.embeddings import Embedder, load_tokenizer
from assistant.knowledge.errors import KnowledgeError
from assistant.knowledge.loaders import LoadedFile, LoadError, file_version, load_file
from assistant.knowledge.metadata import DocumentMeta, MetadataError, parse_meta
from assistant.knowledge.registry import (
    DocumentRecord,
    DocumentRedactions,
    SyncIntent,
)
from assistant.knowledge.screening import screen_document, to_flag
from assistant.knowledge.store import ChunkStore, StoredChunk
from assistant.knowledge.tables import bump_generation
from assistant.settings import Settings
from assistant.storage import Database

if TYPE_CHECKING:
    from assistant.knowledge.review import FlagReport

log = logging.getLogger(__name__)
UPLOAD_ORIGIN = "upload"
WRITE_LOCK = "knowledge-write"  # held while chunks are written: sync and upload
Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": len(self.unchanged),
            "errors": self.errors,
            "flagged": self.flagged,
            "recovered": self.recovered,
        }


@dataclass
class _Prepared:
    doc_id: str
    version: str
    source: str
    origin: str
    loaded: LoadedFile
    meta: DocumentMeta


class KnowledgeBase:
    def __init__(
        self,
        db: Database,
        store: ChunkStore | Callable[[], ChunkStore],
        embedder: Embedder | Callable[[], Embedder],
        settings: Settings,
        guardrail: Guardrail | None = None,
        on_change: Callable[[], None] = lambda: None,
        on_indexed: Callable[[list[StoredChunk]], None] = lambda chunks: None,
    ) -> None:
        """``store`` and ``embedder`` may be factories: built at first use, so listing
        documents opens neither Chroma nor the model. ``on_indexed`` gets the chunks of
        each document indexed without a flag (to precompute what plans will need)."""
        self.db = db
        self._store = store
        self._embedder = embedder
        self.settings = settings
        self.guardrail = guardrail
        self.on_change = on_change
        self.on_indexed = on_indexed

    @cached_property
    def store(self) -> ChunkStore:
        return self._store() if callable(self._store) else self._store

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder() if callable(self._embedder) else self._embedder

    @cached_property
    def chunker(self) -> Chunker:
        tokenizer = load_tokenizer()
        return Chunker(
            lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids),
            self.settings.chunking.max_tokens,
            self.settings.chunking.overlap_tokens,
        )

    # ---- sync ---------------------------------------------------------------------------

    def sync(self, folder: Path, progress: Progress | None = None) -> SyncReport:
        """Make the index match the folder; unchanged files are skipped without embedding.

        Instances sharing a database take turns (an advisory lock), so a folder synced by two
        at once ends with one copy of each chunk and no recovery of the other's work.
        """
        with self.db.lock(WRITE_LOCK):
            return self._sync(folder, progress)

    def _sync(self, folder: Path, progress: Progress | None) -> SyncReport:
        folder = folder.resolve()
        if not folder.is_dir():
            raise KnowledgeError(f"{folder} is not a folder")
        report = SyncReport(recovered=self.recover())
        origin = str(folder)
        files = self._scan(folder, report)
        known = {r.doc_id: r for r in self._records()}
        for number, (doc_id, path) in enumerate(sorted(files.items()), start=1):
            if progress:
                progress(number, len(files), path.name)
            self._sync_file(doc_id, path, folder, origin, known.get(doc_id), report)
        for doc_id, record in known.items():
            if record.origin == origin and doc_id not in files:
                self._delete(doc_id)
                report.removed.append(doc_id)
        if report.changed:
            self.on_change()
        return report

    def _scan(self, folder: Path, report: SyncReport) -> dict[str, Path]:
        files: dict[str, Path] = {}
        allowed = {e.lower() for e in self.settings.ingestion.extensions}
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in allowed:
                continue
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            doc_id = path.relative_to(folder).with_suffix("").as_posix()
            if doc_id in files:
                report.errors[path.name] = f"same document id as {files[doc_id].name}; rename one"
                continue
            files[doc_id] = path
        return files

    def _sync_file(
        self,
        doc_id: str,
        path: Path,
        folder: Path,
        origin: str,
        record: DocumentRecord | None,
        report: SyncReport,
    ) -> None:
        name = path.relative_to(folder).as_posix()
        if record is not None and record.origin not in (origin,):
            report.errors[name] = f"document id {doc_id!r} is already used by {record.source}"
            return
        try:
            version = file_version(path, self._max_bytes())
            if record is not None and record.version == version:
                report.unchanged.append(doc_id)
                return
            loaded = load_file(path, self._max_bytes(), self._max_unpacked())
            meta = parse_meta(loaded.front_matter, default_title=_title_from(loaded, path))
            flags = self._index(_Prepared(doc_id, version, name, origin, loaded, meta))
        except (LoadError, MetadataError, KnowledgeError, OSError) as exc:
            report.errors[name] = str(exc)
            return
        (report.updated if record is not None else report.added).append(doc_id)
        if flags:
            report.flagged[doc_id] = flags

    # ---- upload -------------------------------------------------------------------------

    def add(
        self, path: Path, overrides: dict[str, Any], actor: str | None = None
    ) -> DocumentRecord:
        """Index one uploaded file with metadata given now; it starts as a draft by default."""
        with self.db.lock(WRITE_LOCK):
            return self._add(path, overrides, actor)

    def _add(self, path: Path, overrides: dict[str, Any], actor: str | None) -> DocumentRecord:
        try:
            loaded = load_file(path, self._max_bytes(), self._max_unpacked())
            meta = parse_meta(
                {**loaded.front_matter, **{k: v for k, v in overrides.items() if v}},
                default_title=_title_from(loaded, path),
            )
        except (LoadError, MetadataError) as exc:
            raise KnowledgeError(f"{path.name}: {exc}") from None
        doc_id = _slug(path.stem)
        existing = self.get(doc_id)
        if existing is not None and existing.origin != UPLOAD_ORIGIN:
            raise KnowledgeError(
                f"{path.name}: document id {doc_id!r} belongs to a synced folder; rename the file"
            )
        uploads = self.settings.data_dir / "uploads"
        uploads.mkdir(parents=True, exist_ok=True)
        stored = uploads / f"{doc_id}{path.suffix.lower()}"
        if path.resolve() != stored.resolve():
            shutil.copyfile(path, stored)
        version = hashlib.sha256(
            loaded.version.encode() + meta.model_dump_json().encode()
        ).hexdigest()[:16]
        self._index(_Prepared(doc_id, version, path.name, UPLOAD_ORIGIN, loaded, meta), actor)
        self.on_change()
        record = self.get(doc_id)
        assert record is not None
        return record

    # ---- lifecycle ----------------------------------------------------------------------

    def approve(self, doc_id: str, actor: str | None = None, override: bool = False
                ) -> DocumentRecord:
        """Approve a document. One the guardrail held back needs ``override``: its flagged
        spans are then redacted in the chunks and the override is audited (see review.py)."""
        record = self.require(doc_id)
        if record.flags and not override:
            raise KnowledgeError(
                f"{doc_id!r} is held back by the guardrail ({', '.join(record.flags)}). "
                "See why it was flagged, then approve it anyway or edit and re-upload it.")
        if not record.flags and override:
            raise KnowledgeError(f"{doc_id!r} is not held back by the guardrail; approve it "
                                 "without overriding.")
        if override:
            from assistant.knowledge.review import approve_anyway

            with self.db.lock(WRITE_LOCK):
                approve_anyway(self, doc_id, actor)
            return self.require(doc_id)
        return self._set_status(doc_id, "approved", clear_flags=True)

    def why(self, doc_id: str) -> FlagReport:
        """Why a document is held back: chunk, rule and position of each block-level span."""
        from assistant.knowledge.review import explain

        return explain(self, doc_id)

    def retire(self, doc_id: str) -> DocumentRecord:
        return self._set_status(doc_id, "retired", clear_flags=False)

    def remove(self, doc_id: str) -> None:
        record = self.require(doc_id)
        self._delete(doc_id)
        if record.origin == UPLOAD_ORIGIN:
            for stored in (self.settings.data_dir / "uploads").glob(f"{doc_id}.*"):
                stored.unlink(missing_ok=True)
        self.on_change()

    def _set_status(self, doc_id: str, status: str, clear_flags: bool) -> DocumentRecord:
        self.require(doc_id)
        with self.db.session() as session:
            record = session.get(DocumentRecord, doc_id)
            assert record is not None
            record.status = status
            if clear_flags:
                record.flags_json = "[]"
            self.store.set_visibility(doc_id, status, flagged=bool(record.flags))
            bump_generation(session)
        self.on_change()
        return self.require(doc_id)

    # ---- queries ------------------------------------------------------------------------

    def get(self, doc_id: str) -> DocumentRecord | None:
        with self.db.session() as session:
            return session.get(DocumentRecord, doc_id)

    def documents(self) -> list[DocumentRecord]:
        return self._records()

    def chunks(self, doc_id: str) -> list[StoredChunk]:
        self.require(doc_id)
        return self.store.doc_chunks(doc_id)

    def redactions(self, doc_id: str) -> dict[str, int]:
        """Spans redacted at ingestion in the indexed version, per rule (no text)."""
        self.require(doc_id)
        with self.db.session() as session:
            row = session.get(DocumentRedactions, doc_id)
            return row.rules if row else {}

    def rescreen(self, terms: list[str] | None = None, actor: str | None = None) -> list[str]:
        """Screen indexed documents again (only those mentioning ``terms`` when given) and
        flag and hide those with block-level findings now. Returns the newly flagged ids."""
        if self.guardrail is None:
            return []
        found = to_flag(self.guardrail, self._records(), self.store.iter_all(), terms, actor)
        for doc_id, categories in found.items():
            self._flag(doc_id, categories)
        flagged = list(found)
        if flagged:
            log.info("rescreen flagged %d document(s)", len(flagged))
            self.on_change()
        return flagged

    def _flag(self, doc_id: str, categories: list[str]) -> None:
        with self.db.session() as session:
            record = session.get(DocumentRecord, doc_id)
            assert record is not None
            record.flags_json = json.dumps(sorted(set(record.flags) | set(categories)))
            self.store.set_visibility(doc_id, record.status, flagged=True)
            bump_generation(session)

    def stats(self, today: dt.date | None = None) -> dict[str, Any]:
        records = self._records()
        return {
            "documents": len(records),
            "visible": sum(r.is_visible(today) for r in records),
            "flagged": sum(bool(r.flags) for r in records),
            "expired": sum(r.status == "approved" and not r.meta().is_visible(today)
                           for r in records),
            "by_status": dict(Counter(r.status for r in records)),
            "by_kind": dict(Counter(r.kind for r in records)),
            "chunks": sum(r.chunks for r in records),
            "chunks_in_store": self.store.count(),
        }

    # ---- recovery -----------------------------------------------------------------------

    def recover(self) -> list[str]:
        """Finish what an interrupted sync left: drop chunks of unregistered versions."""
        with self.db.session() as session:
            intents = list(session.scalars(select(SyncIntent)))
        recovered = []
        for intent in intents:
            record = self.get(intent.doc_id)
            if record is None:
                self.store.delete_doc(intent.doc_id)
            else:
                self.store.delete_doc(intent.doc_id, keep_version=record.version)
            with self.db.session() as session:
                session.query(SyncIntent).filter_by(doc_id=intent.doc_id).delete()
                bump_generation(session)
            recovered.append(intent.doc_id)
            log.info("recovered interrupted sync of %s", intent.doc_id)
        if recovered:
            self.on_change()
        return recovered

    # ---- internals ----------------------------------------------------------------------

    def _index(self, doc: _Prepared, actor: str | None = None) -> list[str]:
        """Screen, chunk, embed and store one document version; returns guardrail flags.
        Redact-level findings are redacted in what is stored; block-level ones flag it."""
        screened = screen_document(self.guardrail, doc.loaded.text, doc.meta, doc.source, actor,
                                   doc.loaded.front_matter)
        doc = _Prepared(doc.doc_id, doc.version, screened.source, doc.origin, doc.loaded,
                        screened.meta)
        flags = screened.flags
        chunks = self.chunker.split(doc.meta.title, screened.text)
        if not chunks:
            raise KnowledgeError("no text to index")
        stored = [
            StoredChunk(
                f"{doc.doc_id}::{doc.version}::{c.index:04d}",
                c.text,
                {
                    "doc_id": doc.doc_id,
                    "version": doc.version,
                    "chunk": c.index,
                    "title": doc.meta.title,
                    "section": c.section,
                    "source": doc.source,
                    "kind": doc.meta.kind,
                    "status": doc.meta.status,
                    "flagged": bool(flags),
                    "valid_until": doc.meta.valid_until_int(),
                    "topics": ",".join(doc.meta.topics),
                },
            )
            for c in chunks
        ]
        vectors = self.embedder.embed(self._embedding_inputs(doc, chunks, flags, actor))
        with self.db.session() as session:
            session.merge(SyncIntent(doc_id=doc.doc_id, target_version=doc.version))
        self.store.upsert(stored, vectors)
        self.store.delete_doc(doc.doc_id, keep_version=doc.version)
        with self.db.session() as session:
            session.merge(_record(doc, flags, len(stored)))
            session.merge(DocumentRedactions(doc_id=doc.doc_id,
                                             rules_json=json.dumps(screened.redactions)))
            session.query(SyncIntent).filter_by(doc_id=doc.doc_id).delete()
            bump_generation(session)
        if not flags:
            self.on_indexed(stored)
        return flags

    def _embedding_inputs(
        self, doc: _Prepared, chunks: list[Chunk], flags: list[str], actor: str | None
    ) -> list[str]:
        """Texts to embed. A remote embedding service never sees flagged content: a flagged
        document's chunks are embedded from their redacted form."""
        texts = [c.embedding_text(doc.meta.title) for c in chunks]
        if not flags or self.guardrail is None or getattr(self.embedder, "local", False):
            return texts
        screened = self.guardrail.screen_many(texts, Stage.CONTEXT, user=actor)
        return [r.text or "[withheld]" for r in screened]

    def _delete(self, doc_id: str) -> None:
        with self.db.session() as session:
            session.merge(SyncIntent(doc_id=doc_id, target_version=None))
        self.store.delete_doc(doc_id)
        with self.db.session() as session:
            session.query(DocumentRecord).filter_by(doc_id=doc_id).delete()
            session.query(DocumentRedactions).filter_by(doc_id=doc_id).delete()
            session.query(SyncIntent).filter_by(doc_id=doc_id).delete()
            bump_generation(session)

    def _records(self) -> list[DocumentRecord]:
        with self.db.session() as session:
            return list(session.scalars(select(DocumentRecord).order_by(DocumentRecord.doc_id)))

    def require(self, doc_id: str) -> DocumentRecord:
        record = self.get(doc_id)
        if record is None:
            raise KnowledgeError(f"There is no document {doc_id!r} (it may have been removed).")
        return record

    def _max_bytes(self) -> int:
        return int(self.settings.ingestion.max_file_mb * 1_000_000)

    def _max_unpacked(self) -> int:
        return int(self.settings.ingestion.max_unpacked_mb * 1_000_000)


def _record(doc: _Prepared, flags: list[str], chunks: int) -> DocumentRecord:
    meta = doc.meta
    return DocumentRecord(
        doc_id=doc.doc_id,
        version=doc.version,
        origin=doc.origin,
        source=doc.source,
        format=doc.loaded.format,
        title=meta.title,
        kind=meta.kind,
        status=meta.status,
        owner=meta.owner,
        topics_json=json.dumps(meta.topics),
        audience_json=json.dumps(meta.audience),
        updated=meta.updated,
        valid_until=meta.valid_until,
        flags_json=json.dumps(flags),
        chunks=chunks,
        indexed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )


def _title_from(loaded: LoadedFile, path: Path) -> str:
    for line in loaded.text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or path.name


def _slug(stem: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem.lower())
    return "-".join(part for part in cleaned.split("-") if part) or "document"
