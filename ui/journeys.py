"""The Journeys tab's layout: pairs, goals, the next session drafted from history, feedback,
exports and the admin's programme view. Sections are shown by role for convenience; the
handlers (in `ui.journeys_handlers`) check the role and pair membership on the server."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.journeys.programme import PAIR_COLUMNS
from assistant.services import Services
from ui.access import Access
from ui.journeys_handlers import PAIRS, JourneysHandlers


def build_journeys_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """Lays out the tab and wires it; every list is refreshed after each change."""
    h = JourneysHandlers(services.journeys, access)
    with gr.Row():
        pairs_table = gr.Dataframe(headers=PAIRS, interactive=False, scale=3,
                                   label="Pairs (click a row to open it)")
        with gr.Column(scale=1):
            pair = gr.Dropdown(label="Pair", choices=[], value=None, allow_custom_value=True)
            refresh = gr.Button("Refresh pairs")
    pair_md = gr.Markdown()
    with gr.Accordion("Goals", open=False):
        with gr.Row():
            goal_text = gr.Textbox(label="Specific goal", placeholder="Post on LinkedIn weekly")
            target = gr.Textbox(label="Target date (YYYY-MM-DD)")
            goal_btn = gr.Button("Add goal")
        with gr.Row():
            goal = gr.Dropdown(label="Goal", choices=[], value=None, allow_custom_value=True)
            progress = gr.Slider(0, 100, step=5, value=0, label="Progress %")
            comment = gr.Textbox(label="Comment")
            progress_btn = gr.Button("Update progress")
        goal_msg = gr.Markdown()
    with gr.Group(visible=False) as mentor_box:
        gr.Markdown("#### Draft the next session (builds on the last one's feedback)")
        with gr.Row():
            topic = gr.Textbox(label="Topic", placeholder="LinkedIn for executives")
            minutes = gr.Slider(15, 240, value=45, step=5, label="Minutes")
            start = gr.Textbox(label="Starts (YYYY-MM-DD HH:MM, optional)")
        wishes = gr.Textbox(label="Notes")
        draft_btn = gr.Button("Draft next session", variant="primary")
        next_md = gr.Markdown()
    session = gr.Dropdown(label="Session", choices=[], value=None, allow_custom_value=True)
    segments_md = gr.Markdown()
    with gr.Group(visible=False) as notes_box:
        gr.Markdown("#### Mentor notes")
        with gr.Row():
            covered = gr.CheckboxGroup(label="Covered segments", choices=[])
            skipped = gr.CheckboxGroup(label="Skipped segments", choices=[])
            questions = gr.Textbox(label="Open questions (one per line)", lines=3)
        notes_btn = gr.Button("Save notes")
    with gr.Group(visible=False) as rate_box:
        gr.Markdown("#### Rate the session")
        with gr.Row():
            rating = gr.Slider(1, 5, step=1, value=4, label="Rating")
            helped = gr.Textbox(label="What helped")
            change = gr.Textbox(label="What to change")
        held_early = gr.Checkbox(label="The session was held before its scheduled time")
        rate_btn = gr.Button("Send feedback")
    feedback_msg = gr.Markdown()
    with gr.Row():
        feedback_btn = gr.Button("Show feedback")
        ics_start = gr.Textbox(label="Invite start (default: scheduled)")
        ics_btn = gr.Button("Calendar invite (.ics)")
        sheet_fmt = gr.Radio(["md", "pdf"], value="pdf", label="Pre-reading")
        sheet_btn = gr.Button("Pre-reading sheet")
        download = gr.File(label="Download")
    with gr.Group(visible=False) as admin_box:
        gr.Markdown("#### Create a pair")
        with gr.Row():
            new_mentor = gr.Dropdown(label="Mentor", choices=[], allow_custom_value=True)
            new_exec = gr.Dropdown(label="Executive", choices=[], allow_custom_value=True)
            new_role = gr.Textbox(label="Executive's role")
            new_levels = gr.Textbox(label="Familiarity (topic=level per line)", lines=2)
        create_btn = gr.Button("Create pair", variant="primary")
        create_msg = gr.Markdown()
        gr.Markdown("#### Programme")
        programme_btn = gr.Button("Refresh programme view")
        totals = gr.Markdown()
        programme_pairs = gr.Dataframe(headers=PAIR_COLUMNS, interactive=False)
        with gr.Row():
            # counts start at zero: the plot's y scale is not zero-based, so equal counts
            # would make an empty [1, 1] axis and no bars
            counts: dict[str, Any] = {"y_lim": [0, None]}
            topics_plot = gr.BarPlot(x="topic", y="plans", title="Topics most asked for",
                                     **counts)
            gaps_plot = gr.BarPlot(x="question", y="times asked",
                                   title="Knowledge-base gaps (no approved guidance)", **counts)
        with gr.Row():
            topics_table = gr.Dataframe(headers=["topic", "plans"], interactive=False)
            gaps_table = gr.Dataframe(headers=["question", "times asked"], interactive=False)

    private: dict[str, Any] = {"api_visibility": "private"}
    view = ([pair, goal, session], [pair_md, goal, session])  # the pair, its lists refreshed

    def refresh_pairs(event: Any) -> Any:
        return event.then(h.my_pairs, None, pairs_table, **private).then(
            h.pair_picker, pair, pair, **private)

    refresh_pairs(refresh.click(h.my_pairs, None, pairs_table, api_name="j_pairs"))
    pairs_table.select(h.pick_row, None, pair, **private)
    pair.change(h.pair_view, *view, api_name="j_pair")
    pair_form = [new_mentor, new_exec, new_role, new_levels]
    refresh_pairs(create_btn.click(h.create_pair, pair_form, create_msg,
                                   api_name="j_create_pair")
                  .success(h.clear_pair_form, None, pair_form, **private))
    goal_btn.click(h.add_goal, [pair, goal_text, target], goal_msg, api_name="j_add_goal"
                   ).success(h.pair_view, *view, **private)
    progress_btn.click(h.goal_progress, [goal, progress, comment], goal_msg,
                       api_name="j_goal_progress").success(h.pair_view, *view, **private)
    draft_btn.click(h.draft_next, [pair, topic, minutes, wishes, start], [next_md, session],
                    api_name="j_draft_next").success(h.pair_view, *view, **private)
    session.change(h.session_view, session, [segments_md, covered, skipped],
                   api_name="j_segments")
    notes_btn.click(h.mentor_notes, [session, covered, skipped, questions], feedback_msg,
                    api_name="j_mentor_notes").success(h.pair_view, *view, **private)
    rate_btn.click(h.rate, [session, rating, helped, change, held_early], feedback_msg,
                   api_name="j_rate").success(h.pair_view, *view, **private)
    feedback_btn.click(h.feedback, session, feedback_msg, api_name="j_feedback")
    ics_btn.click(h.invite, [session, ics_start], download, api_name="j_ics")
    sheet_btn.click(h.pre_reading, [session, sheet_fmt], download, api_name="j_pre_reading")
    programme_btn.click(h.programme, None, [totals, programme_pairs, topics_plot, topics_table,
                                            gaps_plot, gaps_table], api_name="j_programme")
    app.load(h.initial, None, [pairs_table, mentor_box, notes_box, rate_box, admin_box],
             **private).then(h.pair_picker, pair, pair, **private)
    app.load(h.people, None, [new_mentor, new_exec], **private)
