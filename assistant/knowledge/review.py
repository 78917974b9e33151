"""Why a document is held back, and approving it anyway.

A flagged document's stored chunks keep their block-level spans (only redact-level ones were
replaced at ingestion), so the reasons are found again by scanning them: which chunk, which
rule, where. Nothing here shows a secret: every span is masked in the excerpt except a
confidentiality marking, which is a label ("do not post it"), not content.

Approving anyway redacts those spans in the chunks (as ingestion redacts personal data), makes
the document visible and writes one audit row: who, when, which rules, under the document id.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, cast

from assistant.guardrail import Finding, Stage
from assistant.guardrail.audit import AuditEntry
from assistant.guardrail.policy import Redactor, action_for
from assistant.knowledge.chunking import chunk_input
from assistant.knowledge.registry import DocumentRecord, DocumentRedactions
from assistant.knowledge.store import StoredChunk
from assistant.knowledge.tables import bump_generation

if TYPE_CHECKING:
    from assistant.knowledge.base import KnowledgeBase

SHOWN_RULES = frozenset({"confidential.marking"})  # a marking is a label, safe to show
CONTEXT_CHARS = 40  # excerpt characters kept on each side of a span
FIELDS = ("title", "owner", "source", "topics")
OVERRIDE = "override"


@dataclass(frozen=True)
class HeldFinding:
    """One block-level span: where it is (chunk or field, character offsets), what rule."""

    where: str  # "chunk 3" or a field name ("title")
    chunk: int | None
    section: str
    start: int
    end: int
    category: str
    rule: str
    reason: str
    excerpt: str  # the text around the span, the span (and any other finding) masked

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Override:
    """A past "approve anyway": who, when (ISO time), which rules."""

    time: str
    user: str
    rules: list[str]


@dataclass
class FlagReport:
    """Why a document is held back, and past overrides of it."""

    doc_id: str
    title: str
    source: str
    uploaded: bool
    flags: list[str]
    findings: list[HeldFinding] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.flags)

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "source": self.source,
                "uploaded": self.uploaded, "held": self.held, "flags": self.flags,
                "findings": [f.as_dict() for f in self.findings],
                "overrides": [asdict(o) for o in self.overrides]}


def explain(kb: KnowledgeBase, doc_id: str) -> FlagReport:
    """The block-level findings in a document's stored chunks and fields (no audit row)."""
    record = kb.require(doc_id)
    found = _scan(kb, record, kb.store.doc_chunks(doc_id))
    findings = [_held(text, f, where, chunk, section, every)
                for where, chunk, section, text, blocked, every in found for f in blocked]
    overrides = kb.guardrail.audit.search(subject=doc_id, limit=20) if kb.guardrail else []
    return FlagReport(doc_id, record.title, record.source, record.origin == "upload",
                      record.flags, findings,
                      [Override(str(o["time"]), str(o["user"] or ""),
                                cast(list[str], o["rules"]))
                       for o in overrides if o["action"] == OVERRIDE])


def approve_anyway(kb: KnowledgeBase, doc_id: str, actor: str | None) -> FlagReport:
    """Redact the block-level spans, approve the document and audit the override.
    Returns what was overridden."""
    record = kb.require(doc_id)
    report = explain(kb, doc_id)
    chunks = kb.store.doc_chunks(doc_id)
    found = _scan(kb, record, chunks)
    redactor = Redactor()
    fields = {w: redactor.apply(text, blocked) for w, _, _, text, blocked, _ in found
              if w in FIELDS and blocked}
    title = fields.get("title", record.title)
    by_chunk = {c: blocked for w, c, _, _, blocked, _ in found if c is not None and blocked}
    changed = [_redacted(c, by_chunk.get(_index(c)), redactor, fields)
               for c in chunks if _index(c) in by_chunk or fields]
    if changed:  # still hidden until the record says approved; then visibility follows
        kb.store.upsert(changed, kb.embedder.embed(
            [chunk_input(title, str(c.metadata.get("section") or ""), c.text)
             for c in changed]))
    with kb.db.session() as session:
        row = session.get(DocumentRecord, doc_id)
        assert row is not None
        row.status, row.flags_json = "approved", "[]"
        row.title, row.owner = title, fields.get("owner", row.owner)
        row.source = fields.get("source", row.source)
        if "topics" in fields:
            row.topics_json = json.dumps(_topics(fields["topics"]))
        counts = session.get(DocumentRedactions, doc_id) or DocumentRedactions(
            doc_id=doc_id, rules_json="{}")
        rules = counts.rules
        for finding in report.findings:
            rules[finding.rule] = rules.get(finding.rule, 0) + 1
        counts.rules_json = json.dumps(dict(sorted(rules.items())))
        session.merge(counts)
        bump_generation(session)
    kb.store.set_visibility(doc_id, "approved", flagged=False)
    with kb.db.session() as session:  # the store changed after that bump: a reader that
        bump_generation(session)  # copied it in between must not keep the copy (snapshot.py)
    _audit(kb, doc_id, actor, report, found)
    kb.on_change()
    return report


# ---- internals ------------------------------------------------------------------------------

Scanned = tuple[str, int | None, str, str, list[Finding], list[Finding]]


def _scan(kb: KnowledgeBase, record: DocumentRecord, chunks: list[StoredChunk]
          ) -> list[Scanned]:
    """(where, chunk, section, text, block-level findings, all findings) per field and chunk."""
    guardrail = kb.guardrail
    if guardrail is None:
        return []
    values = {"title": record.title, "owner": record.owner, "source": record.source,
              "topics": ", ".join(record.topics)}
    parts: list[tuple[str, int | None, str, str]] = [
        (name, None, "", text) for name, text in values.items() if text]
    parts += [(f"chunk {_index(c)}", _index(c),
               str(c.metadata.get("section") or ""), c.text) for c in chunks]
    out = []
    for where, chunk, section, text in parts:
        every = guardrail.scan(text, Stage.INGESTION)
        blocked = [f for f in every
                   if action_for(f, guardrail.settings, Stage.INGESTION) == "block"]
        out.append((where, chunk, section, text, blocked, every))
    return out


def _held(text: str, finding: Finding, where: str, chunk: int | None, section: str,
          every: list[Finding]) -> HeldFinding:
    return HeldFinding(where, chunk, section, finding.start, finding.end, finding.category,
                       finding.rule, finding.reason, masked_excerpt(text, finding, every))


def masked_excerpt(text: str, finding: Finding, every: list[Finding]) -> str:
    """The text around ``finding`` with it and every other finding in view masked (a marking
    is shown), cut at word boundaries and on one line."""
    start = max(0, finding.start - CONTEXT_CHARS)
    end = min(len(text), finding.end + CONTEXT_CHARS)
    if start > 0 and " " in text[start:finding.start]:
        start = text.index(" ", start, finding.start) + 1
    if end < len(text) and " " in text[finding.end:end]:
        end = text.rindex(" ", finding.end, end)
    parts, last = [], start
    for f in sorted(every, key=lambda f: (f.start, -f.end)):
        if f.end <= start or f.start >= end or f.start < last:
            continue
        shown = f is finding and f.rule in SHOWN_RULES
        parts += [text[last:f.start], f"«{text[f.start:f.end]}»" if shown else f"[{f.label}]"]
        last = min(f.end, end)
    parts.append(text[last:end])
    body = " ".join("".join(parts).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _redacted(chunk: StoredChunk, blocked: list[Finding] | None, redactor: Redactor,
              fields: dict[str, str]) -> StoredChunk:
    text = redactor.apply(chunk.text, blocked) if blocked else chunk.text
    meta = dict(chunk.metadata)
    meta.update({k: fields[k] for k in ("title", "source") if k in fields})
    if "topics" in fields:
        meta["topics"] = ",".join(_topics(fields["topics"]))
    return StoredChunk(chunk.id, text, meta)


def _index(chunk: StoredChunk) -> int:
    return int(chunk.metadata.get("chunk", -1))


def _topics(joined: str) -> list[str]:
    return [t.strip() for t in joined.split(",") if t.strip()]


def _audit(kb: KnowledgeBase, doc_id: str, actor: str | None, report: FlagReport,
           found: list[Scanned]) -> None:
    if kb.guardrail is None:
        return
    log = kb.guardrail.audit
    hashes = [log.digest(text[f.start:f.end]) for _, _, _, text, blocked, _ in found
              for f in blocked]
    categories = sorted({f.category for f in report.findings} | set(report.flags))
    log.record([AuditEntry(str(Stage.INGESTION), actor, OVERRIDE, categories,
                           sorted({f.rule for f in report.findings}), hashes, subject=doc_id)])
