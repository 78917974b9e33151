"""Runs every detector over a normalised document and resolves overlapping findings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.guardrail.config import GuardrailSettings
from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.confidential import ConfidentialDetector
from assistant.guardrail.detectors.financial import FinancialDetector
from assistant.guardrail.detectors.network import NetworkDetector
from assistant.guardrail.detectors.personal import PersonalDetector
from assistant.guardrail.detectors.secrets import SecretsDetector
from assistant.guardrail.detectors.terms import TermMatcher
from assistant.guardrail.finding import Finding

# Broad rules lose to specific ones covering the same span.
GENERIC_RULES = frozenset({
    "secrets.high_entropy_token", "secrets.api_key", "secrets.bearer_token", "personal.name",
    "network.serial_number", "personal.national_id", "confidential.marking",
})
CATEGORY_RANK = {"secrets": 5, "financial": 4, "personal": 3, "network": 2, "confidential": 1}


def model_detectors(settings: GuardrailSettings) -> list[Any]:
    """The model-based detectors (NER, sentence meaning), when settings turn them on."""
    if not settings.models:
        return []
    from assistant.guardrail.detectors.entities import EntityDetector
    from assistant.guardrail.detectors.meaning import MeaningDetector

    return [EntityDetector(settings.public_figures), MeaningDetector()]


class Scanner:
    """All detectors; the confidential-term matcher can be swapped when the list changes."""

    def __init__(
        self, phone_regions: list[str], terms: TermMatcher | None = None,
        extra: Sequence[Any] = (),
    ) -> None:
        self.confidential = ConfidentialDetector(terms)
        self.detectors: list[Any] = [
            SecretsDetector(),
            FinancialDetector(),
            PersonalDetector(phone_regions),
            NetworkDetector(),
            self.confidential,
            *extra,
        ]

    def set_terms(self, terms: TermMatcher) -> None:
        self.confidential.terms = terms

    def scan(self, text: str, min_score: float = 0.0) -> list[Finding]:
        """Resolved findings (original offsets) scoring at least ``min_score``."""
        if not text.strip():
            return []
        doc = Document(text)
        spans: list[Finding] = []
        sentences: list[Finding] = []
        for detector in self.detectors:
            into = sentences if getattr(detector, "sentence_level", False) else spans
            into.extend(f for f in detector.detect(doc) if f.score >= min_score)
        # A sentence-level finding (what a sentence means) never swallows the spans in it.
        return sorted(resolve(spans) + sentences, key=lambda f: (f.start, -f.end))


def _rank(f: Finding) -> tuple[float, int, int]:
    specific = 0 if f.rule in GENERIC_RULES else 1
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
    return Finding(best.category, best.rule, start, end, best.score, best.reason)
