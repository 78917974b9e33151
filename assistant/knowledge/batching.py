"""Query embeddings of concurrent requests in one model call.

Twenty users asking at once each need one short vector; twenty model calls of one text cost
far more than one call of twenty (the model's fixed cost per call, and threads fighting over
two cores). The first caller waits a few milliseconds for others, then embeds everything that
arrived and hands each caller its rows. A caller alone pays only that wait."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from typing import Any

import numpy as np

from assistant.knowledge.embeddings import Embedder


class BatchingEmbedder:
    """Wraps an embedder; small calls made at the same time share one call of the inner one.
    Calls above ``max_batch`` texts (a sync) pass straight through."""

    def __init__(self, inner: Embedder, window: float = 0.004, max_batch: int = 64) -> None:
        self.inner = inner
        self.name = inner.name
        self.local = inner.local
        self.window = window
        self.max_batch = max_batch
        self._pending: list[tuple[list[str], Future[np.ndarray]]] = []
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts or len(texts) > self.max_batch:
            return self.inner.embed(texts)
        future: Future[np.ndarray] = Future()
        with self._lock:
            self._pending.append((texts, future))
            leader = len(self._pending) == 1
        if leader:
            time.sleep(self.window)  # let the others arrive
            self._flush()
        return future.result()

    def _flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        texts = [t for part, _ in batch for t in part]
        try:
            vectors = self.inner.embed(texts)
        except BaseException as exc:  # every caller of the batch sees the failure
            for _, future in batch:
                future.set_exception(exc)
            return
        start = 0
        for part, future in batch:
            future.set_result(vectors[start:start + len(part)])
            start += len(part)

    def __getattr__(self, name: str) -> Any:
        """Everything else (count_tokens, session, ...) is the wrapped embedder's."""
        return getattr(self.inner, name)
