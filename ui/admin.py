"""Admin area layout: the knowledge base, the confidential-terms list, the audit log, usage.

The handlers live in `ui/admin_handlers.py`; this module only places components and wires
events. After every change the lists (documents, terms, audit log, users, usage) refresh.
"""

from __future__ import annotations

import gradio as gr

from assistant.services import Services
from ui.access import Access
from ui.admin_handlers import (
    AUDIT_COLUMNS,
    CATEGORIES,
    KB_COLUMNS,
    STAGES,
    USER_COLUMNS,
    AdminHandlers,
    doc_options,
)

# Phones get the card list instead of the nine-column table; a <style> in the tab's own HTML
# keeps the admin's styles with the admin's layout.
NARROW = "640px"
STYLE = f"""<style>
.kb-style {{ display: none !important; }}
.kb-narrow {{ display: none; }}
.kb-narrow ul.kb-cards {{ list-style: none; padding: 0 !important; margin: 0 !important;
  max-height: 60vh; overflow-y: auto; }}
.kb-narrow li.kb-card {{ border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 10px; margin: 0 0 8px 0 !important; display: flex; flex-direction: column;
  gap: 2px; }}
.kb-card-id {{ font-family: var(--font-mono); font-size: 0.85em; overflow-wrap: anywhere; }}
@media (max-width: {NARROW}) {{
  .kb-wide {{ display: none !important; }}
  .kb-narrow {{ display: block !important; }}
}}
</style>"""


def build_admin_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """The admin tabs; every handler checks the admin role on the server."""
    h = AdminHandlers(services, access)
    on = access.handler

    with gr.Tab("Knowledge base"):
        gr.HTML(STYLE, padding=False, elem_classes=["kb-style"])
        table = gr.Dataframe(headers=KB_COLUMNS, interactive=False, label="Documents "
                             "(click a row to pick it)", max_height=420, elem_classes=["kb-wide"],
                             column_widths=["22%", "26%", "8%", "8%", "6%", "9%", "9%", "5%",
                                            "7%"])
        cards = gr.HTML(elem_classes=["kb-narrow"], padding=False)
        message = gr.Markdown()
        # choices refresh after every change; an id from an API client (or a list another
        # instance changed) goes through, and the service says when there is no such document
        doc = gr.Dropdown(doc_options(services.kb.documents()), value=None, label="Document",
                          allow_custom_value=True)
        with gr.Row():
            approve_btn = gr.Button("Approve", variant="primary")
            why_btn = gr.Button("Why flagged?")
            preview_btn = gr.Button("Preview chunks")
            retire_btn = gr.Button("Retire")
            remove_btn = gr.Button("Remove", variant="stop")
            resync_btn = gr.Button("Re-sync knowledge folder")
        why = gr.Markdown(elem_id="why-flagged")
        with gr.Row(visible=False) as override_row:
            override_btn = gr.Button("Approve anyway", variant="stop")
            reupload_btn = gr.Button("Edit and re-upload")
        reupload_note = gr.Markdown()
        with gr.Accordion("Upload documents", open=False) as upload_box:
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

    with gr.Tab("Confidential terms"):
        gr.Markdown("Project codenames, unreleased products, client and deal names. "
                    "Requests and documents that mention them are screened at once. Click a "
                    "term's row to remove it.")
        terms = gr.Dataframe(headers=["term"], interactive=False)
        term = gr.Textbox(label="Term")
        with gr.Row():
            add_btn = gr.Button("Add", variant="primary")
            del_btn = gr.Button("Remove")
            list_btn = gr.Button("Refresh")
        term_msg = gr.Markdown()

    with gr.Tab("Audit and usage"):
        with gr.Row():
            stage = gr.Dropdown(STAGES, value="", label="Stage")
            category = gr.Dropdown(CATEGORIES, value="", label="Category")
            who = gr.Dropdown(["", *(n for n, _ in services.users.list())], value="",
                              label="User")
            since = gr.Textbox(label="Since (YYYY-MM-DD)")
            audit_btn = gr.Button("Filter", variant="primary")
        audit_table = gr.Dataframe(headers=AUDIT_COLUMNS, interactive=False, wrap=True)
        usage_md = gr.Markdown()
        users = gr.Dataframe(headers=USER_COLUMNS, interactive=False, label="Users")
        usage_btn = gr.Button("Refresh figures")

    lists = [cards, doc, terms, audit_table, users, who, usage_md]
    filters = [stage, category, who, since]

    def then_refresh(event: gr.events.Dependency) -> None:
        event.then(on(h.admin_lists), filters, lists, api_visibility="private")

    then_refresh(refresh.click(on(h.kb_table), None, table, api_name="kb_table"))
    then_refresh(upload_btn.click(on(h.kb_upload), [files, kind, topics, status, valid_until,
                                                    owner], [message, table],
                                  api_name="kb_upload"))
    for button, handler in ((approve_btn, h.kb_approve), (retire_btn, h.kb_retire),
                            (remove_btn, h.kb_remove)):
        then_refresh(button.click(on(handler), doc, [message, table],
                                  api_name=handler.__name__))
    then_refresh(resync_btn.click(on(h.kb_resync), None, [message, table], api_name="kb_resync"))
    preview_btn.click(on(h.kb_preview), doc, preview, api_name="kb_preview")
    why_btn.click(on(h.kb_why), doc, [why, override_row], api_name="kb_why")
    then_refresh(override_btn.click(on(h.kb_override), doc, [message, table, why, override_row],
                                    api_name="kb_override"))
    reupload_btn.click(on(h.kb_reupload), doc, [reupload_note, upload_box, kind, topics, status,
                                                valid_until, owner], api_name="kb_reupload")
    doc.input(on(h.kb_pick), None, [why, override_row, reupload_note], api_visibility="private")
    table.select(on(h.kb_select), None, doc, api_visibility="private").then(
        on(h.kb_pick), None, [why, override_row, reupload_note], api_visibility="private")

    for button, term_action in ((add_btn, h.terms_add), (del_btn, h.terms_remove)):
        then_refresh(button.click(on(term_action), term, [term_msg, terms],
                                  api_name=term_action.__name__).success(
            on(h.clear_term), None, term, api_visibility="private"))
    list_btn.click(on(h.terms_list), None, terms, api_name="terms_list")
    terms.select(on(h.term_select), None, term, api_visibility="private")

    audit_btn.click(on(h.audit), filters, audit_table, api_name="audit")
    usage_btn.click(on(h.usage), None, usage_md, api_name="usage").then(
        on(h.admin_lists), filters, lists, api_visibility="private")

    app.load(on(h.initial), None, [table, *lists], api_visibility="private")
