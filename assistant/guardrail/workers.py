"""Detection on every core for long batches (`coach guard scan --jsonl`): the parent and
worker processes (each loading the models once) scan a batch's chunks with
``Guardrail.scan_many``; the findings are put back in input order and the parent applies the
policy and writes the audit. Findings do not depend on how texts are batched, so they equal
one process's."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.guardrail.config import GuardrailSettings
    from assistant.guardrail.finding import Finding, Stage
    from assistant.guardrail.screen import Guardrail

MIN_TEXTS = 200  # a smaller batch stays in the parent: the workers' start (models) costs more
CHUNK = 64  # texts per task: a whole prepare batch (PREPARE_BATCH), eight to a 500-line batch


def default_workers() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


_guard: Guardrail | None = None  # the worker's own guardrail, models loaded once
_terms: tuple[str, ...] | None = None


def _start(settings: GuardrailSettings) -> None:
    """A worker's start: its guardrail (the models load at its first text)."""
    global _guard
    from assistant.guardrail.detectors.meaning import take_turns
    from assistant.guardrail.screen import Guardrail

    take_turns()
    _guard = Guardrail(settings)


def _scan(task: tuple[tuple[str, ...], list[str], Stage]) -> list[list[Finding]]:
    global _terms
    from assistant.guardrail.screen import term_matcher

    terms, texts, stage = task
    if _guard is None:
        raise RuntimeError("the worker was not started")
    if terms != _terms:
        _guard.scanner.set_terms(term_matcher(terms, _guard.settings))
        _terms = terms
    return _guard.scan_many(texts, stage)


class ScanPool:
    """Scans with the parent's guardrail and ``workers - 1`` processes (started on first use,
    by spawning: nothing of the parent's threads is copied) that share a batch chunk by
    chunk, each taking the next chunk when it is done with one; the processes use the
    parent's settings and term list."""

    def __init__(self, guard: Guardrail, workers: int) -> None:
        self.guard = guard
        self.workers = workers
        self.remote = 0  # texts the worker processes scanned (benchmarks, tests)
        self._pool: Any = None

    def scan_many(self, texts: list[str], stage: Stage) -> list[list[Finding]]:
        """Findings of each text, like ``guard.scan_many``; a short batch stays here."""
        if self.workers < 2 or len(texts) < MIN_TEXTS:
            return self.guard.scan_many(texts, stage)
        if self._pool is None:  # a worker that dies fails its chunk (BrokenProcessPool)
            from assistant.guardrail.detectors.meaning import take_turns

            take_turns()  # here too: one process per core
            self._pool = ProcessPoolExecutor(self.workers - 1, multiprocessing.get_context("spawn"),
                                             initializer=_start, initargs=(self.guard.settings,))
        terms = self.guard.term_names()
        chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
        found: list[list[list[Finding]] | None] = [None] * len(chunks)
        failed: list[BaseException] = []
        sent: list[int] = []
        claim = iter(range(len(chunks)))  # next() under the GIL: each chunk taken once

        def remote() -> None:
            try:
                for i in claim:
                    found[i] = self._pool.submit(_scan, (terms, chunks[i], stage)).result()
                    sent.append(len(chunks[i]))
            except BaseException as error:  # noqa: BLE001 - raised again in the caller
                failed.append(error)

        feeders = [threading.Thread(target=remote, daemon=True) for _ in range(self.workers - 1)]
        for feeder in feeders:
            feeder.start()
        for i in claim:
            found[i] = self.guard.scan_many(chunks[i], stage)
        for feeder in feeders:
            feeder.join()
        self.remote += sum(sent)
        if failed or any(part is None for part in found):  # never an unscanned chunk as clean
            raise failed[0] if failed else RuntimeError("a chunk of the batch was not scanned")
        return [one for part in found if part is not None for one in part]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
