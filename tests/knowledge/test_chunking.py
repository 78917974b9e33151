"""Chunking respects headings and always fits the embedding window."""

from __future__ import annotations

import pytest

from assistant.knowledge.chunking import Chunker
from assistant.knowledge.embeddings import MODEL_WINDOW, load_tokenizer

TOKENIZER = load_tokenizer()


def count(text: str) -> int:
    return len(TOKENIZER.encode(text, add_special_tokens=False).ids)


def full_tokens(text: str) -> int:
    """Word pieces the model sees, [CLS] and [SEP] included, without truncation."""
    return count(text) + 2


CASES = [
    # two sections: each chunk keeps its own heading
    ("# Guide\nIntro.\n## Rhythm\nPost weekly.\n## Replies\nAnswer within a day.", 3),
    # a long section is split into several chunks
    ("## Long\n" + "Reply to every comment in the first hour. " * 150, 4),
    # one endless word (no spaces) is still split, never truncated
    ("## Blob\n" + "x" * 5000, 2),
]


@pytest.mark.parametrize(("text", "at_least"), CASES)
def test_chunks_fit_the_window_and_carry_sections(text, at_least):
    chunker = Chunker(count, max_tokens=200, overlap_tokens=30)
    title = "A title that is fairly long to use up budget"
    chunks = chunker.split(title, text)
    assert len(chunks) >= at_least
    for chunk in chunks:
        assert full_tokens(chunk.embedding_text(title)) <= 202
        assert full_tokens(chunk.embedding_text("x")) <= MODEL_WINDOW
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_section_names_come_from_the_innermost_heading():
    chunker = Chunker(count, 200, 30)
    chunks = chunker.split("T", "# Top\nA.\n## Middle\nB.\n### Inner\nC.")
    assert [c.section for c in chunks] == ["Top", "Middle", "Inner"]


def test_no_text_is_lost_between_chunks():
    words = [f"word{i}" for i in range(600)]
    chunker = Chunker(count, 120, 0)
    chunks = chunker.split("T", "## S\n" + " ".join(words))
    joined = " ".join(c.text for c in chunks).split()
    assert joined == words
