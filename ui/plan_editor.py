"""What the plan editor shows for a working copy of a plan: the form's values, the agenda's
total (red until it adds up), the segment and source pickers and the citation chips.

The rules (rebalancing, moving, citations) live in ``assistant.planning.editing``; this module
only turns a plan into component updates, in the order of ``EDITOR_OUTPUTS``.
"""

from __future__ import annotations

import html
import json
from dataclasses import astuple
from typing import Any

import gradio as gr

from assistant.planning.editing import Plan, agenda_total, form_of

AGENDA_HEADERS = ["Title", "Minutes", "Purpose"]
POINT_HEADERS = ["Talking point", "Cites"]
GLOSSARY_HEADERS = ["Term", "Definition", "Cites"]
FOLLOW_UP_HEADERS = ["Action", "Owner", "Due (YYYY-MM-DD)"]
# the editor's outputs: visibility, JSON view, total, pickers, chips, then the form's fields
EDITOR_OUTPUTS = ("box", "body", "total", "segment_pick", "source_pick", "chips", "agenda",
                  "shown", "activities", "points", "objectives", "exercise_title",
                  "instructions", "deliverable", "glossary", "questions", "follow_up")
CHIP = ("display:inline-block;margin:0 .4em .3em 0;padding:0 .6em;border-radius:1em;"
        "border:1px solid currentColor;font-size:.9em")


def total_html(plan: Plan) -> str:
    """The agenda's minutes against the session's length; red (and said in words) when off."""
    total, length = agenda_total(plan)
    if total == length:
        return f'<p role="status">Agenda: {total} of {length} minutes ✓</p>'
    word = "over" if total > length else "short"
    return (f'<p role="status" style="color:#c62828;font-weight:bold">Agenda: {total} of '
            f"{length} minutes ({abs(total - length)} {word}); change the minutes or turn on "
            "rebalancing before saving</p>")


def chips_html(plan: Plan, segment: int) -> str:
    """The sources the shown segment's talking points cite, one chip each with its label."""
    labels = {s["id"]: s["label"] for s in plan["sources"]}
    points = plan["agenda"][segment]["talking_points"] if plan["agenda"] else []
    cited = dict.fromkeys(c for p in points for c in p["citations"])
    if not cited:
        return ""
    chips = "".join(f'<span style="{CHIP}" title="{html.escape(labels.get(c, c))}">'
                    f"<b>{html.escape(c)}</b> {html.escape(labels.get(c, '?'))}</span>"
                    for c in cited)
    return f'<div aria-label="Sources cited in this segment">Cites: {chips}</div>'


def editor_view(plan: Plan | None, segment: int = 0) -> tuple[Any, ...]:
    """Component updates for ``plan`` (the editor hidden when there is none)."""
    if plan is None:
        return (gr.Group(visible=False), *[gr.skip()] * (len(EDITOR_OUTPUTS) - 1))
    form = form_of(plan, segment)
    segments = [(f"{i}. {s['title']} ({s['minutes']} min)", i - 1)
                for i, s in enumerate(plan["agenda"], 1)]
    sources = [(f"{s['id']} · {s['label']}", s["id"]) for s in plan["sources"]]
    values = astuple(form)
    return (gr.Group(visible=True), json.dumps(plan, indent=2, ensure_ascii=False),
            total_html(plan),
            gr.Dropdown(choices=segments, value=form.segment),
            gr.Dropdown(choices=sources, value=sources[0][1] if sources else None),
            chips_html(plan, form.segment), *values)
