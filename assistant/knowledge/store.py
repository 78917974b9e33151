"""The Chroma adapter: embedded PersistentClient by default, a `chroma run` server when set.

We always pass our own vectors; the collection has no embedding function, so Chroma never
tries to download its default model. Telemetry is off.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.settings import Settings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHROMA_TELEMETRY_IMPL", "none")

PAGE = 2000  # rows fetched per get() when reading the whole collection


class StoreError(RuntimeError):
    """The vector store cannot be reached or refused an operation."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]


class ChunkStore:
    """Chunks with their vectors and citation metadata in one Chroma collection."""

    def __init__(self, client: Any, collection: str, where: str) -> None:
        self.where = where
        self.client = client
        try:
            self.collection = client.get_or_create_collection(
                collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        except Exception as exc:  # chromadb raises many types for connection problems
            raise StoreError(f"cannot open Chroma collection at {where}: {exc}") from exc

    @classmethod
    def from_settings(cls, settings: Settings) -> ChunkStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        store = settings.vector_store
        if store.host:
            where = f"http://{store.host}:{store.port}"
            try:
                client = chromadb.HttpClient(
                    host=store.host, port=store.port, settings=chroma_settings
                )
            except Exception as exc:
                raise StoreError(
                    f"cannot reach the Chroma server at {where} ({exc}); "
                    "start it with `chroma run` or unset vector_store.host"
                ) from exc
        else:
            path = settings.chroma_path
            path.mkdir(parents=True, exist_ok=True)
            where = str(path)
            client = chromadb.PersistentClient(path=where, settings=chroma_settings)
        return cls(client, store.collection, where)

    def count(self) -> int:
        return int(self.collection.count())

    def upsert(self, chunks: list[StoredChunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        self.collection.upsert(
            ids=[c.id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[c.metadata for c in chunks],
        )

    def delete_doc(self, doc_id: str, keep_version: str | None = None) -> None:
        """Remove a document's chunks, all of them or all but one version."""
        where: dict[str, Any] = {"doc_id": doc_id}
        if keep_version is not None:
            where = {"$and": [{"doc_id": doc_id}, {"version": {"$ne": keep_version}}]}
        self.collection.delete(where=where)

    def set_visibility(self, doc_id: str, status: str, flagged: bool) -> None:
        """Copy a document's status to its chunks, where the dense filter reads it."""
        found = self.collection.get(where={"doc_id": doc_id}, include=["metadatas"])
        if not found["ids"]:
            return
        metadatas = [
            {**(m or {}), "status": status, "flagged": flagged} for m in found["metadatas"]
        ]
        self.collection.update(ids=found["ids"], metadatas=metadatas)

    def doc_chunks(self, doc_id: str) -> list[StoredChunk]:
        found = self.collection.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        return sorted(_chunks(found), key=lambda c: c.metadata.get("chunk", 0))

    def get(self, ids: list[str]) -> list[StoredChunk]:
        """Chunks by id, in the order asked; ids no longer stored are left out."""
        if not ids:
            return []
        found = self.collection.get(ids=ids, include=["documents", "metadatas"])
        by_id = {c.id: c for c in _chunks(found)}
        return [by_id[i] for i in ids if i in by_id]

    def iter_all(self) -> Iterator[StoredChunk]:
        """Every chunk, page by page (for the lexical index)."""
        for page in self._pages(["documents", "metadatas"]):
            yield from _chunks(page)

    def read_all(self) -> tuple[list[StoredChunk], np.ndarray]:
        """Every chunk and its stored vector (for a snapshot of the whole collection)."""
        chunks: list[StoredChunk] = []
        vectors: list[np.ndarray] = []
        for page in self._pages(["documents", "metadatas", "embeddings"]):
            chunks.extend(_chunks(page))
            if len(page["ids"]):
                vectors.append(np.asarray(page["embeddings"], dtype=np.float32))
        return chunks, np.concatenate(vectors) if vectors else np.zeros((0, 0))

    def _pages(self, include: list[str]) -> Iterator[Any]:
        """The whole collection, ``PAGE`` records per Chroma get()."""
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=PAGE, offset=offset)
            yield page
            if len(page["ids"]) < PAGE:
                return
            offset += PAGE

    def nearest(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None
    ) -> list[tuple[str, float]]:
        """Ids of the nearest chunks and their cosine distance, best first. Only ids: Chroma
        reads a result's text and metadata from SQLite, which cost 5-15x the search itself."""
        if n <= 0:
            return []
        found = self.collection.query(
            query_embeddings=vector.reshape(1, -1), n_results=n, where=where,
            include=["distances"],
        )
        return [(i, float(d)) for i, d in zip(found["ids"][0], found["distances"][0],
                                               strict=True)]


def _chunks(found: Any) -> list[StoredChunk]:
    """The chunks of a Chroma get() result (ids, documents, metadatas)."""
    return [
        StoredChunk(i, d or "", dict(m or {}))
        for i, d, m in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
    ]
