"""A read-only copy of the chunk store (texts, metadata, vectors) in one file, for processes
that start cold: a `coach kb search` answers from it without importing Chroma (about 0.6 s).

The copy is labelled with the knowledge-base generation it was read at. Every change to the
index bumps the generation after it has reached the store, so a copy whose label is the current
generation holds everything up to it; any other copy is ignored and rebuilt from the store.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.knowledge.store import StoredChunk

if TYPE_CHECKING:
    from assistant.knowledge.store import ChunkStore

FORMAT = 1  # bump when the file layout changes: older files are then ignored


@dataclass(frozen=True)
class Snapshot:
    """Every chunk and its unit vector, as of ``generation``."""

    generation: int
    chunks: list[StoredChunk]
    vectors: np.ndarray  # one unit row per chunk, float32

    @classmethod
    def from_store(cls, store: ChunkStore, generation: int) -> Snapshot:
        chunks, vectors = store.read_all()
        return cls(generation, chunks, _unit(vectors))

    def iter_all(self) -> Iterator[StoredChunk]:
        return iter(self.chunks)

    def nearest(self, vector: np.ndarray, n: int, keep: Callable[[StoredChunk], bool] | None
                ) -> list[tuple[StoredChunk, float]]:
        """The n nearest chunks that ``keep`` accepts, as (chunk, cosine distance), best
        first: an exact search, where Chroma's HNSW index is approximate."""
        if n <= 0 or not self.chunks:
            return []
        query = _unit(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        distances = 1.0 - self.vectors @ query
        found: list[tuple[StoredChunk, float]] = []
        for i in np.argsort(distances, kind="stable"):
            chunk = self.chunks[int(i)]
            if keep is None or keep(chunk):
                found.append((chunk, float(distances[i])))
                if len(found) == n:
                    break
        return found

    def save(self, path: Path) -> None:
        """Write atomically (readers never see half a file); a failure only costs speed."""
        header = {"format": FORMAT, "generation": self.generation,
                  "chunks": [[c.id, c.text, c.metadata] for c in self.chunks]}
        blob = np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), np.uint8)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
            np.savez(partial, header=blob, vectors=self.vectors)
            os.replace(partial, path)
        except OSError:
            pass


def load(path: Path, generation: int) -> Snapshot | None:
    """The copy at ``path`` if it was read at ``generation``, else None."""
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(data["header"].tobytes().decode("utf-8"))
            if header.get("format") != FORMAT or header.get("generation") != generation:
                return None
            vectors = data["vectors"]
    except (OSError, ValueError, KeyError):
        return None
    chunks = [StoredChunk(i, text, meta) for i, text, meta in header["chunks"]]
    if len(chunks) != len(vectors):
        return None
    return Snapshot(generation, chunks, vectors)


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.size == 0:
        return vectors.reshape(0, 0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)
