"""The passage behind a citation, as its reader may see it today.

A plan or an answer keeps the chunk ids it was built from; by the time someone opens a
citation the document may have been retired, held back by the guardrail or expired, or its
terms list may have grown. So a passage is shown only while it is visible in the knowledge
base (approved, unflagged, unexpired), and always screened at the context stage, like any
passage given to a model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.guardrail import Guardrail, Stage
from assistant.knowledge.metadata import today_int
from assistant.knowledge.store import ChunkStore
from assistant.knowledge.visibility import is_visible
from assistant.planning.plan import SessionPlan, Source

GONE = "(this passage is no longer in the approved knowledge base)"
WITHHELD = "(this passage is withheld by the guardrail)"


@dataclass(frozen=True)
class CitedPassage:
    """One citation and its screened text; ``text`` says why when it is not shown."""

    source: Source
    text: str
    available: bool


def read_passages(store: ChunkStore, guardrail: Guardrail, sources: list[Source],
                  user: str | None, today: dt.date | None = None) -> list[CitedPassage]:
    """Each source's passage in order, screened for ``user``; hidden chunks are never shown."""
    chunks = {c.id: c for c in store.get([s.chunk_id for s in sources])}
    day = today_int(today)
    out = []
    for source in sources:
        chunk = chunks.get(source.chunk_id)
        if chunk is None or not is_visible(chunk.metadata, day):
            out.append(CitedPassage(source, GONE, False))
            continue
        screened = guardrail.screen(chunk.text, Stage.CONTEXT, user=user)
        out.append(CitedPassage(source, WITHHELD if screened.blocked else screened.text,
                                not screened.blocked))
    return out


def cited_passages(store: ChunkStore, guardrail: Guardrail, plan: SessionPlan, user: str,
                   today: dt.date) -> list[CitedPassage]:
    """Each source of ``plan`` in order, with its passage when it is still visible."""
    return read_passages(store, guardrail, plan.sources, user, today)
