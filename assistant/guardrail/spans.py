"""Identifier spans: URLs, paths, template tags, UUIDs and commit hashes in a text.

Real documents are full of links and ids that look random or hold digit runs. Generic rules
(high entropy, phone numbers, markings, national ids) do not fire inside such a span unless
it carries a credential: a secret query parameter, ``user:pass@`` or a key word just before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from assistant.guardrail.lazy_regex import lazy_compile

_URL = lazy_compile(
    r"\b(?:[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s<>\"'`|\\{}\[\]]+|"
    r"\b(?:mailto|urn):[^\s<>\"'`]+",  # not tel: (a phone link is a phone number)
    re.I,
)
_PATH = lazy_compile(
    r"\b(?:[\w-]+\.)+[a-z]{2,24}(?::\d+)?/[^\s<>\"'`|\\{}\[\]]*|"  # docs.google.com/d/1x/edit#gid=1
    r"(?<![\w.:/~-])(?:~|\.{1,2})?/(?:[\w.~%+@-]+/)+[\w.~%+@=-]*|"  # /team/projects/x/
    r"(?<![\w./~-])[\w.~%+@-]+(?:/[\w.~%+@-]+)+(?:/|\.[a-z]{1,5}\b)"  # docs/guide/setup.md
)
# a document's file name ("clubhouse-audio-rooms-trend-2024.md"): a name, not a token
_FILE = lazy_compile(r"(?<![\w/.~-])\w[\w.-]*\.(?:md|markdown|txt|pdf|docx?|html?|csv|xlsx?|"
                     r"pptx?|odt|rtf)\b", re.I)
_TEMPLATE = lazy_compile(r"\{%.{0,300}?%\}|\{\{.{0,300}?\}\}")
_UUID = lazy_compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_HEX = lazy_compile(r"[0-9a-f]+")
_HASH_WORDS = lazy_compile(r"(?i)\b(?:commit|sha|sha1|sha-1|revision|rev|hash|merge|cherry-pick|"
                           r"checksum|digest|tag|build|git)\b[^\n]{0,20}$")
_HASH_SIZES = (7, 8, 9, 10, 12, 40)  # git short and full ids
_TRAILING = ".,;:!?)'\""
_BREAKS = " \t\n\r\"'`<>|"
# Query or fragment parameters and URL parts that carry a credential.
_URL_CREDENTIAL = lazy_compile(
    r"(?i)[?&#;/](?:access_token|id_token|refresh_token|auth_token|token|api_?key|apikey|key|"
    r"secret|client_secret|password|passwd|pwd|pass|sig|signature|x-amz-signature|"
    r"x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|"
    r"awsaccesskeyid|code|session|sessionid|auth)=[^&\s#]{6,}|"
    r"://[^/\s:@]+:[^/\s@]+@"
)
_KEY_BEFORE = lazy_compile(r"(?i)\b(?:key|token|secret|password|passwd|credential|auth|bearer|"
                           r"session|signature|sig)\w*\W{0,3}(?:is\W{0,3})?$")


@dataclass(frozen=True)
class Identifier:
    """One identifier span (view offsets) and whether it carries a credential."""

    start: int
    end: int
    kind: str
    credential: bool


class Identifiers:
    """The identifier spans of a view, with an O(log n) containment check."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.spans = find_identifiers(view)
        self._starts = [s.start for s in self.spans]

    def covering(self, start: int, end: int) -> Identifier | None:
        """The identifier span that contains [start, end), if any. Spans are not nested and
        their ends grow with their starts, so the last span starting at or before ``start``
        is the only candidate."""
        index = bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        span = self.spans[index]
        return span if end <= span.end else None

    def plain(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside a link, path or tag, or is a UUID or a named
        commit hash, that carries no credential."""
        span = self.covering(start, end) or self._token_id(start, end)
        return span is not None and not span.credential

    def _token_id(self, start: int, end: int) -> Identifier | None:
        """The word around the span when it is a UUID or a commit hash (checked on demand)."""
        view = self.view
        while start > 0 and (view[start - 1].isalnum() or view[start - 1] == "-"):
            start -= 1
        while end < len(view) and (view[end].isalnum() or view[end] == "-"):
            end += 1
        token = view[start:end]
        if _UUID.fullmatch(token):
            return Identifier(start, end, "uuid", _keyed(view, start))
        named = _HASH_WORDS.search(view, max(0, start - 60), start)
        if (_HEX.fullmatch(token) and len(token) in _HASH_SIZES and named
                and not (token.isdigit() or token.isalpha())):
            return Identifier(start, end, "hash", _keyed(view, start))
        return None


def find_identifiers(view: str) -> list[Identifier]:
    """Link, path and template spans sorted by start (UUIDs and hashes are checked on
    demand). Each regex runs only on the words around its anchor ("://", "/", ...), so a
    text without links costs a few substring searches."""
    spans: list[Identifier] = []
    for left, right in _windows(view, ("://", "www.", "mailto:", "urn:")):
        for match in _URL.finditer(view, left, right):
            start, end = match.start(), _trim(view, match.start(), match.end())
            spans.append(Identifier(start, end, "url", _URL_CREDENTIAL.search(view, start, end)
                                    is not None))
    if "." in view:
        for match in _FILE.finditer(view):
            spans.append(Identifier(*match.span(), "file", _keyed(view, match.start())))
    if "{%" in view or "{{" in view:
        for match in _TEMPLATE.finditer(view):
            spans.append(Identifier(*match.span(), "template", _URL_CREDENTIAL.search(
                match.group(0)) is not None))
    for left, right in _windows(view, ("/",)):
        for match in _PATH.finditer(view, left, right):
            if re.search(r"[A-Za-z]", match.group(0)):
                start, end = match.start(), _trim(view, match.start(), match.end())
                credential = _URL_CREDENTIAL.search(view, start, end) is not None
                spans.append(Identifier(start, end, "path", credential or _keyed(view, start)))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Identifier] = []
    for span in spans:  # a path inside a template tag or a link is part of it
        if kept and span.end <= kept[-1].end:
            continue
        kept.append(span)
    return kept


def _windows(view: str, anchors: tuple[str, ...]) -> list[tuple[int, int]]:
    """Bounds of the whitespace-delimited words holding an anchor, merged, in order."""
    out: list[tuple[int, int]] = []
    for anchor in anchors:
        pos = view.find(anchor)
        while pos != -1:
            left = max(view.rfind(c, max(0, pos - 500), pos) for c in _BREAKS) + 1
            right = min((i for i in (view.find(c, pos) for c in _BREAKS) if i != -1),
                        default=len(view))
            out.append((left, right))
            pos = view.find(anchor, right)
    out.sort()
    merged: list[tuple[int, int]] = []
    for left, right in out:
        if merged and left <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return merged


def _keyed(view: str, start: int) -> bool:
    """A key word right before the value: "token: <uuid>" is a credential, not an id."""
    return _KEY_BEFORE.search(view, max(0, start - 30), start) is not None


def _trim(view: str, start: int, end: int) -> int:
    """Drop sentence punctuation after a link ("see https://x.org/a.")."""
    while end > start and view[end - 1] in _TRAILING:
        if view[end - 1] == ")" and view.count("(", start, end) >= view.count(")", start, end):
            break
        end -= 1
    return end
