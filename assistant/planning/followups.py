"""Follow-up questions under a chat answer, drawn from the headings of its cited passages
(then of the other passages retrieved with them), and an answer as plain text for copying.

A heading the question already asked about is skipped; each follow-up names its document,
so asking it retrieves that section again.
"""

from __future__ import annotations

import re

from assistant.planning.evidence import terms
from assistant.planning.plan import Source

MAX_FOLLOW_UPS = 3
WH_WORDS = ("what", "why", "how", "when", "where", "who", "which")
MARKUP = re.compile(r"\*\*|__|`")


def follow_ups(question: str, cited: list[Source], related: list[Source] | None = None,
               limit: int = MAX_FOLLOW_UPS) -> list[str]:
    """Up to ``limit`` questions from the sources' headings, cited ones first."""
    asked = terms(question)
    out: list[str] = []
    for source in [*cited, *(related or [])]:
        heading = source.section.strip()
        if _already_asked(heading if heading else source.title, asked):
            continue
        text = phrase(heading, source.title)
        if text and text not in out:
            out.append(text)
        if len(out) == limit:
            break
    return out


def phrase(heading: str, title: str) -> str:
    """A heading (and its document's title) as a question someone could ask next."""
    heading, title = heading.strip().rstrip(":"), title.strip()
    if not title:
        return ""
    if not heading or heading == title:
        return f"What are the main points of “{title}”?"
    if heading.endswith("?"):
        return heading
    if heading.split(" ", 1)[0].lower() in WH_WORDS:
        return f"{heading}, according to “{title}”?"
    return f"What does “{title}” say about “{heading}”?"


def _already_asked(heading: str, asked: frozenset[str]) -> bool:
    """True when at least half of the heading's content words are in the question."""
    words = terms(heading)
    return bool(words) and 2 * len(words & asked) >= len(words)


def plain_text(text: str, citations: list[Source]) -> str:
    """An answer with its sources as plain text (no Markdown emphasis), for copying."""
    body = MARKUP.sub("", text).strip()
    if not citations:
        return body
    return body + "\n\nSources:\n" + "\n".join(f"[{c.id}] {c.label}" for c in citations)
