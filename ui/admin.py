"""Admin area: the knowledge base, the confidential-terms list, the audit log, usage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import gradio as gr

from assistant.knowledge.base import KnowledgeError
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access

KB_COLUMNS = ["id", "title", "kind", "status", "visible", "owner", "valid until", "chunks",
              "guardrail flags"]
AUDIT_COLUMNS = ["time", "stage", "user", "action", "categories", "rules"]
STAGES = ["", "input", "context", "ingestion", "output"]


def kb_rows(services: Services) -> list[list[Any]]:
    return [
        [r.doc_id, r.title, r.kind, r.status, "yes" if r.is_visible() else "no", r.owner,
         r.valid_until.isoformat() if r.valid_until else "", r.chunks, ", ".join(r.flags)]
        for r in services.kb.documents()
    ]


def build_admin_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """The admin tabs; every handler checks the admin role on the server."""
    kb = services.kb
    errors = access.handler

    def admin(request: gr.Request | None) -> str:
        return access.require(request, Role.ADMIN)

    def doc_dropdown() -> gr.Dropdown:
        return gr.Dropdown(choices=[r.doc_id for r in kb.documents()])

    def term_rows() -> list[list[str]]:
        return [[t] for t in services.guardrail.terms.list()]

    @errors
    def doc_choices(request: gr.Request) -> gr.Dropdown:
        admin(request)
        return doc_dropdown()

    @errors
    def kb_table(request: gr.Request) -> list[list[Any]]:
        admin(request)
        return kb_rows(services)

    @errors
    def kb_upload(files: list[str] | None, kind: str, topics: str, status: str,
                  valid_until: str, owner: str, request: gr.Request,
                  progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[Any]]]:
        user = admin(request)
        if not files:
            raise gr.Error("Choose one or more files to upload.")
        lines = []
        for path in progress.tqdm(files, desc="Indexing uploads"):
            name = Path(path).name
            try:
                record = kb.add(Path(path), {"kind": kind, "topics": topics, "status": status,
                                             "valid_until": valid_until or None,
                                             "owner": owner}, actor=user)
            except KnowledgeError as exc:
                lines.append(f"- **{name}**: not indexed: {exc}")
                continue
            flags = f"; flagged by the guardrail: {', '.join(record.flags)} " \
                    "(hidden until you approve it)" if record.flags else ""
            lines.append(f"- **{name}** → `{record.doc_id}`, {record.chunks} chunks, "
                         f"{record.status}{flags}")
        return "\n".join(lines), kb_rows(services)

    def lifecycle(action: str):  # type: ignore[no-untyped-def]
        def run(doc: str | None, request: gr.Request) -> tuple[str, list[list[Any]]]:
            admin(request)
            if not doc:
                raise gr.Error("Pick a document first.")
            getattr(kb, action)(doc)
            return f"{action.rstrip('e')}ed `{doc}`.", kb_rows(services)

        run.__name__ = f"kb_{action}"
        return errors(run)

    @errors
    def kb_resync(request: gr.Request, progress: gr.Progress = gr.Progress()
                  ) -> tuple[str, list[list[Any]]]:
        admin(request)
        report = kb.sync(services.settings.knowledge_dir,
                         progress=lambda done, total, name: progress((done, total), desc=name))
        text = (f"Added {len(report.added)}, updated {len(report.updated)}, removed "
                f"{len(report.removed)}, unchanged {len(report.unchanged)}.")
        text += "".join(f"\n- skipped **{n}**: {why}" for n, why in report.errors.items())
        text += "".join(f"\n- flagged **{d}**: {', '.join(c)}" for d, c in report.flagged.items())
        return text, kb_rows(services)

    @errors
    def kb_preview(doc: str | None, request: gr.Request) -> str:
        admin(request)
        if not doc:
            raise gr.Error("Pick a document first.")
        chunks = kb.chunks(doc)
        redacted = ", ".join(f"{rule} ×{n}" for rule, n in kb.redactions(doc).items())
        head = f"*Redacted at ingestion: {redacted}*\n\n" if redacted else ""
        return head + (safe_markdown("\n\n".join(
            f"**{c.metadata.get('chunk')}. {c.metadata.get('section') or '(no heading)'}**"
            f"\n\n{c.text}" for c in chunks
        )) or "No chunks.")

    @errors
    def terms_list(request: gr.Request) -> list[list[str]]:
        admin(request)
        return term_rows()

    @errors
    def terms_add(term: str, request: gr.Request) -> tuple[str, list[list[str]]]:
        user = admin(request)
        added = services.guardrail.terms.add(term, user=user)
        note = ("Added; it applies to new requests now, and indexed documents that mention it "
                "are hidden for review." if added else "Already listed.")
        return note, term_rows()

    @errors
    def clear_term(request: gr.Request) -> str:
        """Empties the term box once the term was added or removed."""
        admin(request)
        return ""

    @errors
    def terms_remove(term: str, request: gr.Request) -> tuple[str, list[list[str]]]:
        admin(request)
        removed = services.guardrail.terms.remove(term)
        return ("Removed." if removed else "Not in the list."), term_rows()

    @errors
    def audit(stage: str, category: str, user: str, since: str, request: gr.Request
              ) -> list[list[Any]]:
        admin(request)
        since_date = dt.date.fromisoformat(since) if since.strip() else None
        rows = services.guardrail.audit.search(
            stage=stage or None, category=category.strip() or None,
            user=user.strip() or None, since=since_date, limit=500)
        return [[r["time"], r["stage"], r["user"] or "", r["action"],
                 ", ".join(cast(list[str], r["categories"])),
                 ", ".join(cast(list[str], r["rules"]))] for r in rows]

    @errors
    def usage(request: gr.Request) -> str:
        admin(request)
        stats = kb.stats()
        guard = services.guardrail.audit.counts()
        lines = [
            f"- Documents: **{stats['documents']}** ({stats['visible']} visible to mentors, "
            f"{stats['flagged']} flagged, {stats['expired']} expired), "
            f"{stats['chunks']} chunks",
            "- Users: " + ", ".join(f"{n} ({r.value})" for n, r in services.users.list()),
            "- Guardrail decisions by stage: "
            + (", ".join(f"{k}: {v}" for k, v in guard.items()) or "none yet"),
        ]
        counts = {**services.planner.plans.counts(), **services.chat.chats.counts()}
        lines.append("- Planner: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
        return "\n".join(lines)

    with gr.Tab("Knowledge base"):
        table = gr.Dataframe(headers=KB_COLUMNS, interactive=False, label="Documents",
                             max_height=420,
                             column_widths=["22%", "26%", "8%", "8%", "6%", "9%", "9%", "5%",
                                            "7%"])
        message = gr.Markdown()
        with gr.Row():
            doc = gr.Dropdown(label="Document", choices=[], allow_custom_value=True)
            approve_btn = gr.Button("Approve", variant="primary")
            retire_btn = gr.Button("Retire")
            remove_btn = gr.Button("Remove", variant="stop")
            preview_btn = gr.Button("Preview chunks")
            resync_btn = gr.Button("Re-sync knowledge folder")
        with gr.Accordion("Upload documents", open=False):
            files = gr.File(file_count="multiple", type="filepath",
                            file_types=[".md", ".txt", ".pdf", ".docx", ".html", ".htm"])
            with gr.Row():
                kind = gr.Dropdown(["guidance", "trend"], value="guidance", label="Kind")
                status = gr.Dropdown(["draft", "approved"], value="draft", label="Status")
                topics = gr.Textbox(label="Topics (comma-separated)")
                owner = gr.Textbox(label="Owner")
                valid_until = gr.Textbox(label="Valid until (YYYY-MM-DD, trends)")
            upload_btn = gr.Button("Upload and index", variant="primary")
        preview = gr.Markdown()
        refresh = gr.Button("Refresh table")

        refresh.click(kb_table, None, table, api_name="kb_table").then(doc_choices, None, doc,
                                                                       api_visibility="private")
        upload_btn.click(kb_upload, [files, kind, topics, status, valid_until, owner],
                         [message, table], api_name="kb_upload").then(
            doc_choices, None, doc, api_visibility="private")
        for button, action in ((approve_btn, "approve"), (retire_btn, "retire"),
                               (remove_btn, "remove")):
            button.click(lifecycle(action), doc, [message, table], api_name=f"kb_{action}").then(
                doc_choices, None, doc, api_visibility="private")
        resync_btn.click(kb_resync, None, [message, table], api_name="kb_resync")
        preview_btn.click(kb_preview, doc, preview, api_name="kb_preview")

    with gr.Tab("Confidential terms"):
        gr.Markdown("Project codenames, unreleased products, client and deal names. "
                    "Requests and documents that mention them are screened at once.")
        terms = gr.Dataframe(headers=["term"], interactive=False)
        term = gr.Textbox(label="Term")
        with gr.Row():
            add_btn = gr.Button("Add", variant="primary")
            del_btn = gr.Button("Remove")
            list_btn = gr.Button("Refresh")
        term_msg = gr.Markdown()
        for button, term_action in ((add_btn, terms_add), (del_btn, terms_remove)):
            button.click(term_action, term, [term_msg, terms],
                         api_name=term_action.__name__).success(
                clear_term, None, term, api_visibility="private")
        list_btn.click(terms_list, None, terms, api_name="terms_list")

    with gr.Tab("Audit and usage"):
        with gr.Row():
            stage = gr.Dropdown(STAGES, value="", label="Stage")
            category = gr.Textbox(label="Category")
            who = gr.Textbox(label="User")
            since = gr.Textbox(label="Since (YYYY-MM-DD)")
            audit_btn = gr.Button("Filter", variant="primary")
        audit_table = gr.Dataframe(headers=AUDIT_COLUMNS, interactive=False, wrap=True)
        usage_md = gr.Markdown()
        usage_btn = gr.Button("Usage figures")
        audit_btn.click(audit, [stage, category, who, since], audit_table, api_name="audit")
        usage_btn.click(usage, None, usage_md, api_name="usage")

    @errors
    def initial(request: gr.Request) -> tuple[Any, Any, Any]:
        if access.users.role_of(getattr(request, "username", None)) != Role.ADMIN:
            return gr.skip(), gr.skip(), gr.skip()
        return kb_rows(services), doc_dropdown(), term_rows()

    app.load(initial, None, [table, doc, terms], api_visibility="private")
