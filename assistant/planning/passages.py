"""Reading a cited passage: the chunk as it stands now, only while it is visible (approved,
unflagged, unexpired), screened at the context stage like any passage shown to a user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.guardrail import Guardrail, Stage
from assistant.knowledge.metadata import today_int
from assistant.knowledge.store import ChunkStore
from assistant.knowledge.visibility import is_visible
from assistant.planning.plan import Source

GONE = "(this passage is no longer in the approved knowledge base)"


@dataclass(frozen=True)
class CitedPassage:
    """A citation and the screened text of its passage (``GONE`` when hidden or removed)."""

    source: Source
    text: str
    available: bool


def read_passages(store: ChunkStore, guardrail: Guardrail, sources: list[Source],
                  user: str | None, today: dt.date | None = None) -> list[CitedPassage]:
    """Each source's passage, screened for ``user``; hidden chunks are never shown."""
    chunks = {c.id: c for c in store.get([s.chunk_id for s in sources])}
    day = today_int(today)
    out = []
    for source in sources:
        chunk = chunks.get(source.chunk_id)
        if chunk is None or not is_visible(chunk.metadata, day):
            out.append(CitedPassage(source, GONE, False))
            continue
        screened = guardrail.screen(chunk.text, Stage.CONTEXT, user=user)
        text = GONE if screened.blocked else screened.text
        out.append(CitedPassage(source, text, not screened.blocked))
    return out
