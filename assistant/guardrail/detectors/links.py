"""Spans of links, paths and email addresses in a document: digits inside them are part of
an identifier (a document id, a sheet anchor, a ticket path), not a phone, account or
employee number."""

from __future__ import annotations

import re
from bisect import bisect_right

from assistant.guardrail.detectors.base import Document

_LINK = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+|[\w.%+-]+@[\w.-]+|"
    r"\b(?:[\w-]+\.)+[a-z]{2,24}(?::\d+)?[/?#]\S*|(?<![\w.])/[\w.-]+/\S+",
    re.I,
)
_KEY = "_link_spans"


def link_spans(doc: Document) -> tuple[list[int], list[int]]:
    """Starts and ends of every link-like token (computed once per document)."""
    cached = doc.__dict__.get(_KEY)
    if cached is None:
        view = doc.view
        maybe = "/" in view or "@" in view or "www." in doc.lower
        spans = [m.span() for m in _LINK.finditer(view)] if maybe else []
        cached = ([s for s, _ in spans], [e for _, e in spans])
        doc.__dict__[_KEY] = cached
    return cached


def inside_link(doc: Document, start: int, end: int) -> bool:
    """True when the view span lies inside a link, path or email address."""
    starts, ends = link_spans(doc)
    index = bisect_right(starts, start) - 1
    return index >= 0 and ends[index] >= end
