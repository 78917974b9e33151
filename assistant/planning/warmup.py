"""Sentence vectors computed while a document is indexed, so that the first plan or answer
on any topic ranks its sentences, and its output screen reads them, without running a model
(see ``assistant.knowledge.vector_store``). Both forms the planner embeds are warmed: the
sentence alone (talking points) and under its title and section (answers); and the sentence
alone with the guardrail's own model."""

from __future__ import annotations

import logging
from typing import Any

from assistant.planning.evidence import in_context, sentences

log = logging.getLogger(__name__)


def sentence_texts(text: str, title: str, section: str) -> list[str]:
    """The texts the composer and the answer ranker embed for one chunk."""
    units = sentences(text, section)
    return units + [in_context(title, section, u) for u in units]


def warm_chunks(embedder: Any, chunks: list[tuple[str, str, str]]) -> int:
    """Embed the sentences of (text, title, section) chunks into the embedder's disk store;
    how many were new. A failure costs speed later, never the indexing."""
    warm = getattr(embedder, "warm", None)
    if warm is None:
        return 0
    texts = [t for chunk in chunks for t in sentence_texts(*chunk)]
    try:
        return int(warm(texts))
    except Exception:  # noqa: BLE001 - a cache: indexing must not fail on it
        log.warning("could not precompute sentence vectors; plans will compute them",
                    exc_info=True)
        return 0


def warm_guardrail(chunks: list[tuple[str, str, str]]) -> int:
    """The guardrail's own vectors (another model: ``guardrail/detectors/quantized.py``) of
    the sentences alone, which plans quote and the output screen embeds; how many were new.
    A failure costs speed later, never the indexing."""
    from assistant.guardrail.detectors.meaning import embedder

    units = [u for text, _, section in chunks for u in sentences(text, section)]
    try:
        return int(embedder().warm(units))
    except Exception:  # noqa: BLE001 - a cache: indexing must not fail on it
        log.warning("could not precompute the guardrail's sentence vectors", exc_info=True)
        return 0
