"""Where a confidentiality marking sits: a label applied to the text, or prose about markings.

A label marks the text it is in: a line that opens with the marking (a banner, "CONFIDENTIAL -
Q3 board pack", "For internal use only: ..."), a tag that closes a line ("Acme | Internal use
only", "Q3 plan (Confidential)"), the value of a field ("Classification: Restricted"), a
marking on the first or last line, or a statement about this very text ("This deck is strictly
confidential", "keep this between us"). Prose talks about markings: the same words inside a
sentence about other things, under a modal, a condition or a generic subject ("documents
should be shared on a need-to-know basis", "if you find a key, do not post it", "our OKRs
are internal-only"), in a section heading that names a topic ("## Not public"), in a table
cell or a definition ("Confidential: information that could harm ..."), or in a link text.
"""

from __future__ import annotations

import re

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.lazy_regex import lazy_compile

# Markdown and list decoration before a line's words: bullets, numbers, quotes, emphasis.
_DECORATION = lazy_compile(r"^[\s#>*_|\[(•·+-]*(?:\d{1,3}[.)]\s+)?[\s*_\[(]*")
_LEAD_IN = lazy_compile(r"^(?:fyi|heads[\s-]?up|psst|btw|note|ps|re|fw|fwd)\W{0,3}\s*", re.I)
_SENTENCE_START = lazy_compile(r"[.!?]\s+[\s*_\[(]*$")
# A separator between a title and a tag: " | ", " - ", " / ", "(", "[" (not "GitLab-internal").
_TAG_BEFORE = lazy_compile(r"(?:\s[|/:•·-]|[(\[])[\s*_]*$")
_TAG_AFTER = lazy_compile(r"^[\s*_)\].!]*$")
_SEPARATOR_AFTER = lazy_compile(r"^[\s*_)\]]*(?:[:|-]|,\s*but\b|$)")
_FIELD_KEY = lazy_compile(
    r"(?:classification|sensitivity|confidentiality|security|protective\s+marking|marking|"
    r"label|handling|distribution|status)\s*[:=]\s*$", re.I)
# What follows "Confidential:" in a list of levels defines the level, it does not mark content.
_DEFINITION = lazy_compile(
    r"^[\s*_)\]]*[:|-]+\s*(?:\*\*|__)?\s*(?:an?\s+|the\s+)?(?:information|data|documents?|content|"
    r"material|anything|things|items|files|records|means|refers|applies|is|are|for\s+(?:things"
    r"|information|data|documents|content|material|anything)|used|should|must|can|may|only\s+"
    r"(?:for|shared|visible)|default|highest|lowest|most|least|level|label|classification|"
    r"category|marking)\b", re.I)
_CLAUSE_END = lazy_compile(r"[.;:!?\n]|\s[-|]\s")
# A policy, a condition, a generic subject or a relative clause before the marking: prose.
_PROSE = lazy_compile(
    r"\b(?:if|when|whenever|unless|whether|once|should|must|shall|may|might|could|would|"
    r"ought|needs?\s+to|has\s+to|have\s+to|any|anything|all|every|each|whatever|such\s+as|"
    r"e\.g|for\s+example|marked|labell?ed|classified|considered|treated|deemed|called|known\s+as|"
    r"means|defined|due\s+to|purpose\s+of|example|examples)\b|\b\w+\s+(?:that|which)\s+"
    r"(?:is|are|was|were)\s+(?:\w+\s+)?$", re.I)
# "This memo is", "everything in this deck is": the text itself is the subject.
_DEICTIC = lazy_compile(
    r"\b(?:this|these|it|everything|all\s+of\s+this|here)\b[^.;:!?\n]{0,60}?\b(?:is|are|was|"
    r"remains?|stays?)\s+(?:\w+\s+){0,2}$|\b(?:it|this|that)'s\s+(?:\w+\s+){0,2}$", re.I)
_LETTERS = lazy_compile(r"[A-Za-z]")


def trim(view: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces, newlines and decoration a pattern took in at its edges."""
    while start < end and not view[start].isalnum():
        start += 1
    while end > start and not view[end - 1].isalnum():
        end -= 1
    return start, end


def _line(view: str, start: int, end: int) -> tuple[int, int]:
    left = view.rfind("\n", 0, start) + 1
    right = view.find("\n", end)
    return left, len(view) if right < 0 else right


def _edge_line(view: str, left: int, right: int) -> bool:
    """True when the line is the first or last line with words in it."""
    return not view[:left].strip() or not view[right:].strip()


def _upper(text: str) -> bool:
    letters = _LETTERS.findall(text)
    return bool(letters) and all(c.isupper() for c in letters)


def clause_before(view: str, start: int) -> str:
    """The text from the start of the clause (sentence, line or dash) up to ``start``."""
    head = view[max(0, start - 200) : start]
    ends = list(_CLAUSE_END.finditer(head))
    return head[ends[-1].end() :] if ends else head


def is_label(doc: Document, start: int, end: int, statement: bool = False) -> bool:
    """True when the marking at view span [start, end) labels the text it is in.

    ``statement``: the match says that something is secret ("the deal is not public yet") or
    asks for secrecy ("don't forward this"); it labels unless the clause reads as policy."""
    view = doc.view
    start, end = trim(view, start, end)
    if start >= end:
        return False
    left, right = _line(view, start, end)
    line = view[left:right]
    before, after = view[left:start], view[end:right]
    if _link_text(after, before) or (line.lstrip().startswith("|") and "|" in after):
        return False  # a markdown link's text or a table cell
    if _FIELD_KEY.search(before) and not _PROSE.search(before):
        return True  # "Classification: Restricted"
    lead = _LEAD_IN.sub("", before[_DECORATION.match(before).end() :])  # type: ignore[union-attr]
    heading = line.lstrip().startswith("#")
    if not lead.strip() and not _DEFINITION.match(after):
        if heading:  # a section heading names a topic; the title or a banner marks the text
            return _upper(view[start:end]) or not view[:left].strip()
        return True
    if _SENTENCE_START.search(before) and _SEPARATOR_AFTER.match(after):
        return not _DEFINITION.match(after)
    if _TAG_BEFORE.search(before) and _TAG_AFTER.match(after):
        return True  # "Acme | Confidential", "Q3 plan (Confidential)"
    clause = clause_before(view, start)
    if _PROSE.search(clause):
        return False
    if statement or _DEICTIC.search(clause):
        return True
    return _edge_line(view, left, right) and len(line.strip()) <= 120


def _link_text(after: str, before: str) -> bool:
    return bool(re.match(r"^[\s*_]*\]\(", after)) and "[" in before
