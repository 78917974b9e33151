"""BatchingEmbedder: small calls made while the model is busy share its next call; every
caller gets exactly its own rows, and a model failure reaches every caller of the batch."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from assistant.knowledge.batching import BatchingEmbedder
from tests.knowledge.test_embedding_cache import Counting


class Slow(Counting):
    """A model call that takes a while, as the real one does under load."""

    def embed(self, texts: list[str]) -> np.ndarray:
        time.sleep(0.05)
        return super().embed(texts)


class Failing(Slow):
    def embed(self, texts: list[str]) -> np.ndarray:
        super().embed(texts)
        raise RuntimeError("model crashed")


def at_once(embedder: BatchingEmbedder, queries: list[list[str]]) -> list[object]:
    """Each query list embedded from its own thread, all released together."""
    start = threading.Barrier(len(queries))
    out: list[object] = [None] * len(queries)

    def run(i: int) -> None:
        start.wait()
        try:
            out[i] = embedder.embed(queries[i])
        except Exception as exc:  # the failure is what some cases check
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(queries))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_concurrent_calls_share_model_calls_and_get_their_own_rows() -> None:
    model = Slow()
    queries = [["q" * (i + 1)] * (1 + i % 3) for i in range(12)]  # lengths tell rows apart
    out = at_once(BatchingEmbedder(model), queries)
    for query, vectors in zip(queries, out, strict=True):
        assert isinstance(vectors, np.ndarray)
        assert vectors[:, 0].tolist() == [len(t) for t in query]
    assert len(model.calls) < len(queries)  # 12 callers, fewer model calls
    assert sorted(t for call in model.calls for t in call) == sorted(t for q in queries for t in q)


@pytest.mark.parametrize("texts", [
    ["a"] * 5,   # above max_batch (a sync): straight to the model
    [],          # nothing to embed
    ["a", "b"],  # small and alone: a batch of its own, same result
])
def test_alone(texts: list[str]) -> None:
    model = Counting()
    batcher = BatchingEmbedder(model, max_batch=4)
    vectors = batcher.embed(texts)
    assert vectors.shape[0] == len(texts)
    assert model.calls == [texts]



def test_a_failure_reaches_every_caller_of_the_batch() -> None:
    out = at_once(BatchingEmbedder(Failing()), [["a"], ["bb"], ["ccc"]])
    assert all(isinstance(o, RuntimeError) and "crashed" in str(o) for o in out)
