"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused by reciprocal rank fusion."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.metadata import today_int
from assistant.knowledge.store import ChunkStore, StoredChunk
from assistant.knowledge.visibility import is_visible, visible_filter
from assistant.settings import RetrievalSettings

OVERFETCH = 3  # unfiltered candidates per wanted dense result


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
    ) -> None:
        """``store`` and ``embedder`` may be factories, built at first use (fast start-up)."""
        self._store = store
        self._embedder = embedder
        self.settings = settings
        self._generation = generation
        self._lexical: LexicalIndex | None = None
        self._lexical_generation = -1
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
            self.lexical()
        finally:
            self.ready.set()

    def invalidate(self) -> None:
        """Drop the lexical index; it is rebuilt at the next search."""
        with self._lock:
            self._lexical = None

    def search(
        self,
        query: str,
        k: int | None = None,
        include_hidden: bool = False,
        today: dt.date | None = None,
    ) -> list[SearchHit]:
        query = query.strip()
        if not query:
            return []
        k = k or self.settings.k
        n = max(self.settings.candidates, k)
        vector = self.embedder.embed([query])[0]
        dense = self._dense(vector, n, include_hidden, today)
        lexical = self.lexical().search(query, n, include_hidden, today)
        return self._fuse(dense, lexical, k)

    def _dense(
        self, vector: Any, n: int, include_hidden: bool, today: dt.date | None
    ) -> list[tuple[StoredChunk, float]]:
        """Nearest visible chunks. Chroma's filtered search is slow on large collections
        (it builds an allow-list first), so fetch more without a filter and keep the visible
        ones; fall back to the filtered search only when too few of them are visible."""
        if include_hidden:
            return self.store.query(vector, n, None)
        fetch = n * OVERFETCH
        found = self.store.query(vector, fetch, None)
        day = today_int(today)
        visible = [(chunk, dist) for chunk, dist in found if is_visible(chunk.metadata, day)]
        if len(visible) >= n or len(found) < fetch:
            return visible[:n]
        return self.store.query(vector, n, visible_filter(today))

    def lexical(self) -> LexicalIndex:
        generation = self._generation()
        with self._lock:
            if self._lexical is None or generation != self._lexical_generation:
                self._lexical = LexicalIndex(self.store.iter_all())
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
