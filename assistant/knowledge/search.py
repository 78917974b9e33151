"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused by reciprocal rank fusion."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.metadata import today_int
from assistant.knowledge.snapshot import Snapshot, load
from assistant.knowledge.store import ChunkStore, StoredChunk
from assistant.knowledge.visibility import is_visible, visible_filter
from assistant.lru import LRU
from assistant.settings import RetrievalSettings

OVERFETCH = 3  # unfiltered candidates per wanted dense result
RECENT = 256  # searches whose results are kept for the same query, k, day and generation


@dataclass(frozen=True)
class Citation:
    doc_id: str
    title: str
    section: str
    source: str
    version: str

    def label(self) -> str:
        where = f"{self.title} › {self.section}" if self.section else self.title
        return f"{where} ({self.source}, version {self.version[:8]})"


@dataclass(frozen=True)
class SearchHit:
    chunk_id: str
    text: str
    score: float
    similarity: float | None
    citation: Citation

    def as_dict(self) -> dict[str, Any]:
        citation = {**asdict(self.citation), "label": self.citation.label()}
        return {**asdict(self), "citation": citation}


class Retriever:
    """Answers searches; mentors and executives only ever see approved, unexpired chunks."""

    def __init__(
        self,
        store: ChunkStore | Callable[[], ChunkStore],
        embedder: Embedder | Callable[[], Embedder],
        settings: RetrievalSettings,
        generation: Callable[[], int] = lambda: 0,
        snapshot: Path | None = None,
    ) -> None:
        """``store`` and ``embedder`` may be factories, built at first use (fast start-up).
        With ``snapshot`` (a file path), searches read a copy of the store kept in that file
        at the current generation (written from the store when missing or out of date), so
        a cold process need not open the store at all."""
        self._store = store
        self._embedder = embedder
        self.settings = settings
        self._generation = generation
        self._snapshot_path = snapshot
        self._snapshot: Snapshot | None = None
        self._lexical: LexicalIndex | None = None
        self._lexical_generation = -1
        self._recent: LRU[tuple[Any, ...], list[SearchHit]] = LRU(RECENT)
        self._lock = threading.Lock()
        self.ready = threading.Event()  # set once warm() has built everything

    @cached_property
    def store(self) -> ChunkStore:
        return self._store() if callable(self._store) else self._store

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder() if callable(self._embedder) else self._embedder

    def warm(self) -> None:
        """Open the store, load the model and build the lexical index now, not at the first
        search (the web app calls this in the background once its page is served)."""
        try:
            self.embedder.embed(["warm up"])
            self.lexical(self.snapshot())
        finally:
            self.ready.set()

    def invalidate(self) -> None:
        """Drop the lexical index and the snapshot; they are rebuilt at the next search."""
        with self._lock:
            self._lexical = None
            self._snapshot = None
            self._recent.clear()

    def forget(self) -> None:
        """Forget the kept results, not the indexes (benchmarks of the uncached path)."""
        self._recent.clear()

    def search(
        self,
        query: str,
        k: int | None = None,
        include_hidden: bool = False,
        today: dt.date | None = None,
    ) -> list[SearchHit]:
        """The k best visible chunks (every chunk with ``include_hidden``) on ``today``. The
        same search again at the same knowledge-base generation, on the same day, returns
        the kept results: what is visible changes only with the generation or the day."""
        query = query.strip()
        if not query:
            return []
        k = k or self.settings.k
        snapshot = self.snapshot()
        generation = snapshot.generation if snapshot else self._generation()
        key = (query, k, include_hidden, today_int(today), generation)
        kept = self._recent.get(key)
        if kept is not None:
            return list(kept)
        n = max(self.settings.candidates, k)
        vector = self.embedder.embed([query])[0]
        index = self.lexical(snapshot, generation)
        dense = self._dense(vector, n, include_hidden, today, snapshot, index)
        lexical = index.search(query, n, include_hidden, today)
        found = self._fuse(dense, lexical, k)
        self._recent.put(key, found)
        return list(found)

    def _dense(
        self, vector: Any, n: int, include_hidden: bool, today: dt.date | None,
        snapshot: Snapshot | None, index: LexicalIndex,
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest visible chunks. Chroma's filtered search is slow on large collections
        (it builds an allow-list first), so fetch more without a filter and keep the visible
        ones; fall back to the filtered search only when too few of them are visible."""
        day = today_int(today)
        if snapshot is not None:
            keep = None if include_hidden else (lambda c: is_visible(c.metadata, day))
            return snapshot.nearest(vector, n, keep)
        if include_hidden:
            return self._chunks(self.store.nearest(vector, n, None), index)
        fetch = n * OVERFETCH
        found = self._chunks(self.store.nearest(vector, fetch, None), index)
        visible = [(chunk, dist) for chunk, dist in found if is_visible(chunk.metadata, day)]
        if len(visible) >= n or len(found) < fetch:
            return visible[:n]
        return self._chunks(self.store.nearest(vector, n, visible_filter(today)), index)

    def _chunks(self, nearest: list[tuple[str, float]], index: LexicalIndex
                ) -> list[tuple[StoredChunk, float]]:
        """The chunks of (id, distance) pairs: from the lexical index of this generation,
        which holds every chunk in memory; ids it lacks (stored since) from the store."""
        known = index.by_id
        missing = {c.id: c for c in self.store.get([i for i, _ in nearest if i not in known])}
        return [(known.get(i) or missing[i], d) for i, d in nearest if i in known or i in missing]

    def snapshot(self) -> Snapshot | None:
        """The copy of the store at the current generation, when this retriever reads one."""
        if self._snapshot_path is None:
            return None
        generation = self._generation()
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                found = load(self._snapshot_path, generation)
                if found is None:
                    found = Snapshot.from_store(self.store, generation)
                    found.save(self._snapshot_path)
                self._snapshot = found
            return self._snapshot

    def lexical(self, snapshot: Snapshot | None = None,
                generation: int | None = None) -> LexicalIndex:
        """BM25 over every chunk of ``snapshot``, or of the store, at the current generation
        (``generation`` when the caller has just read it)."""
        if generation is None:
            generation = snapshot.generation if snapshot else self._generation()
        with self._lock:
            if self._lexical is None or generation != self._lexical_generation:
                chunks = snapshot.iter_all() if snapshot else self.store.iter_all()
                self._lexical = LexicalIndex(chunks)
                self._lexical_generation = generation
            return self._lexical

    def _fuse(
        self,
        dense: list[tuple[StoredChunk, float]],
        lexical: list[tuple[StoredChunk, float]],
        k: int,
    ) -> list[SearchHit]:
        scores: dict[str, float] = {}
        chunks: dict[str, StoredChunk] = {}
        similarity: dict[str, float] = {}
        for rank, (chunk, distance) in enumerate(dense):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (self.settings.rrf_k + rank + 1)
            chunks[chunk.id] = chunk
            similarity[chunk.id] = 1.0 - distance
        for rank, (chunk, _) in enumerate(lexical):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (self.settings.rrf_k + rank + 1)
            chunks.setdefault(chunk.id, chunk)
        best = sorted(scores, key=lambda cid: scores[cid], reverse=True)[:k]
        return [_hit(chunks[cid], scores[cid], similarity.get(cid)) for cid in best]


def _hit(chunk: StoredChunk, score: float, similarity: float | None) -> SearchHit:
    meta = chunk.metadata
    citation = Citation(
        doc_id=str(meta.get("doc_id", "")),
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        source=str(meta.get("source", "")),
        version=str(meta.get("version", "")),
    )
    return SearchHit(chunk.id, chunk.text, round(score, 6), similarity, citation)
