"""Detection on every core for long batches (`coach guard scan --jsonl`): worker processes
each load the models once and scan their share of a batch with ``Guardrail.scan_many``; the
findings come back in input order and the parent applies the policy and writes the audit.
Findings do not depend on how texts are batched, so they equal one process's."""

from __future__ import annotations

import multiprocessing
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.guardrail.config import GuardrailSettings
    from assistant.guardrail.finding import Finding, Stage
    from assistant.guardrail.screen import Guardrail

MIN_TEXTS = 200  # a smaller batch stays in the parent: the workers' start (models) costs more
CHUNK = 16  # texts per task: small enough to share a batch evenly


def default_workers() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


_guard: Guardrail | None = None  # the worker's own guardrail, models loaded once
_terms: tuple[str, ...] | None = None


def _start(settings: GuardrailSettings) -> None:
    """A worker's start: its guardrail (the models load at its first text); the MiniLM
    calls of one text take turns, since the other workers hold the other cores."""
    global _guard
    from assistant.guardrail.detectors import meaning
    from assistant.guardrail.screen import Guardrail

    meaning.MODEL_CALLS = 1
    _guard = Guardrail(settings)


def _scan(task: tuple[tuple[str, ...], list[str], Stage]) -> list[list[Finding]]:
    global _terms
    from assistant.guardrail.screen import term_matcher

    terms, texts, stage = task
    assert _guard is not None, "the worker was not started"
    if terms != _terms:
        _guard.scanner.set_terms(term_matcher(terms, _guard.settings))
        _terms = terms
    return _guard.scan_many(texts, stage)


class ScanPool:
    """``workers`` processes (started on first use, by spawning: no state of the parent's
    threads is copied) that scan texts with ``settings`` and the parent's term list."""

    def __init__(self, guard: Guardrail, workers: int) -> None:
        self.guard = guard
        self.workers = workers
        self._pool: Any = None

    def scan_many(self, texts: list[str], stage: Stage) -> list[list[Finding]]:
        """Findings of each text, like ``guard.scan_many``; a short batch stays here."""
        if self.workers < 2 or len(texts) < MIN_TEXTS:
            return self.guard.scan_many(texts, stage)
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_start,
                                      initargs=(self.guard.settings,))
        terms = self.guard.term_names()
        tasks = [(terms, texts[i : i + CHUNK], stage) for i in range(0, len(texts), CHUNK)]
        return [found for part in self._pool.imap(_scan, tasks) for found in part]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
