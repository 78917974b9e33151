"""In-memory BM25 (bm25s) over every chunk, with a visibility mask per search."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable

# bm25s's own switch: it then imports no tqdm (about 75 ms of every cold search); this index
# never shows bm25s's progress bars
os.environ.setdefault("DISABLE_TQDM", "1")
import bm25s  # noqa: E402
import numpy as np
import Stemmer

from assistant.knowledge.chunking import chunk_input
from assistant.knowledge.metadata import NEVER, today_int
from assistant.knowledge.store import StoredChunk
from assistant.knowledge.visibility import is_visible

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import


class LexicalIndex:
    """BM25 over title, section and text of each chunk."""

    def __init__(self, chunks: Iterable[StoredChunk]) -> None:
        self.chunks = list(chunks)
        self.by_id = {c.id: c for c in self.chunks}
        self._stemmer = Stemmer.Stemmer("english")
        self._approved = np.array(
            [is_visible(c.metadata, today=0) for c in self.chunks], dtype=bool
        )
        self._valid_until = np.array(
            [int(c.metadata.get("valid_until", NEVER)) for c in self.chunks], dtype=np.int64
        )
        self._bm25: bm25s.BM25 | None = None
        if self.chunks:
            corpus = [
                chunk_input(c.metadata.get("title", ""), c.metadata.get("section", ""), c.text)
                for c in self.chunks
            ]
            tokens = self._tokenize(corpus)
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokens, show_progress=False)

    def __len__(self) -> int:
        return len(self.chunks)

    def _tokenize(self, texts: list[str]) -> bm25s.tokenization.Tokenized:
        return bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, show_progress=False
        )

    def search(
        self, query: str, n: int, include_hidden: bool, today: dt.date | None = None
    ) -> list[tuple[StoredChunk, float]]:
        """Top-n chunks with a positive BM25 score, best first."""
        if self._bm25 is None or n <= 0:
            return []
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self._stemmer,
                                show_progress=False, return_ids=False)
        known = [t for t in tokens[0] if t in self._bm25.vocab_dict]
        if not known:
            return []
        mask = None
        if not include_hidden:
            mask = (self._approved & (self._valid_until >= today_int(today))).astype(np.float32)
            if not mask.any():
                return []
        found, scores = self._bm25.retrieve(
            [known], k=min(n, len(self.chunks)), show_progress=False, weight_mask=mask
        )
        return [
            (self.chunks[int(i)], float(s))
            for i, s in zip(found[0], scores[0], strict=True)
            if s > 0
        ]
