"""Mentor area: draft a plan (stage by stage, cancellable), see what the guardrail withheld,
refine, edit it in a form or as JSON, export, share. The handlers live in
``ui.mentor_handlers``; this module lays out the components and wires the events."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.services import Services
from ui.access import Access
from ui.mentor_handlers import (
    PLAN_OUTPUTS,
    MentorHandlers,
    drafted,
    sources_html,
    withheld_markdown,
)
from ui.plan_editor import (
    AGENDA_HEADERS,
    EDITOR_OUTPUTS,
    FOLLOW_UP_HEADERS,
    GLOSSARY_HEADERS,
    POINT_HEADERS,
)

__all__ = ["build_mentor_tab", "drafted", "sources_html", "withheld_markdown"]
FAMILIARITY = ["new", "beginner", "intermediate", "advanced"]
PLAN_COLUMNS = ["id", "title", "topic", "version", "updated"]
# the form's fields, in PlanForm's order (agenda, segment, activities, points, ...)
FORM = ("agenda", "shown", "activities", "points", "objectives", "exercise_title",
        "instructions", "deliverable", "glossary", "questions", "follow_up")


def build_editor() -> dict[str, Any]:
    """The form editor's components by name (EDITOR_OUTPUTS), laid out in a group."""
    c: dict[str, Any] = {}
    with gr.Group(visible=False) as c["box"]:
        c["rebalance"] = gr.Checkbox(
            value=True, label="Rebalance: when one segment's minutes change, resize the "
                              "others to the session's length")
        c["total"] = gr.HTML(elem_id="plan-total")
        c["agenda"] = gr.Dataframe(
            headers=AGENDA_HEADERS, datatype=["str", "number", "str"], type="array",
            label="Agenda (edit a cell; Enter to apply)", interactive=True, wrap=True,
            show_row_numbers=True, elem_id="plan-agenda", column_widths=["40%", "14%", "46%"])
        with gr.Row():
            c["segment_pick"] = gr.Dropdown(label="Segment", choices=[], scale=3,
                                            allow_custom_value=True)  # choices are per plan
            c["shown"] = gr.Number(visible=False, precision=0)
            c["up"] = gr.Button("Move up", scale=1, min_width=90)
            c["down"] = gr.Button("Move down", scale=1, min_width=90)
            c["delete"] = gr.Button("Delete segment", variant="stop", scale=1, min_width=120)
        c["activities"] = gr.Textbox(label="Activities of this segment (one per line)", lines=3)
        c["points"] = gr.Dataframe(
            headers=POINT_HEADERS, datatype=["str", "str"], type="array", interactive=True,
            label="Talking points of this segment (cite sources as S1, S2)", wrap=True,
            elem_id="plan-points", column_widths=["82%", "18%"])
        c["chips"] = gr.HTML()
        with gr.Row():
            c["source_pick"] = gr.Dropdown(label="Add a talking point from a source",
                                           choices=[], scale=3, allow_custom_value=True)
            c["add_point"] = gr.Button("Add point", scale=1, min_width=110)
        c["objectives"] = gr.Textbox(label="Objectives (one per line, 3 to 5)", lines=4)
        c["exercise_title"] = gr.Textbox(label="Exercise")
        c["instructions"] = gr.Textbox(label="Exercise instructions (one per line)", lines=3)
        c["deliverable"] = gr.Textbox(label="Exercise deliverable")
        c["glossary"] = gr.Dataframe(
            headers=GLOSSARY_HEADERS, datatype=["str", "str", "str"], type="array",
            label="Glossary", interactive=True, wrap=True, column_widths=["25%", "60%", "15%"])
        c["questions"] = gr.Textbox(label="Discussion questions (one per line)", lines=3)
        c["follow_up"] = gr.Dataframe(
            headers=FOLLOW_UP_HEADERS, datatype=["str", "str", "str"], type="array",
            label="Follow-up actions", interactive=True, wrap=True,
            column_widths=["55%", "20%", "25%"])
        c["save_form"] = gr.Button("Save plan", variant="primary")
    return c


def build_mentor_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """The mentor's plan builder; every handler checks the role on the server, and the
    planner decides who may do what with a plan."""
    h = MentorHandlers(services, access)
    errors = access.handler

    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            role = gr.Textbox(label="Mentee role", placeholder="CFO")
            familiarity = gr.Dropdown(FAMILIARITY, value="beginner", label="Familiarity")
            goals = gr.Textbox(label="Goals (one per line)", lines=3,
                               placeholder="Post on LinkedIn once a week")
            topic = gr.Textbox(label="Topic", placeholder="LinkedIn and short-form video")
            minutes = gr.Slider(15, 240, value=45, step=5, label="Duration (minutes)")
            notes = gr.Textbox(label="Notes", lines=2)
            with gr.Row():
                draft = gr.Button("Draft plan", variant="primary")
                cancel = gr.Button("Cancel draft")
            with gr.Accordion("Saved plans", open=False):
                plans_table = gr.Dataframe(headers=PLAN_COLUMNS, interactive=False)
                refresh_plans = gr.Button("Refresh")
                open_id = gr.Dropdown(label="Saved plan", choices=[], value=None,
                                      allow_custom_value=True)  # the handler checks the owner
                open_btn = gr.Button("Open")
        with gr.Column(scale=2):
            plan_id = gr.Number(label="Plan id", precision=0, interactive=False)
            plan_md = gr.Markdown("Fill in the form and press **Draft plan**.")
            with gr.Accordion("Sources (click one to read the passage)", open=False):
                sources = gr.HTML()
            with gr.Accordion("Withheld by the guardrail", open=True):
                withheld = gr.Markdown()
            with gr.Row():
                instruction = gr.Textbox(label="Refine", scale=4,
                                         placeholder="Make the exercise about Instagram Reels")
                refine = gr.Button("Refine", scale=1)
            refine_report = gr.Markdown(elem_id="refine-report")
            with gr.Accordion("Edit the plan", open=False):
                editor = build_editor()
                with gr.Accordion("Edit as JSON (for power users)", open=False):
                    body = gr.Code(language="json", label="Plan")
                    save = gr.Button("Save edit")
            editor["body"] = body
            with gr.Row():
                fmt = gr.Radio(["md", "docx", "pdf"], value="md", label="Export format")
                export_btn = gr.Button("Export")
                download = gr.File(label="Download")
            with gr.Row():
                executive = gr.Dropdown(label="Share with executive", choices=[],
                                        allow_custom_value=True)
                share = gr.Button("Share")
                shared = gr.Markdown()

    named = {"plan_md": plan_md, "withheld": withheld, "sources": sources, "plan_id": plan_id,
             "body": body}
    outputs = [named[n] for n in PLAN_OUTPUTS]
    shown = [editor[n] for n in EDITOR_OUTPUTS]
    saved = [plans_table, open_id]
    form = [editor[n] for n in FORM]
    state = [editor["rebalance"], body, *form]

    def refill(event: Any) -> None:
        """After a plan is shown, the form editor shows it too."""
        event.then(errors(h.fill_editor), body, shown, api_visibility="private").then(
            errors(h.my_plans), None, saved, api_visibility="private")

    drafting = draft.click(errors(h.draft_plan), [role, familiarity, goals, topic, minutes,
                                                  notes], outputs, api_name="draft_plan")
    refill(drafting)
    cancel.click(errors(h.cancel_draft), None, plan_md, cancels=[drafting],
                 api_visibility="private")
    refill(refine.click(errors(h.refine_plan), [plan_id, instruction], [*outputs, refine_report],
                        api_name="refine_plan"))
    refill(save.click(errors(h.save_edit), [plan_id, body], outputs, api_name="edit_plan"))
    refill(open_btn.click(errors(h.open_plan), open_id, outputs, api_name="open_plan"))
    refill(editor["save_form"].click(errors(h.save_form), [plan_id, *state], outputs,
                                     api_name="save_plan_form"))
    editor["agenda"].input(errors(h.edit_form), state, shown, api_visibility="private")
    editor["segment_pick"].input(errors(h.pick_segment), [editor["segment_pick"], *state],
                                 shown, api_visibility="private")
    editor["up"].click(errors(h.move_up), state, shown, api_visibility="private")
    editor["down"].click(errors(h.move_down), state, shown, api_visibility="private")
    editor["delete"].click(errors(h.delete_segment), state, shown, api_visibility="private")
    editor["add_point"].click(errors(h.add_point), [editor["source_pick"], plan_id, *state],
                              shown, api_visibility="private")
    export_btn.click(errors(h.export_plan), [plan_id, fmt], download, api_name="export_plan")
    share.click(errors(h.share_plan), [plan_id, executive], shared, api_name="share_plan")
    refresh_plans.click(errors(h.my_plans), None, saved, api_name="my_plans")
    app.load(errors(h.initial), None, [executive, *saved], api_visibility="private")
