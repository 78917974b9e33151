"""Runs the configured detectors over a normalised document and resolves overlapping
findings: generic findings inside plain links and ids are dropped, specific beat generic."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.registry import Detector, DetectorContext, build
from assistant.guardrail.detectors.terms import TermMatcher
from assistant.guardrail.finding import Finding
from assistant.lru import LRU

if TYPE_CHECKING:
    from assistant.guardrail.config import GuardrailSettings

PREPARE_BATCH = 64  # documents whose model work is batched together in ``scan_many``
CATEGORY_RANK = {"secrets": 5, "financial": 4, "personal": 3, "network": 2, "confidential": 1}
RECENT = 2048  # texts whose findings are kept: passages, plans and questions recur
Key = tuple[str, float, frozenset[str]]


class Scanner:
    """The detectors chosen in settings; rebuilt when the confidential-term list changes.

    Detection depends only on the text, the detectors and the term list, so the findings of
    a recent text are kept and returned again (the same passage retrieved for many plans, a
    plan drafted twice); a new term list drops them."""

    def __init__(self, settings: GuardrailSettings, terms: TermMatcher | None = None) -> None:
        self.context = DetectorContext(settings, terms)
        self.detectors: list[Detector] = build(settings.detectors, self.context)
        self._recent: LRU[Key, list[Finding]] = LRU(RECENT)
        self._kept_for = self.detectors  # what was kept was found by these detectors
        self._lock = threading.Lock()

    def set_terms(self, terms: TermMatcher) -> None:
        with self._lock:
            self.context.terms = terms
            self.detectors = build(self.context.settings.detectors, self.context)

    def forget(self) -> None:
        """Drop the kept findings and what detectors keep (``forget``): the next scan of any
        text detects again (benchmarks time detection)."""
        with self._lock:
            self._recent.clear()
        for detector in self.detectors:
            forget = getattr(detector, "forget", None)
            if forget is not None:
                forget()

    def warm(self) -> None:
        """Load what the model detectors need (those with a ``warm`` step) now."""
        for detector in self.detectors:
            warm = getattr(detector, "warm", None)
            if warm is not None:
                warm()

    def scan(
        self, text: str, min_score: float = 0.0, skip: frozenset[str] = frozenset()
    ) -> list[Finding]:
        """Resolved findings (original offsets) scoring at least ``min_score``; detectors
        named in ``skip`` do not run."""
        if not text.strip():
            return []
        key = (text, min_score, skip)
        kept = self._kept(key)
        if kept is not None:
            return kept
        detectors = self.detectors
        return self._keep(key, detectors, self._scan(Document(text), min_score, skip, detectors))

    def scan_many(
        self, texts: list[str], min_score: float = 0.0, skip: frozenset[str] = frozenset()
    ) -> list[list[Finding]]:
        """``scan`` of each text; detectors with a ``prepare`` step (the models) do their
        work for a batch of documents at once, so findings equal one-by-one scans."""
        found: dict[str, list[Finding]] = {}
        for text in texts:
            kept = self._kept((text, min_score, skip)) if text.strip() else []
            if kept is not None:
                found[text] = kept
        todo = list(dict.fromkeys(t for t in texts if t not in found))
        detectors = self.detectors
        for first in range(0, len(todo), PREPARE_BATCH):
            docs = [Document(t) for t in todo[first:first + PREPARE_BATCH]]
            for detector in detectors:
                prepare = getattr(detector, "prepare", None)
                if prepare is not None and detector.name not in skip:
                    prepare(docs)
            for doc in docs:
                found[doc.text] = self._keep((doc.text, min_score, skip), detectors,
                                                 self._scan(doc, min_score, skip, detectors))
        return [list(found[t]) for t in texts]

    def _kept(self, key: Key) -> list[Finding] | None:
        with self._lock:
            if self._kept_for is not self.detectors:  # replaced (set_terms, a test, a tool)
                self._recent.clear()
                self._kept_for = self.detectors
            kept = self._recent.get(key)
            return None if kept is None else list(kept)

    def _keep(self, key: Key, detectors: list[Detector], findings: list[Finding]) -> list[Finding]:
        """Keep ``findings`` unless the term list changed while they were found."""
        with self._lock:
            if detectors is self.detectors and detectors is self._kept_for:
                self._recent.put(key, findings)
        return list(findings)

    def _scan(self, doc: Document, min_score: float, skip: frozenset[str],
              detectors: list[Detector]) -> list[Finding]:
        spans: list[Finding] = []
        sentences: list[Finding] = []
        for detector in detectors:
            if detector.name in skip:
                continue
            into = sentences if getattr(detector, "sentence_level", False) else spans
            into.extend(f for f in detector.detect(doc) if f.score >= min_score)
        kept = resolve([f for f in spans if not (f.generic and _in_link(doc, f))])
        # A sentence-level finding (what a sentence means) never swallows the spans in it.
        return sorted(kept + sentences, key=lambda f: (f.start, -f.end))


def _in_link(doc: Document, finding: Finding) -> bool:
    return doc.in_identifier(*doc.view_span(finding.start, finding.end))


def _rank(f: Finding) -> tuple[float, int, int]:
    specific = 0 if f.generic else 1
    return (f.score + 0.1 * specific, CATEGORY_RANK.get(f.category, 0), f.end - f.start)


def resolve(findings: list[Finding]) -> list[Finding]:
    """One finding per overlapping cluster: the best-ranked, widened to the cluster's span."""
    if len(findings) < 2:
        return findings
    out: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if cluster and f.start >= cluster_end:
            out.append(_merge(cluster))
            cluster = []
        cluster.append(f)
        cluster_end = max(cluster_end, f.end) if len(cluster) > 1 else f.end
    out.append(_merge(cluster))
    return out


def _merge(cluster: list[Finding]) -> Finding:
    best = max(cluster, key=_rank)
    start = min(f.start for f in cluster)
    end = max(f.end for f in cluster)
    if (start, end) == (best.start, best.end):
        return best
    return Finding(best.category, best.rule, start, end, best.score, best.reason, best.generic)
