"""Heading-aware chunking that fits MiniLM's window: nothing is silently truncated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

HEADINGS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
MAX_LABEL_CHARS = 120  # title and heading are cut to this in the chunk prefix


@dataclass(frozen=True)
class Chunk:
    index: int
    section: str
    text: str

    def embedding_text(self, title: str) -> str:
        """What the embedder and the lexical index see: title and section give context."""
        return chunk_input(title, self.section, self.text)


def chunk_input(title: str, section: str, text: str) -> str:
    title, section = title[:MAX_LABEL_CHARS], section[:MAX_LABEL_CHARS]
    head = f"{title} — {section}" if section and section != title else title
    return f"{head}\n{text}"


class Chunker:
    """Split by Markdown headings, then by word-piece count with overlap."""

    def __init__(
        self, count_tokens: Callable[[str], int], max_tokens: int, overlap_tokens: int
    ) -> None:
        self.count_tokens = count_tokens
        self.max_tokens = max_tokens
        self.overlap_tokens = overlap_tokens

    def split(self, title: str, text: str) -> list[Chunk]:
        # LangChain's splitters load here, not when the package is imported (CLI start-up)
        from langchain_text_splitters import (
            MarkdownHeaderTextSplitter,
            RecursiveCharacterTextSplitter,
        )

        chunks: list[Chunk] = []
        sections = MarkdownHeaderTextSplitter(HEADINGS, strip_headers=True)
        for part in sections.split_text(text):
            section = _section_name(part.metadata)
            budget = self.max_tokens - self._prefix_tokens(title, section)
            splitter = RecursiveCharacterTextSplitter(
                chunk_size=budget,
                chunk_overlap=min(self.overlap_tokens, budget // 4),
                length_function=self.count_tokens,
                separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
                keep_separator="end",
            )
            for piece in splitter.split_text(part.page_content):
                piece = piece.strip()
                if piece:
                    chunks.append(Chunk(len(chunks), section, piece))
        return chunks

    def _prefix_tokens(self, title: str, section: str) -> int:
        return self.count_tokens(chunk_input(title, section, "")) + 2  # [CLS] and [SEP]


def _section_name(metadata: dict[str, str]) -> str:
    """The innermost heading, e.g. 'Posting rhythm'; empty before the first heading."""
    for _, key in reversed(HEADINGS):
        if metadata.get(key):
            return metadata[key]
    return ""
