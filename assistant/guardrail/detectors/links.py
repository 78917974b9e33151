"""Digits inside a link, path, id or email address are part of an identifier (a document
id, a sheet anchor, a ticket path), not a phone, account or employee number."""

from __future__ import annotations

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.lazy_regex import lazy_compile

_EMAIL = lazy_compile(r"[\w.%+-]+@[\w.-]+")


def inside_link(doc: Document, start: int, end: int) -> bool:
    """True when the view span lies inside a link, path, id or email address (whether or not
    the link carries a credential: its digits are never a phone or an account number)."""
    if doc.identifiers.covering(start, end) is not None:
        return True
    if "@" not in doc.view:
        return False
    left = doc.view.rfind(" ", 0, start) + 1
    token = _EMAIL.search(doc.view, left, max(end, left) + 80)
    return token is not None and token.start() <= start and end <= token.end()
