"""Journeys area: pairs, goals, the next session drafted from history, feedback, exports,
and the admin's programme view. Every handler checks the role first; the service checks
pair membership (a mentor or executive only ever reaches their own pairs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import gradio as gr
import pandas as pd

from assistant.journeys.programme import PAIR_COLUMNS
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access
from ui.scratch import scratch_dir

PAIRS = ["id", "mentor", "executive", "role", "familiarity"]
EVERYONE = (Role.MENTOR, Role.EXECUTIVE, Role.ADMIN)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _id(value: Any, what: str) -> int:
    if value in (None, ""):
        raise gr.Error(f"Give a {what} id first.")
    return int(value)


def _file(data: bytes, name: str) -> str:
    path = scratch_dir("coach-journey-") / name
    path.write_bytes(data)
    return str(path)


def build_journeys_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """The Journeys tab; sections are shown by role, but every handler checks on the server."""
    journeys = services.journeys
    errors = access.handler

    def pair_rows(user: str) -> list[list[Any]]:
        return [[p.id, p.mentor, p.executive, p.executive_role,
                 ", ".join(f"{k}: {v}" for k, v in p.familiarity.items())]
                for p in journeys.pairs(user)]

    @errors
    def my_pairs(request: gr.Request) -> list[list[Any]]:
        return pair_rows(access.require(request, *EVERYONE))

    @errors
    def show_pair(pair_id: Any, request: gr.Request) -> str:
        user = access.require(request, *EVERYONE)
        number = _id(pair_id, "pair")
        pair = journeys.pair(number, user)
        out = [f"### Pair {pair.id}: {pair.mentor} → {pair.executive} ({pair.executive_role})",
               "", "**Goals**"]
        out += [f"- goal {g.id}: {g.text} · **{g.progress}%** · target {g.target_date}"
                + (f" · {g.comment}" if g.comment else "") for g in journeys.goals(number, user)]
        out += ["", "**Sessions**"]
        for s in journeys.sessions(number, user):
            f = journeys.feedback(s.id, user)
            rated = f"rated {f.executive.rating}/5" if f.executive else "not rated yet"
            out.append(f"- session {s.id} (#{s.number}, plan {s.plan_id}): {s.title} · held "
                       f"{s.held_on or '-'} · {rated}")
        return safe_markdown("\n".join(out))

    @errors
    def create_pair(mentor: str, executive: str, role: str, familiarity: str,
                    request: gr.Request) -> tuple[str, list[list[Any]]]:
        user = access.require(request, Role.ADMIN)
        levels = dict(line.split("=", 1) for line in _lines(familiarity) if "=" in line)
        pair = journeys.create_pair(user, (mentor or "").strip(), (executive or "").strip(),
                                    role or "", {k.strip(): v.strip() for k, v in levels.items()})
        return f"Created pair {pair.id}.", pair_rows(user)

    @errors
    def clear_pair_form(request: gr.Request) -> tuple[str, ...]:
        """Empties the create-pair fields once the pair exists."""
        access.require(request, Role.ADMIN)
        return ("",) * 4

    @errors
    def add_goal(pair_id: Any, text: str, target: str, request: gr.Request) -> str:
        user = access.require(request, *EVERYONE)
        goal = journeys.add_goal(_id(pair_id, "pair"), user, text or "",
                                 dt.date.fromisoformat((target or "").strip()))
        return f"Added goal {goal.id}: {goal.text}"

    @errors
    def goal_progress(goal_id: Any, progress: float, comment: str, request: gr.Request) -> str:
        user = access.require(request, Role.MENTOR, Role.EXECUTIVE)
        goal = journeys.update_goal(_id(goal_id, "goal"), user, int(progress), comment or "")
        return f"Goal {goal.id} is at {goal.progress}% ({len(goal.history)} updates)."

    @errors
    def draft_next(pair_id: Any, topic: str, minutes: float, notes: str, start: str,
                   request: gr.Request) -> tuple[str, Any]:
        user = access.require(request, Role.MENTOR)
        when = dt.datetime.fromisoformat(start.strip()) if (start or "").strip() else None
        drafted = journeys.draft_next(_id(pair_id, "pair"), user, (topic or "").strip(),
                                      int(minutes), notes=notes or "", scheduled_at=when)
        result = drafted.result
        if drafted.session is None or result.plan is None:
            return f"**{result.message or 'No plan was made.'}**", gr.skip()
        head = (f"*Session {drafted.session.id} (#{drafted.session.number}) · plan "
                f"{result.plan_id} · shared with the executive*\n\n")
        return safe_markdown(head + result.plan.to_markdown()), drafted.session.id

    @errors
    def segments(session_id: Any, request: gr.Request) -> str:
        user = access.require(request, *EVERYONE)
        if not session_id:
            return ""
        view, _ = journeys.session(int(session_id), user)
        plan = journeys.planner.plans.get(view.plan_id, user).plan
        return safe_markdown("\n".join(f"{i}. {s.title} ({s.minutes} min)"
                                        for i, s in enumerate(plan.agenda, 1)))

    @errors
    def mentor_notes(session_id: Any, covered: str, skipped: str, questions: str,
                     request: gr.Request) -> str:
        user = access.require(request, Role.MENTOR)
        notes = journeys.record_notes(_id(session_id, "session"), user, _lines(covered),
                                      _lines(skipped), _lines(questions))
        return (f"Saved: {len(notes.covered)} covered, {len(notes.skipped)} skipped, "
                f"{len(notes.open_questions)} open questions.")

    @errors
    def rate(session_id: Any, rating: float, helped: str, change: str,
             request: gr.Request) -> str:
        user = access.require(request, Role.EXECUTIVE)
        journeys.rate(_id(session_id, "session"), user, int(rating), helped or "", change or "")
        return f"Thank you: session rated {int(rating)}/5."

    @errors
    def feedback(session_id: Any, request: gr.Request) -> str:
        user = access.require(request, *EVERYONE)
        f = journeys.feedback(_id(session_id, "session"), user)
        out = []
        if f.executive:
            out += [f"**Executive ({f.executive.author})**: {f.executive.rating}/5",
                    f"- helped: {f.executive.helped or '-'}",
                    f"- change: {f.executive.change or '-'}"]
        if f.mentor:
            out += [f"**Mentor ({f.mentor.author})**",
                    f"- covered: {'; '.join(f.mentor.covered) or '-'}",
                    f"- skipped: {'; '.join(f.mentor.skipped) or '-'}",
                    f"- open questions: {'; '.join(f.mentor.open_questions) or '-'}"]
        return safe_markdown("\n".join(out)) or "No feedback yet."

    @errors
    def invite(session_id: Any, start: str, request: gr.Request) -> str:
        user = access.require(request, *EVERYONE)
        when = dt.datetime.fromisoformat(start.strip()) if (start or "").strip() else None
        number = _id(session_id, "session")
        return _file(journeys.invite(number, user, when), f"session-{number}.ics")

    @errors
    def pre_reading(session_id: Any, fmt: str, request: gr.Request) -> str:
        user = access.require(request, *EVERYONE)
        number = _id(session_id, "session")
        return _file(journeys.pre_reading(number, user, fmt),
                     f"pre-reading-{number}.{fmt}")

    @errors
    def programme(request: gr.Request) -> tuple[Any, ...]:
        user = access.require(request, Role.ADMIN)
        view = journeys.programme(user)
        totals = " · ".join(f"**{k}**: {v if v is not None else '-'}"
                            for k, v in view.totals.items())
        topics = pd.DataFrame(view.topics, columns=["topic", "plans"])
        gaps = pd.DataFrame(view.gaps, columns=["question", "times asked"])
        return totals, view.pairs, topics, topics, gaps, gaps

    with gr.Row():
        pairs_table = gr.Dataframe(headers=PAIRS, interactive=False, label="Pairs", scale=3)
        with gr.Column(scale=1):
            pair_id = gr.Number(label="Pair id", precision=0)
            show_btn = gr.Button("Show pair")
            refresh = gr.Button("Refresh pairs")
    pair_md = gr.Markdown()
    with gr.Accordion("Goals", open=False):
        with gr.Row():
            goal_text = gr.Textbox(label="Specific goal", placeholder="Post on LinkedIn weekly")
            target = gr.Textbox(label="Target date (YYYY-MM-DD)")
            goal_btn = gr.Button("Add goal")
        with gr.Row():
            goal_id = gr.Number(label="Goal id", precision=0)
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
    session_id = gr.Number(label="Session id", precision=0)
    segments_md = gr.Markdown()
    with gr.Group(visible=False) as notes_box:
        gr.Markdown("#### Mentor notes (segments by number or title, one per line)")
        with gr.Row():
            covered = gr.Textbox(label="Covered", lines=3)
            skipped = gr.Textbox(label="Skipped", lines=3)
            questions = gr.Textbox(label="Open questions", lines=3)
        notes_btn = gr.Button("Save notes")
    with gr.Group(visible=False) as rate_box:
        gr.Markdown("#### Rate the session")
        with gr.Row():
            rating = gr.Slider(1, 5, step=1, value=4, label="Rating")
            helped = gr.Textbox(label="What helped")
            change = gr.Textbox(label="What to change")
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
            new_mentor = gr.Textbox(label="Mentor")
            new_exec = gr.Textbox(label="Executive")
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

    refresh.click(my_pairs, None, pairs_table, api_name="j_pairs")
    show_btn.click(show_pair, pair_id, pair_md, api_name="j_pair")
    pair_form = [new_mentor, new_exec, new_role, new_levels]
    create_btn.click(create_pair, pair_form, [create_msg, pairs_table],
                     api_name="j_create_pair").success(clear_pair_form, None, pair_form,
                                                       api_visibility="private")
    goal_btn.click(add_goal, [pair_id, goal_text, target], goal_msg, api_name="j_add_goal")
    progress_btn.click(goal_progress, [goal_id, progress, comment], goal_msg,
                       api_name="j_goal_progress")
    draft_btn.click(draft_next, [pair_id, topic, minutes, wishes, start], [next_md, session_id],
                    api_name="j_draft_next")
    session_id.change(segments, session_id, segments_md, api_name="j_segments")
    notes_btn.click(mentor_notes, [session_id, covered, skipped, questions], feedback_msg,
                    api_name="j_mentor_notes")
    rate_btn.click(rate, [session_id, rating, helped, change], feedback_msg, api_name="j_rate")
    feedback_btn.click(feedback, session_id, feedback_msg, api_name="j_feedback")
    ics_btn.click(invite, [session_id, ics_start], download, api_name="j_ics")
    sheet_btn.click(pre_reading, [session_id, sheet_fmt], download, api_name="j_pre_reading")
    programme_btn.click(programme, None, [totals, programme_pairs, topics_plot, topics_table,
                                          gaps_plot, gaps_table], api_name="j_programme")

    @errors
    def initial(request: gr.Request) -> tuple[Any, ...]:
        user = getattr(request, "username", None)
        role = access.users.role_of(user)
        if role is None:
            return (gr.skip(),) * 5
        return (pair_rows(str(user)), gr.Group(visible=role == Role.MENTOR),
                gr.Group(visible=role == Role.MENTOR), gr.Group(visible=role == Role.EXECUTIVE),
                gr.Group(visible=role == Role.ADMIN))

    app.load(initial, None, [pairs_table, mentor_box, notes_box, rate_box, admin_box],
             api_visibility="private")
