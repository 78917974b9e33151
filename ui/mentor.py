"""Mentor area: draft a plan, see what the guardrail withheld, refine, edit, export, share."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.guardrail import Stage
from assistant.guardrail.policy import CATEGORY_NAMES
from assistant.planning.export import export
from assistant.planning.plan import PlanRequest, SessionPlan
from assistant.planning.planner import PlanResult
from assistant.planning.records import PlanAction
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access
from ui.scratch import scratch_dir

FAMILIARITY = ["new", "beginner", "intermediate", "advanced"]
PLAN_COLUMNS = ["id", "title", "topic", "version", "updated"]


PAST = {"block": "blocked", "redact": "redacted", "allow": "allowed"}


def withheld_markdown(result: PlanResult) -> str:
    """What the guardrail removed or refused: where, stage, and each category with the action
    its policy takes at that stage; never the content."""
    if not result.withheld:
        return "Nothing was withheld."
    rows = []
    for w in result.withheld:
        actions = w.actions or dict.fromkeys(w.categories, w.action)
        found = ", ".join(f"{CATEGORY_NAMES.get(c, c)}: {PAST.get(a, a)}"
                          for c, a in actions.items())
        rows.append(f"- **{w.where}** ({w.stage} stage): {PAST.get(w.action, w.action)} — "
                    f"{found}")
    return "\n".join(rows)


def drafted(provider: str) -> str:
    """Who wrote a version, in words: the offline composer is no model."""
    if provider.startswith("offline"):
        return "drafted offline (no model)" + (", fallback" if "fallback" in provider else "")
    if provider == "mentor":
        return "edited by the mentor"
    return f"drafted by {provider}"


def sources_html(services: Services, plan: SessionPlan, user: str) -> str:
    """Each citation opens the cited passage (screened like any context)."""
    chunks = {c.id: c for c in services.store.get([s.chunk_id for s in plan.sources])}
    items = []
    for source in plan.sources:
        chunk = chunks.get(source.chunk_id)
        text = (services.guardrail.screen(chunk.text, Stage.CONTEXT, user=user).text
                if chunk else "(this passage is no longer in the knowledge base)")
        items.append(
            f"<details><summary><b>[{source.id}]</b> {html.escape(source.label)}</summary>"
            f"<blockquote>{html.escape(text)}</blockquote></details>"
        )
    return "\n".join(items)


def build_mentor_tab(app: gr.Blocks, services: Services, access: Access) -> None:
    """The mentor's plan builder; every handler checks the role on the server, and the
    planner decides who may do what with a plan."""
    errors = access.handler
    planner = services.planner

    def mentor(request: gr.Request | None) -> str:
        return access.require(request, Role.MENTOR, Role.ADMIN)

    def plan_number(plan_id: Any) -> int:
        if plan_id in (None, ""):
            raise gr.Error("Draft or open a plan first.")
        return int(plan_id)

    def show(result: PlanResult, user: str) -> tuple[Any, ...]:
        if result.plan is None:
            return (f"**{result.message or 'No plan was made.'}**", withheld_markdown(result),
                    "", gr.skip(), gr.skip())
        notice = f"> {result.notice}\n\n" if result.notice else ""
        header = (f"*Plan {result.plan_id}, version {result.version} · "
                  f"{drafted(result.provider)}*\n\n" if result.plan_id else "")
        return (safe_markdown(notice + header + result.plan.to_markdown()),
                withheld_markdown(result),
                sources_html(services, result.plan, user), result.plan_id,
                result.plan.model_dump_json(indent=2))

    @errors
    def draft_plan(role: str, familiarity: str, goals: str, topic: str, minutes: float,
                   notes: str, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        user = mentor(request)
        try:
            plan_request = PlanRequest(
                topic=topic.strip(), mentee_role=role.strip(), minutes=int(minutes),
                goals=[g.strip() for g in goals.splitlines() if g.strip()],
                familiarity=familiarity, notes=notes.strip())
        except ValidationError as exc:
            raise gr.Error("Check the form: " + "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
        yield ("*Screening the request and retrieving approved guidance…*", "", "",
               gr.skip(), gr.skip())
        result = planner.create(plan_request, user)
        if result.plan is not None:
            yield show(result, user)
            return
        # no new plan: the earlier one is unloaded so Refine, Export and Share cannot act on
        # it by mistake; the form keeps the user's text to fix
        text, withheld_md, *_ = show(result, user)
        yield (f"{text}\n\n*Your text is still in the form. Any earlier plan is saved; open "
               "it from Saved plans.*", withheld_md, "", None, "")

    @errors
    def refine_plan(plan_id: Any, instruction: str, request: gr.Request) -> tuple[Any, ...]:
        user = mentor(request)
        number = plan_number(plan_id)
        if not instruction.strip():
            raise gr.Error("Say how to change the plan, e.g. “make the exercise about Reels”.")
        result = planner.refine(number, user, instruction.strip())
        return (*show(result, user), result.report_markdown() or result.message)

    @errors
    def save_edit(plan_id: Any, body: str, request: gr.Request) -> tuple[Any, ...]:
        user = mentor(request)
        number = plan_number(plan_id)
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise gr.Error(f"The edited plan is not valid JSON (line {exc.lineno}).") from None
        return show(planner.edit(number, data, user), user)

    @errors
    def export_plan(plan_id: Any, fmt: str, request: gr.Request) -> str:
        user = mentor(request)
        stored = planner.plans.get(plan_number(plan_id), user, action=PlanAction.EXPORT)
        folder = scratch_dir("coach-export-")
        path = folder / f"plan-{stored.id}-v{stored.version}.{fmt}"
        path.write_bytes(export(stored.plan, fmt))  # type: ignore[arg-type]
        return str(path)

    @errors
    def share_plan(plan_id: Any, executive: str, request: gr.Request) -> str:
        user = mentor(request)
        number = plan_number(plan_id)
        planner.plans.share(number, user, (executive or "").strip().lower())
        return f"Plan {number} is shared with {executive}."

    def plan_rows(user: str) -> list[list[Any]]:
        return [[p["id"], p["title"], p["topic"], p["version"], str(p["updated"])[:16]]
                for p in planner.plans.list(owner=user)]

    @errors
    def my_plans(request: gr.Request) -> list[list[Any]]:
        return plan_rows(mentor(request))

    @errors
    def open_plan(plan_id: Any, request: gr.Request) -> tuple[Any, ...]:
        user = mentor(request)
        stored = planner.plans.get(plan_number(plan_id), user)
        result = PlanResult(stored.plan, stored.id, stored.version, stored.provider,
                            notice=stored.notice)
        return show(result, user)

    @errors
    def initial(request: gr.Request) -> tuple[Any, Any]:
        user = getattr(request, "username", None)
        if access.users.role_of(user) not in (Role.MENTOR, Role.ADMIN):
            return gr.skip(), gr.skip()
        return gr.Dropdown(choices=access.users.names(Role.EXECUTIVE)), plan_rows(str(user))

    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            role = gr.Textbox(label="Mentee role", placeholder="CFO")
            familiarity = gr.Dropdown(FAMILIARITY, value="beginner", label="Familiarity")
            goals = gr.Textbox(label="Goals (one per line)", lines=3,
                               placeholder="Post on LinkedIn once a week")
            topic = gr.Textbox(label="Topic", placeholder="LinkedIn and short-form video")
            minutes = gr.Slider(15, 240, value=45, step=5, label="Duration (minutes)")
            notes = gr.Textbox(label="Notes", lines=2)
            draft = gr.Button("Draft plan", variant="primary")
            with gr.Accordion("Saved plans", open=False):
                plans_table = gr.Dataframe(headers=PLAN_COLUMNS, interactive=False)
                refresh_plans = gr.Button("Refresh")
                open_id = gr.Number(label="Plan id", precision=0)
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
            with gr.Accordion("Edit the plan (JSON)", open=False):
                body = gr.Code(language="json", label="Plan")
                save = gr.Button("Save edit")
            with gr.Row():
                fmt = gr.Radio(["md", "docx", "pdf"], value="md", label="Export format")
                export_btn = gr.Button("Export")
                download = gr.File(label="Download")
            with gr.Row():
                executive = gr.Dropdown(label="Share with executive", choices=[],
                                        allow_custom_value=True)
                share = gr.Button("Share")
                shared = gr.Markdown()

    outputs = [plan_md, withheld, sources, plan_id, body]
    draft.click(draft_plan, [role, familiarity, goals, topic, minutes, notes], outputs,
                api_name="draft_plan")
    refine.click(refine_plan, [plan_id, instruction], [*outputs, refine_report],
                 api_name="refine_plan")
    save.click(save_edit, [plan_id, body], outputs, api_name="edit_plan")
    export_btn.click(export_plan, [plan_id, fmt], download, api_name="export_plan")
    share.click(share_plan, [plan_id, executive], shared, api_name="share_plan")
    refresh_plans.click(my_plans, None, plans_table, api_name="my_plans")
    open_btn.click(open_plan, open_id, outputs, api_name="open_plan")
    app.load(initial, None, [executive, plans_table], api_visibility="private")
