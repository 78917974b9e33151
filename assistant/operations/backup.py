"""`coach backup` / `coach restore`: the relational records and the Chroma collection in one file.

The archive (``.tar.gz``) holds ``manifest.json`` (schema revision, row and chunk counts),
one JSON-lines file per table, and ``chunks.jsonl`` (id, text, metadata, vector). Rows are
written as plain JSON, so a backup of SQLite restores into PostgreSQL and back.

Both sides are read while the knowledge base's write lock is held, so no sync or upload runs
between reading the document registry and reading its chunks. A restore writes the chunks
into a new collection first and commits the records only once the chunks are in; the old
collection is swapped out last, so a restore that fails leaves the previous state untouched.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, func, insert, select, text

from assistant.settings import Settings

FORMAT = 1
CHUNK_BATCH = 500


class BackupError(RuntimeError):
    """A backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    revision: str
    rows: dict[str, int]
    chunks: int


def backup(settings: Settings, target: Path) -> BackupReport:
    """Write every table and every chunk to ``target`` (a .tar.gz), atomically."""
    from assistant.knowledge.base import WRITE_LOCK
    from assistant.knowledge.store import ChunkStore
    from assistant.storage import Database

    database = Database(settings.database)
    store = ChunkStore.from_settings(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    with database.lock(WRITE_LOCK), database.engine.connect() as connection, \
            tempfile.NamedTemporaryFile(dir=target.parent, suffix=".partial",
                                        delete=False) as raw:
        partial = Path(raw.name)
        try:
            if database.shared:
                connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            revision = _revision(connection)
            with tarfile.open(fileobj=raw, mode="w:gz") as archive:
                rows = {}
                for table in _tables(connection):
                    rows[table.name] = _add_lines(
                        archive, f"tables/{table.name}.jsonl", _rows(connection, table))
                chunks = _add_lines(archive, "chunks.jsonl", _chunks(store))
                manifest = {"format": FORMAT, "revision": revision, "rows": rows,
                            "chunks": chunks, "created": dt.datetime.now(dt.UTC).isoformat(),
                            "collection": settings.vector_store.collection}
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(target)
    return BackupReport(target, revision, rows, chunks)


def restore(settings: Settings, source: Path, replace: bool = False) -> BackupReport:
    """Load a backup into this configuration's database and Chroma collection.

    Refuses a database or collection that holds data unless ``replace`` is set."""
    from assistant.knowledge.store import ChunkStore
    from assistant.storage import Database

    archive = _open(source)
    manifest = _manifest(archive)
    database = Database(settings.database)
    database.upgrade()
    store = ChunkStore.from_settings(settings)
    with database.engine.begin() as connection:
        if _revision(connection) != manifest["revision"]:
            raise BackupError(
                f"the backup's schema is at revision {manifest['revision']} and this database "
                f"at {_revision(connection)}: restore with the version of the app that made "
                "the backup, then start the newer version to migrate")
        tables = _tables(connection)
        held = {t.name: n for t in tables if (n := connection.scalar(
            select(func.count()).select_from(t))) and t.name != "alembic_version"}
        if (held or store.count()) and not replace:
            raise BackupError(
                f"the target already holds data ({_describe(held, store.count())}); "
                "restore into an empty database and collection, or pass --replace")
        for table in reversed(tables):
            connection.execute(table.delete())
        for table in tables:
            _insert(connection, table, _lines(archive, f"tables/{table.name}.jsonl"))
        _reset_sequences(connection, tables)
        _swap_collection(store, settings, _lines(archive, "chunks.jsonl"))
    return BackupReport(source, manifest["revision"], manifest["rows"], manifest["chunks"])


# ---- reading -------------------------------------------------------------------------------

def _tables(connection: Connection) -> list[Table]:
    """The app's tables as the database has them, parents before children."""
    metadata = MetaData()
    metadata.reflect(connection)
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def _revision(connection: Connection) -> str:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision() or ""


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    for row in connection.execute(select(table).order_by(*order)).mappings():
        yield {key: _plain(value) for key, value in row.items()}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _chunks(store: Any) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = store.collection.get(include=["documents", "metadatas", "embeddings"],
                                    limit=CHUNK_BATCH, offset=offset)
        for i, doc, meta, vec in zip(page["ids"], page["documents"], page["metadatas"],
                                     page["embeddings"], strict=True):
            yield {"id": i, "text": doc, "metadata": meta, "vector": [float(x) for x in vec]}
        if len(page["ids"]) < CHUNK_BATCH:
            return
        offset += CHUNK_BATCH


def _add_lines(archive: tarfile.TarFile, name: str, items: Iterator[dict[str, Any]]) -> int:
    buffer = io.BytesIO()
    count = 0
    for item in items:
        buffer.write(json.dumps(item, ensure_ascii=False).encode() + b"\n")
        count += 1
    _add_bytes(archive, name, buffer.getvalue())
    return count


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# ---- restoring -----------------------------------------------------------------------------

def _open(source: Path) -> tarfile.TarFile:
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    try:
        return tarfile.open(source, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{source} is not a coach backup (.tar.gz): {exc}") from None


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.loads(_member(archive, "manifest.json"))
    except (KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"the backup has no readable manifest.json ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return dict(manifest)


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    handle = archive.extractfile(name)
    if handle is None:
        raise KeyError(name)
    return handle.read()


def _lines(archive: tarfile.TarFile, name: str) -> Iterator[dict[str, Any]]:
    try:
        data = _member(archive, name)
    except KeyError:
        return  # a table added after the backup was made starts empty
    for number, line in enumerate(data.splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise BackupError(f"{name} line {number} is damaged ({exc.msg}); "
                                  "nothing was restored") from None


def _insert(connection: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    parsers = {c.name: _parser(c.type) for c in table.columns}
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append({k: parsers[k](v) for k, v in row.items() if k in parsers})
        if len(batch) >= CHUNK_BATCH:
            connection.execute(insert(table), batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)


def _parser(column_type: Any) -> Callable[[Any], Any]:
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return lambda v: v
    if python_type is dt.datetime:
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if python_type is dt.date:
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    return lambda v: v


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL: move each serial id past the restored rows."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": column.name})
            if sequence:
                connection.execute(text(
                    f"SELECT setval('{sequence}', COALESCE((SELECT MAX({column.name}) "
                    f"FROM {table.name}), 0) + 1, false)"))


def _swap_collection(store: Any, settings: Settings, chunks: Iterator[dict[str, Any]]) -> None:
    """Fill a fresh collection, then put it in the configured one's place."""
    import numpy as np

    name = settings.vector_store.collection
    client = store.client
    staging_name = f"{name}-restoring"[:63]
    if staging_name in {c if isinstance(c, str) else c.name for c in client.list_collections()}:
        client.delete_collection(staging_name)
    staging = client.create_collection(staging_name, embedding_function=None,
                                       configuration={"hnsw": {"space": "cosine"}})
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if batch:
            staging.add(ids=[c["id"] for c in batch], documents=[c["text"] for c in batch],
                        metadatas=[c["metadata"] for c in batch],
                        embeddings=np.array([c["vector"] for c in batch], dtype=np.float32))
            batch.clear()

    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= CHUNK_BATCH:
            flush()
    flush()
    client.delete_collection(name)
    staging.modify(name=name)


def _describe(held: dict[str, int], chunks: int) -> str:
    parts = [f"{n} row{'s' * (n != 1)} in {t}" for t, n in sorted(held.items())][:4]
    if chunks:
        parts.append(f"{chunks} chunks in Chroma")
    return ", ".join(parts)
