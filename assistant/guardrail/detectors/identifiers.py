"""Identifier spans: URLs, paths, template tags, UUIDs and commit hashes in a text.

Real documents are full of links and ids that look random or hold digit runs. Generic rules
(high entropy, phone numbers, markings, national ids) do not fire inside such a span unless
it carries a credential: a secret query parameter, ``user:pass@`` or a key word just before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_URL = re.compile(
    r"\b(?:[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s<>\"'`|\\{}\[\]]+|"
    r"\b(?:mailto|urn):[^\s<>\"'`]+",  # not tel: (a phone link is a phone number)
    re.I,
)
_PATH = re.compile(
    r"(?<![\w.:/~-])(?:~|\.{1,2})?/(?:[\w.~%+@-]+/)+[\w.~%+@=-]*|"  # /team/projects/x/
    r"(?<![\w./~-])[\w.~%+@-]+(?:/[\w.~%+@-]+)+(?:/|\.[a-z]{1,5}\b)"  # docs/guide/setup.md
)
_TEMPLATE = re.compile(r"\{%.{0,300}?%\}|\{\{.{0,300}?\}\}")
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_HASH = re.compile(r"(?<![\w-])[0-9a-f]{7,40}(?![\w-])")
_HASH_WORDS = re.compile(r"(?i)\b(?:commit|sha|sha1|sha-1|revision|rev|hash|merge|cherry-pick|"
                         r"checksum|digest|tag|build|git)\b[^\n]{0,20}$")
_TRAILING = ".,;:!?)'\""
# Query or fragment parameters and URL parts that carry a credential.
_URL_CREDENTIAL = re.compile(
    r"(?i)[?&#;/](?:access_token|id_token|refresh_token|auth_token|token|api_?key|apikey|key|"
    r"secret|client_secret|password|passwd|pwd|pass|sig|signature|x-amz-signature|"
    r"x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|"
    r"awsaccesskeyid|code|session|sessionid|auth)=[^&\s#]{6,}|"
    r"://[^/\s:@]+:[^/\s@]+@"
)
_KEY_BEFORE = re.compile(r"(?i)\b(?:key|token|secret|password|passwd|credential|auth|bearer|"
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
        """True when [start, end) lies inside an identifier that carries no credential."""
        span = self.covering(start, end)
        return span is not None and not span.credential


def find_identifiers(view: str) -> list[Identifier]:
    """Identifier spans sorted by start."""
    spans: list[Identifier] = []
    for match in _URL.finditer(view):
        start, end = match.start(), _trim(view, match.start(), match.end())
        spans.append(Identifier(start, end, "url", _URL_CREDENTIAL.search(view, start, end)
                                is not None))
    for match in _TEMPLATE.finditer(view):
        spans.append(Identifier(*match.span(), "template", _URL_CREDENTIAL.search(
            match.group(0)) is not None))
    if "/" in view:
        for match in _PATH.finditer(view):
            if re.search(r"[A-Za-z]", match.group(0)):
                start, end = match.start(), _trim(view, match.start(), match.end())
                credential = _URL_CREDENTIAL.search(view, start, end) is not None
                spans.append(Identifier(start, end, "path", credential or _keyed(view, start)))
    for match in _UUID.finditer(view):
        spans.append(Identifier(*match.span(), "uuid", _keyed(view, match.start())))
    for match in _HASH.finditer(view):
        value = match.group(0)
        if len(value) in (7, 8, 9, 10, 12, 40) and not value.isdigit() and not value.isalpha() and (
            _HASH_WORDS.search(view, max(0, match.start() - 60), match.start())
        ):
            spans.append(Identifier(*match.span(), "hash", _keyed(view, match.start())))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Identifier] = []
    for span in spans:  # a path inside a template tag or a link is part of it
        if kept and span.end <= kept[-1].end:
            continue
        kept.append(span)
    return kept


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
