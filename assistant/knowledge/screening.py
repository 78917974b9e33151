"""Ingestion screening: redact, don't hide.

A document's body and every field that is shown or sent (title, owner, source name, topics;
headings are part of the body) are screened at the ingestion stage. Findings whose action is
"redact" are replaced by placeholders in what is stored and embedded, and the document stays
visible; only findings whose action is "block" (credentials, markings, admin terms by
default) flag it and hold it back for an admin. What was redacted is counted per rule, never
kept as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.guardrail import Finding, Guardrail, ScreenResult, Stage
from assistant.guardrail.policy import Redactor
from assistant.knowledge.metadata import DocumentMeta
from assistant.knowledge.registry import DocumentRecord
from assistant.knowledge.store import StoredChunk

FIELDS = ("title", "owner", "source", "topics")


@dataclass
class Screened:
    """A document as it may be stored: redacted body and fields, block-level flags."""

    text: str
    meta: DocumentMeta
    source: str
    flags: list[str] = field(default_factory=list)
    redactions: dict[str, int] = field(default_factory=dict)  # rule -> spans redacted


def screen_document(
    guardrail: Guardrail | None, text: str, meta: DocumentMeta, source: str,
    actor: str | None = None, front_matter: dict[str, object] | None = None,
) -> Screened:
    """Screen body and fields at ingestion; redact what the policy redacts. The other
    front-matter fields are not stored, but a block-level finding in them ("classification:
    confidential") flags the document."""
    if guardrail is None:
        return Screened(text, meta, source)
    values = {"title": meta.title, "owner": meta.owner, "source": source,
              "topics": ", ".join(meta.topics)}
    header = "\n".join(f"{k}: {v}" for k, v in (front_matter or {}).items()
                       if k not in FIELDS and isinstance(v, str | int | float))
    results = guardrail.screen_many([text, *values.values(), header], Stage.INGESTION,
                                    user=actor)
    flags: set[str] = {f.category for f, a in _pairs(results.pop()) if a == "block"}
    redactor = Redactor()  # one numbering for the whole document
    redactions: Counter[str] = Counter()
    out: list[str] = []
    for value, result in zip([text, *values.values()], results, strict=True):
        flags.update(f.category for f, a in _pairs(result) if a == "block")
        redact = [f for f, a in _pairs(result) if a == "redact"]
        redactions.update(f.rule for f in redact)
        out.append(redactor.apply(value, redact) if redact else value)
    body, title, owner, new_source, topics = out
    update: dict[str, object] = {"title": title, "owner": owner}
    if topics != values["topics"]:
        update["topics"] = [t.strip() for t in topics.split(",") if t.strip()]
    return Screened(body, meta.model_copy(update=update), new_source, sorted(flags),
                    dict(sorted(redactions.items())))


def to_flag(
    guardrail: Guardrail, records: list[DocumentRecord], chunks: Iterable[StoredChunk],
    terms: list[str] | None, actor: str | None,
) -> dict[str, list[str]]:
    """Indexed documents (only those mentioning ``terms`` when given) whose stored chunks or
    fields now have block-level findings they were not flagged for: id -> categories."""
    by_doc: dict[str, list[str]] = {}
    for chunk in chunks:
        by_doc.setdefault(str(chunk.metadata.get("doc_id")), []).append(chunk.text)
    out: dict[str, list[str]] = {}
    for record in records:
        texts = [record.title, record.owner, record.source, *by_doc.get(record.doc_id, [])]
        if terms and not any(guardrail.mentions(texts, terms)):
            continue
        found = blocked_categories(guardrail.screen_many(texts, Stage.INGESTION, user=actor))
        if found and not set(found) <= set(record.flags):
            out[record.doc_id] = found
    return out


def blocked_categories(results: list[ScreenResult]) -> list[str]:
    """Categories of the block-level findings in some screen results."""
    return sorted({f.category for r in results for f, a in _pairs(r) if a == "block"})


def _pairs(result: ScreenResult) -> list[tuple[Finding, str]]:
    return list(zip(result.findings, result.actions, strict=True))
