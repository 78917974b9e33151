"""Sentence vectors computed while a document is indexed, so that the first plan or answer
on any topic ranks its sentences without running the model (see
``assistant.knowledge.vector_store``). Both forms the planner embeds are warmed: the sentence
alone (talking points) and under its title and section (answers)."""

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
