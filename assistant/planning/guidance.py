"""Search guidance for any signed-in user, screened exactly as chat is.

query -> guardrail (input: blocked -> refusal, redacted -> the redacted query is what is
embedded, so a remote embedder never sees the raw text) -> retrieval of approved, unexpired
chunks -> guardrail (context: each result redacted, or dropped when blocked). The guardrail
writes the audit rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.guardrail import Guardrail, Stage
from assistant.knowledge.search import Retriever
from assistant.planning.evidence import Passage
from assistant.planning.screening import Withheld, note, screen_hits


@dataclass
class GuidanceResults:
    """Screened results (empty when refused), the refusal message, what was withheld."""

    passages: list[Passage] = field(default_factory=list)
    query: str = ""
    blocked: bool = False
    message: str = ""
    withheld: list[Withheld] = field(default_factory=list)


class GuidanceSearch:
    def __init__(self, retriever: Retriever, guardrail: Guardrail) -> None:
        self.retriever = retriever
        self.guardrail = guardrail

    def search(self, query: str, user: str | None, k: int | None = None) -> GuidanceResults:
        """The approved passages for ``query``, screened at the input and context stages."""
        query = query.strip()
        if not query:
            return GuidanceResults()
        screened = self.guardrail.screen(query, Stage.INPUT, user=user)
        withheld = note(screened, Stage.INPUT, "your search")
        if screened.blocked:
            return GuidanceResults(blocked=True, message=screened.message, withheld=withheld)
        hits = self.retriever.search(screened.text, k=k)
        passages, context = screen_hits(self.guardrail, hits, user)
        return GuidanceResults(passages, screened.text, withheld=withheld + context)
