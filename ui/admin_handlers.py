"""The admin tab's handlers as plain methods: each checks the admin role, calls a service and
turns its answer into component values. `build_admin_tab` only lays them out.

Tests call them in-process with a signed-in `gr.Request` (no server).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any, cast

import gradio as gr

from assistant.guardrail.policy import CATEGORY_NAMES
from assistant.knowledge.base import KnowledgeError
from assistant.knowledge.registry import DocumentRecord
from assistant.knowledge.review import FlagReport
from assistant.operations.usage import usage_report
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access

KB_COLUMNS = ["id", "title", "kind", "status", "visible", "owner", "valid until", "chunks",
              "guardrail flags"]
AUDIT_COLUMNS = ["time", "stage", "user", "action", "categories", "rules", "document"]
USER_COLUMNS = ["name", "role"]
STAGES = ["", "input", "context", "ingestion", "output"]
CATEGORIES = ["", *CATEGORY_NAMES]
PICK = "Pick a document in the list (or click its row in the table) first."
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


class AdminHandlers:
    """Every admin handler; the first thing each does is check the caller is an admin."""

    def __init__(self, services: Services, access: Access) -> None:
        self.services = services
        self.access = access
        self.kb = services.kb

    def admin(self, request: gr.Request | None) -> str:
        return self.access.require(request, Role.ADMIN)

    # ---- lists, refreshed after every change ------------------------------------------------

    def kb_table(self, request: gr.Request) -> list[list[Any]]:
        self.admin(request)
        return kb_rows(self.kb.documents())

    def admin_lists(self, stage: str, category: str, user: str, since: str,
                    request: gr.Request) -> tuple[Any, ...]:
        """Everything a change may have changed: document cards and picker, terms, audit log,
        users and usage (the documents table comes with each change's own answer)."""
        self.admin(request)
        docs = self.kb.documents()
        return (doc_cards(docs), gr.Dropdown(choices=doc_options(docs)), self._term_rows(),
                self._audit_rows(stage, category, user, since), self._user_rows(),
                self._user_filter(), self._usage_md())

    def kb_pick(self, request: gr.Request) -> tuple[str, gr.Row, str]:
        """A new pick clears the last document's review, so an override never hits the wrong
        document."""
        self.admin(request)
        return "", gr.Row(visible=False), ""

    def kb_select(self, event: gr.EventData, request: gr.Request) -> str:
        """A click on a table row picks that row's document."""
        self.admin(request)
        row = (getattr(event, "_data", None) or {}).get("row_value") or []
        known = {r.doc_id for r in self.kb.documents()}
        if not row or str(row[0]) not in known:
            raise gr.Error("That row is not a document any more; the list was refreshed.")
        return str(row[0])

    # ---- knowledge base -----------------------------------------------------------------------

    def kb_upload(self, files: list[str] | None, kind: str, topics: str, status: str,
                  valid_until: str, owner: str, request: gr.Request,
                  progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[Any]]]:
        user = self.admin(request)
        if not files:
            raise gr.Error("Choose one or more files to upload.")
        lines = []
        for path in progress.tqdm(files, desc="Indexing uploads"):
            name = Path(path).name
            try:
                record = self.kb.add(Path(path), {"kind": kind, "topics": topics,
                                                  "status": status,
                                                  "valid_until": valid_until or None,
                                                  "owner": owner}, actor=user)
            except KnowledgeError as exc:
                lines.append(f"- **{escape_md(name)}**: not indexed: {escape_md(str(exc))}")
                continue
            held = (f"; **held back by the guardrail** ({_categories(record.flags)}): pick it "
                    "and press **Why flagged?**" if record.flags else "")
            lines.append(f"- **{escape_md(name)}** → `{record.doc_id}`, {record.chunks} "
                         f"chunks, {record.status}{held}")
        return "\n".join(lines), kb_rows(self.kb.documents())

    def kb_approve(self, doc: str | None, request: gr.Request) -> tuple[str, list[list[Any]]]:
        return self._lifecycle("approve", doc, request)

    def kb_retire(self, doc: str | None, request: gr.Request) -> tuple[str, list[list[Any]]]:
        return self._lifecycle("retire", doc, request)

    def kb_remove(self, doc: str | None, request: gr.Request) -> tuple[str, list[list[Any]]]:
        return self._lifecycle("remove", doc, request)

    def _lifecycle(self, action: str, doc: str | None, request: gr.Request
                   ) -> tuple[str, list[list[Any]]]:
        self.admin(request)
        record = self._record(doc)
        if action == "approve" and record.flags:
            raise gr.Error(f"“{record.title}” is held back by the guardrail "
                           f"({_categories(record.flags)}). Press **Why flagged?** to see "
                           "where, then approve it anyway or edit and re-upload it.")
        getattr(self.kb, action)(record.doc_id)
        after = {"approve": "mentors and executives can see it now",
                 "retire": "it is hidden from mentors and executives",
                 "remove": "its chunks are deleted"}[action]
        past = {"approve": "approved", "retire": "retired", "remove": "removed"}[action]
        return (f"Done: {past} `{record.doc_id}` ({escape_md(record.title)}); {after}.",
                kb_rows(self.kb.documents()))

    def kb_resync(self, request: gr.Request, progress: gr.Progress = gr.Progress()
                  ) -> tuple[str, list[list[Any]]]:
        self.admin(request)
        report = self.kb.sync(self.services.settings.knowledge_dir,
                              progress=lambda done, total, name: progress((done, total),
                                                                          desc=name))
        text = (f"Added {len(report.added)}, updated {len(report.updated)}, removed "
                f"{len(report.removed)}, unchanged {len(report.unchanged)}.")
        text += "".join(f"\n- skipped **{escape_md(n)}**: {escape_md(why)}"
                        for n, why in report.errors.items())
        text += "".join(f"\n- held back **{d}**: {_categories(c)} (pick it and press **Why "
                        "flagged?**)" for d, c in report.flagged.items())
        return text, kb_rows(self.kb.documents())

    def kb_preview(self, doc: str | None, request: gr.Request) -> str:
        self.admin(request)
        record = self._record(doc)
        chunks = self.kb.chunks(record.doc_id)
        redacted = ", ".join(f"{rule} ×{n}" for rule, n in
                             self.kb.redactions(record.doc_id).items())
        head = f"*Redacted at ingestion: {redacted}*\n\n" if redacted else ""
        return head + (safe_markdown("\n\n".join(
            f"**{c.metadata.get('chunk')}. {c.metadata.get('section') or '(no heading)'}**"
            f"\n\n{c.text}" for c in chunks
        )) or "No chunks.")

    def kb_why(self, doc: str | None, request: gr.Request) -> tuple[str, gr.Row]:
        """Where the guardrail found what held the document back; the override row shows
        only for a held-back document."""
        self.admin(request)
        record = self._record(doc)
        report = self.kb.why(record.doc_id)
        return why_markdown(report), gr.Row(visible=report.held)

    def kb_override(self, doc: str | None, request: gr.Request
                    ) -> tuple[str, list[list[Any]], str, gr.Row]:
        """Approve anyway: the flagged spans are redacted and the override is audited."""
        user = self.admin(request)
        record = self._record(doc)
        if not record.flags:
            raise gr.Error(f"“{record.title}” is not held back; use **Approve** instead.")
        self.kb.approve(record.doc_id, actor=user, override=True)
        report = self.kb.why(record.doc_id)
        return (f"Done: approved `{record.doc_id}` anyway; the flagged passages are redacted "
                "in its chunks and the override is in the audit log.",
                kb_rows(self.kb.documents()), why_markdown(report), gr.Row(visible=False))

    def kb_reupload(self, doc: str | None, request: gr.Request) -> tuple[Any, ...]:
        """Open the upload form with the document's details, and say what to edit."""
        self.admin(request)
        record = self._record(doc)
        if record.origin != "upload":
            note = (f"“{escape_md(record.title)}” comes from the knowledge folder "
                    f"(`{escape_md(record.source)}`): edit that file, remove the flagged "
                    "passages, then press **Re-sync knowledge folder**.")
            return note, gr.Accordion(open=False), *(gr.skip(),) * 5
        note = (f"Edit your copy of **{escape_md(record.source)}**: remove or reword the "
                "passages listed above, then upload it below under the same file name. The "
                "new version replaces this one and is screened again.")
        valid = record.valid_until.isoformat() if record.valid_until else ""
        return (note, gr.Accordion(open=True), record.kind, ", ".join(record.topics),
                record.status if record.status != "retired" else "draft", valid, record.owner)

    # ---- confidential terms ---------------------------------------------------------------

    def terms_list(self, request: gr.Request) -> list[list[str]]:
        self.admin(request)
        return self._term_rows()

    def terms_add(self, term: str, request: gr.Request) -> tuple[str, list[list[str]]]:
        user = self.admin(request)
        if not term.strip():
            raise gr.Error("Type the term to add, for example a project codename.")
        added = self.services.guardrail.terms.add(term, user=user)
        note = ("Added; it applies to new requests now, and indexed documents that mention it "
                "are held back for review." if added else "That term is already listed.")
        return note, self._term_rows()

    def terms_remove(self, term: str, request: gr.Request) -> tuple[str, list[list[str]]]:
        self.admin(request)
        if not term.strip():
            raise gr.Error("Pick the term to remove in the list, or click its row.")
        removed = self.services.guardrail.terms.remove(term)
        return ("Removed." if removed else "That term is not in the list."), self._term_rows()

    def term_select(self, event: gr.EventData, request: gr.Request) -> str:
        """A click on a term's row puts it in the picker, ready to remove."""
        self.admin(request)
        row = (getattr(event, "_data", None) or {}).get("row_value") or []
        return str(row[0]) if row else ""

    def clear_term(self, request: gr.Request) -> str:
        """Empties the term box once the term was added or removed."""
        self.admin(request)
        return ""

    # ---- audit and usage ------------------------------------------------------------------

    def audit(self, stage: str, category: str, user: str, since: str, request: gr.Request
              ) -> list[list[Any]]:
        self.admin(request)
        return self._audit_rows(stage, category, user, since)

    def usage(self, request: gr.Request) -> str:
        self.admin(request)
        return self._usage_md()

    def initial(self, request: gr.Request) -> tuple[Any, ...]:
        """The tab's lists at page load, for admins only (others get nothing)."""
        if self.access.users.role_of(getattr(request, "username", None)) != Role.ADMIN:
            return (gr.skip(),) * 8
        return (kb_rows(self.kb.documents()),
                *self.admin_lists("", "", "", "", request))

    # ---- internals ------------------------------------------------------------------------

    def _record(self, doc: str | None) -> DocumentRecord:
        if not doc:
            raise gr.Error(PICK)
        record = self.kb.get(doc)
        if record is None:
            raise gr.Error("That document is not in the knowledge base any more (another "
                           "admin may have removed it); the list was refreshed.")
        return record

    def _term_rows(self) -> list[list[str]]:
        return [[t] for t in self.services.guardrail.terms.list()]

    def _audit_rows(self, stage: str, category: str, user: str, since: str
                    ) -> list[list[Any]]:
        try:
            since_date = dt.date.fromisoformat(since.strip()) if since and since.strip() else None
        except ValueError:
            raise gr.Error(f"“{since}” is not a date: write it as YYYY-MM-DD, for example "
                           f"{dt.date.today().replace(day=1).isoformat()}.") from None
        rows = self.services.guardrail.audit.search(
            stage=stage or None, category=(category or "").strip() or None,
            user=(user or "").strip() or None, since=since_date, limit=500)
        return [[r["time"], r["stage"], r["user"] or "", r["action"],
                 ", ".join(cast(list[str], r["categories"])),
                 ", ".join(cast(list[str], r["rules"])), r["subject"] or ""] for r in rows]

    def _user_rows(self) -> list[list[str]]:
        return [[name, role.value] for name, role in self.services.users.list()]

    def _user_filter(self) -> gr.Dropdown:
        return gr.Dropdown(choices=["", *(n for n, _ in self.services.users.list())])

    def _usage_md(self) -> str:
        return "\n".join(f"- {escape_md(line)}" for line in usage_report(self.services).lines())


# ---- renderings (pure functions of service data) --------------------------------------------


def review_first(records: list[DocumentRecord]) -> list[DocumentRecord]:
    """Held-back documents first (they wait for an admin), then the rest, by id."""
    return sorted(records, key=lambda r: (not r.flags, r.doc_id))


def kb_rows(records: list[DocumentRecord]) -> list[list[Any]]:
    return [
        [r.doc_id, r.title, r.kind, r.status, "yes" if r.is_visible() else "no", r.owner,
         r.valid_until.isoformat() if r.valid_until else "", r.chunks, ", ".join(r.flags)]
        for r in review_first(records)
    ]


def doc_options(records: list[DocumentRecord]) -> list[tuple[str, str]]:
    """The document picker's choices: title, id and state (held-back ones marked)."""
    return [(f"{r.title} · {r.doc_id} · {_state(r)}", r.doc_id) for r in review_first(records)]


def doc_cards(records: list[DocumentRecord]) -> str:
    """The documents as a card list, for phones (the table shows on wider screens)."""
    cards = "".join(
        f'<li class="kb-card"><strong>{html.escape(r.title)}</strong>'
        f'<span class="kb-card-id">{html.escape(r.doc_id)}</span>'
        f"<span>{html.escape(r.kind)} · {html.escape(_state(r))} · {r.chunks} chunks"
        + (f" · until {r.valid_until.isoformat()}" if r.valid_until else "") + "</span></li>"
        for r in review_first(records))
    return f'<ul class="kb-cards" aria-label="Documents">{cards}</ul>' if cards else (
        "<p>No documents yet.</p>")


def why_markdown(report: FlagReport) -> str:
    """Where each held-back span is, with its rule and a masked excerpt; never the secret."""
    title = escape_md(report.title)
    if not report.held:
        lines = [f"**{title}** is not held back by the guardrail."]
    elif not report.findings:
        lines = [f"**{title}** was held back for {_categories(report.flags)}, but no passage "
                 "is flagged by today's rules (a term may have been removed). You may approve "
                 "it anyway."]
    else:
        lines = [f"**{title}** is held back: {len(report.findings)} passage(s) must never be "
                 "shown as they are. Secrets are masked below.", ""]
        for f in report.findings:
            place = f"{f.where}" + (f", section “{escape_md(f.section)}”" if f.section else "")
            lines += [f"- **{place}**, characters {f.start}–{f.end}: "
                      f"{CATEGORY_NAMES.get(f.category, f.category)}, rule `{f.rule}` "
                      f"({escape_md(f.reason)})",
                      f"  > {escape_md(f.excerpt)}"]
        lines += ["", "**Approve anyway** redacts these passages in the chunks, shows the rest "
                      "and records the override in the audit log. **Edit and re-upload** "
                      "replaces the document with your corrected copy."]
    lines += [f"- approved anyway by **{o.user}** at {o.time}: {', '.join(o.rules)}"
              for o in report.overrides]
    return "\n".join(lines)


def escape_md(text: str) -> str:
    """Text shown literally in Markdown (no links, emphasis or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _state(record: DocumentRecord) -> str:
    if record.flags:
        return f"held back ({', '.join(record.flags)})"
    return record.status + ("" if record.is_visible() or record.status != "approved"
                            else " (expired)")


def _categories(flags: list[str]) -> str:
    return ", ".join(CATEGORY_NAMES.get(c, c) for c in flags)
