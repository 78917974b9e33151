"""Sentence vectors of the knowledge base kept on disk, shared by every process on the machine.

Indexing a document embeds its sentences once (see ``assistant.planning.warmup``); plans and
answers then rank those sentences without running the model, in any process (`coach kb sync`
fills it, `coach serve` reads it). Only approved knowledge-base text is written here, never
a user's question: runtime misses stay in memory. Rows are keyed by a hash of the model's
identity and the text, so the text itself is not stored. The file is a cache: when it cannot
be opened, read or written it is left alone and vectors are computed as before.

The file is in the guardrail's vector cache directory (``COACH_CACHE_DIR``, see
``assistant.guardrail.detectors.vector_cache``)."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
DIMENSIONS = 384


class VectorStore:
    """Text vectors in one SQLite file (WAL, safe across processes and threads)."""

    def __init__(self, path: Path, identity: str) -> None:
        self.path = path
        self.identity = identity.encode("utf-8")
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._broken = False

    def get(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those texts that have one."""
        keys = {self._key(t): t for t in dict.fromkeys(texts)}
        if not keys or self._connection is None and not self.path.exists():
            return {}  # reading never creates the file
        found: dict[str, np.ndarray] = {}
        items = list(keys)
        for start in range(0, len(items), 500):  # SQLite's bound-parameter limit
            part = items[start : start + 500]
            rows = self._run(f"SELECT id, vector FROM vectors WHERE id IN "
                             f"({','.join('?' * len(part))})", part)
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (DIMENSIONS,):
                    found[keys[key]] = vector
        return found

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        rows = [(self._key(t), np.asarray(v, dtype=np.float32).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        self._run("INSERT OR REPLACE INTO vectors (id, vector) VALUES (?, ?)", rows, many=True)

    def _key(self, text: str) -> int:
        """64 bits of a hash of model and text: the row id itself (no separate index)."""
        digest = hashlib.sha256(self.identity + b"\0" + text.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def _run(self, sql: str, params: list, many: bool = False) -> list:  # type: ignore[type-arg]
        with self._lock:
            if self._broken:
                return []
            try:
                connection = self._connect()
                with connection:
                    if many:
                        connection.executemany(sql, params)
                        return []
                    return connection.execute(sql, params).fetchall()
            except (sqlite3.Error, OSError) as exc:
                self._broken = True  # a cache: warn once, then compute vectors as before
                log.warning("sentence vector cache %s unusable (%s); vectors are computed "
                            "each time. Delete the file to rebuild it.", self.path, exc)
                return []

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE IF NOT EXISTS vectors "
                               "(id INTEGER PRIMARY KEY, vector BLOB NOT NULL)")
            self._connection = connection
        return self._connection
