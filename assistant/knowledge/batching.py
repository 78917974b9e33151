"""Query embeddings of concurrent requests in one model call.

Twenty users asking at once each need one short vector; twenty model calls of one text cost
far more than one call of twenty (the model's fixed cost per call, and threads fighting over
two cores). Calls go to one worker thread: when the model is idle a call runs at once, and
the calls that arrive while it runs are embedded together in the next model call. A caller
alone waits for nothing."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

import numpy as np

from assistant.knowledge.embeddings import Embedder


class BatchingEmbedder:
    """Wraps an embedder; small calls made while the model is busy share its next call.
    Calls above ``max_batch`` texts (a sync) pass straight through."""

    def __init__(self, inner: Embedder, max_batch: int = 64) -> None:
        self.inner = inner
        self.name = inner.name
        self.local = inner.local
        self.max_batch = max_batch
        self._pending: list[tuple[list[str], Future[np.ndarray]]] = []
        self._arrived = threading.Condition()
        self._worker: threading.Thread | None = None

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts or len(texts) > self.max_batch:
            return self.inner.embed(texts)
        future: Future[np.ndarray] = Future()
        with self._arrived:
            self._pending.append((texts, future))
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="embedding-batcher",
                                                daemon=True)
                self._worker.start()
            self._arrived.notify()
        return future.result()

    def _work(self) -> None:
        while True:
            with self._arrived:
                while not self._pending:
                    self._arrived.wait()
                batch, self._pending = self._pending, []
            self._run(batch)

    def _run(self, batch: list[tuple[list[str], Future[np.ndarray]]]) -> None:
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
