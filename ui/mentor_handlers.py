"""The mentor tab's handlers as plain methods, testable in-process with a signed-in
`gr.Request`: draft (step by step), refine, edit (form or JSON), export, share, open.

Every handler checks the caller's role first; the planner decides who may do what with a
plan, screens every save and stores it as a new version. ``build_mentor_tab`` wires these
methods to components through ``Access.handler``.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.guardrail.policy import CATEGORY_NAMES
from assistant.planning.editing import (
    Plan,
    PlanForm,
    add_point,
    apply_form,
    delete_segment,
    first_sentence,
    move_segment,
)
from assistant.planning.export import export
from assistant.planning.plan import PlanError, PlanRequest, SessionPlan
from assistant.planning.planner import PlanResult, Step
from assistant.planning.records import PlanAction
from assistant.sanitize import safe_markdown
from assistant.services import Services
from assistant.users import Role
from ui.access import Access
from ui.plan_editor import editor_view
from ui.scratch import scratch_dir

PLAN_OUTPUTS = ("plan_md", "withheld", "sources", "plan_id", "body")
# Drafting's progress reaches the page when it starts, then at most once per this many
# seconds: each update is a round of Gradio's post-processing and a message to the page, and a
# stage that ends sooner is ticked off in the next update (or the plan itself).
PROGRESS_EVERY = 1.0


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
    """Each citation opens the cited passage, as the planner lets this user read it now."""
    return "\n".join(
        f"<details><summary><b>[{p.source.id}]</b> {html.escape(p.source.label)}</summary>"
        f"<blockquote>{html.escape(p.text)}</blockquote></details>"
        for p in services.planner.cited_passages(plan, user))


def progress_markdown(steps: list[Step]) -> str:
    """The drafting stages so far: done ones ticked, the last one under way."""
    lines = [f"- ✓ {s.text}" for s in steps[:-1]] + [f"- ⏳ **{steps[-1].text}…**"]
    return "**Drafting your plan**\n\n" + "\n".join(lines)


class MentorHandlers:
    """The mentor tab's handlers over the services; ``access`` checks every caller."""

    def __init__(self, services: Services, access: Access, progress_every: float = PROGRESS_EVERY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.services = services
        self.access = access
        self.planner = services.planner
        self.progress_every = progress_every
        self.clock = clock

    def mentor(self, request: gr.Request | None) -> str:
        return self.access.require(request, Role.MENTOR, Role.ADMIN)

    # ---- drafting and versions -----------------------------------------------------------

    def draft_plan(self, role: str, familiarity: str, goals: str, topic: str, minutes: float,
                   notes: str, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """The first stage as it starts, then the stage under way at most every
        ``progress_every`` seconds, then the plan (or why there is none)."""
        user = self.mentor(request)
        try:
            plan_request = PlanRequest(
                topic=topic.strip(), mentee_role=role.strip(), minutes=int(minutes),
                goals=[g.strip() for g in goals.splitlines() if g.strip()],
                familiarity=familiarity, notes=notes.strip())
        except ValidationError as exc:
            raise gr.Error("Check the form: " + "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
        steps: list[Step] = []
        shown: float | None = None
        for item in self.planner.drafting(plan_request, user):
            if isinstance(item, Step):
                steps.append(item)
                if shown is None or self.clock() - shown >= self.progress_every:
                    yield progress_markdown(steps), "", "", gr.skip(), gr.skip()
                    shown = self.clock()
                continue
            if item.plan is not None:
                yield self.show(item, user)
                return
            # no new plan: the earlier one is unloaded so Refine, Export and Share cannot act
            # on it by mistake; the form keeps the user's text to fix
            text, withheld_md, *_ = self.show(item, user)
            yield (f"{text}\n\n*Your text is still in the form. Any earlier plan is saved; "
                   "open it from Saved plans.*", withheld_md, "", None, "")

    def cancel_draft(self, request: gr.Request) -> str:
        """What the page says once a draft was cancelled (Gradio stops the draft itself)."""
        self.mentor(request)
        return ("*Draft cancelled: no further stage was run. A plan that had reached "
                "“Saving” is under Saved plans.*")

    def refine_plan(self, plan_id: Any, instruction: str, request: gr.Request) -> tuple[Any, ...]:
        user = self.mentor(request)
        number = plan_number(plan_id)
        if not instruction.strip():
            raise gr.Error("Say how to change the plan, e.g. “make the exercise about Reels”.")
        result = self.planner.refine(number, user, instruction.strip())
        return (*self.show(result, user), result.report_markdown() or result.message)

    def save_edit(self, plan_id: Any, body: str, request: gr.Request) -> tuple[Any, ...]:
        """Save the JSON view as a new version (screened by the planner)."""
        user = self.mentor(request)
        return self.show(self.planner.edit(plan_number(plan_id), working(body), user), user)

    def open_plan(self, plan_id: Any, request: gr.Request) -> tuple[Any, ...]:
        user = self.mentor(request)
        stored = self.planner.plans.get(plan_number(plan_id), user)
        return self.show(PlanResult(stored.plan, stored.id, stored.version, stored.provider,
                                    notice=stored.notice), user)

    def show(self, result: PlanResult, user: str) -> tuple[Any, ...]:
        """The outputs in PLAN_OUTPUTS order; the plan id and JSON view stay when no plan."""
        if result.plan is None:
            return (f"**{result.message or 'No plan was made.'}**", withheld_markdown(result),
                    "", gr.skip(), gr.skip())
        notice = f"> {result.notice}\n\n" if result.notice else ""
        header = (f"*Plan {result.plan_id}, version {result.version} · "
                  f"{drafted(result.provider)}*\n\n" if result.plan_id else "")
        return (safe_markdown(notice + header + result.plan.to_markdown()),
                withheld_markdown(result), sources_html(self.services, result.plan, user),
                result.plan_id, result.plan.model_dump_json(indent=2))

    # ---- the form editor: (request, [choice,] rebalance, body, *form) ---------------------

    def fill_editor(self, request: gr.Request, body: str) -> tuple[Any, ...]:
        """The editor for the plan in the JSON view (hidden when there is none)."""
        self.mentor(request)
        return editor_view(working(body) if body and body.strip() else None)

    def edit_form(self, request: gr.Request, rebalance: bool, body: str,
                  *form: Any) -> tuple[Any, ...]:
        """The form's edits applied to the working copy (not saved): minutes rebalanced."""
        self.mentor(request)
        filled = read_form(form)
        return editor_view(apply_form(working(body), filled, rebalance), filled.segment)

    def pick_segment(self, request: gr.Request, choice: Any, rebalance: bool, body: str,
                     *form: Any) -> tuple[Any, ...]:
        self.mentor(request)
        return editor_view(apply_form(working(body), read_form(form), rebalance), index(choice))

    def move_up(self, request: gr.Request, rebalance: bool, body: str,
                *form: Any) -> tuple[Any, ...]:
        return self._move(request, rebalance, body, form, -1)

    def move_down(self, request: gr.Request, rebalance: bool, body: str,
                  *form: Any) -> tuple[Any, ...]:
        return self._move(request, rebalance, body, form, 1)

    def _move(self, request: gr.Request, rebalance: bool, body: str, form: tuple[Any, ...],
              offset: int) -> tuple[Any, ...]:
        self.mentor(request)
        filled = read_form(form)
        plan = move_segment(apply_form(working(body), filled, rebalance), filled.segment, offset)
        target = max(0, min(filled.segment + offset, len(plan["agenda"]) - 1))
        return editor_view(plan, target)

    def delete_segment(self, request: gr.Request, rebalance: bool, body: str,
                       *form: Any) -> tuple[Any, ...]:
        self.mentor(request)
        filled = read_form(form)
        plan = delete_segment(apply_form(working(body), filled, rebalance), filled.segment,
                              rebalance)
        return editor_view(plan, filled.segment)

    def add_point(self, request: gr.Request, source_id: str, plan_id: Any, rebalance: bool,
                  body: str, *form: Any) -> tuple[Any, ...]:
        """A talking point citing ``source_id``, its text the passage's first sentence as the
        planner shows it (screened); the mentor rewords it in the table."""
        user = self.mentor(request)
        filled = read_form(form)
        passages = {p.source.id: p for p in self.planner.passages(plan_number(plan_id), user)}
        passage = passages.get(source_id)
        if passage is None or not passage.available:
            raise PlanError(f"{source_id or 'that source'}: its passage cannot be shown now; "
                            "type the point in the table and cite it there")
        plan = apply_form(working(body), filled, rebalance)
        plan = add_point(plan, filled.segment, source_id, first_sentence(passage.text))
        return editor_view(plan, filled.segment)

    def save_form(self, request: gr.Request, plan_id: Any, rebalance: bool, body: str,
                  *form: Any) -> tuple[Any, ...]:
        """The form saved as a new version (screened at the input stage by the planner); a
        refused save keeps the working copy in the JSON view to fix."""
        user = self.mentor(request)
        plan = apply_form(working(body), read_form(form), rebalance)
        result = self.planner.edit(plan_number(plan_id), plan, user)
        shown = self.show(result, user)
        if result.plan is None:
            return (*shown[:4], json.dumps(plan, indent=2, ensure_ascii=False))
        return shown

    # ---- export, share, saved plans ------------------------------------------------------

    def export_plan(self, plan_id: Any, fmt: str, request: gr.Request) -> str:
        user = self.mentor(request)
        stored = self.planner.plans.get(plan_number(plan_id), user, action=PlanAction.EXPORT)
        folder = scratch_dir("coach-export-")
        path = folder / f"plan-{stored.id}-v{stored.version}.{fmt}"
        path.write_bytes(export(stored.plan, fmt))  # type: ignore[arg-type]
        return str(path)

    def share_plan(self, plan_id: Any, executive: str, request: gr.Request) -> str:
        user = self.mentor(request)
        number = plan_number(plan_id)
        self.planner.plans.share(number, user, (executive or "").strip().lower())
        return f"Plan {number} is shared with {executive}."

    def my_plans(self, request: gr.Request) -> tuple[list[list[Any]], Any]:
        """The saved-plans table and the list to open one from, as they are now."""
        return self.saved_plans(self.mentor(request))

    def saved_plans(self, user: str) -> tuple[list[list[Any]], Any]:
        plans = self.planner.plans.list(owner=user)
        rows = [[p["id"], p["title"], p["topic"], p["version"], str(p["updated"])[:16]]
                for p in plans]
        choices = [(f"{p['title']} · v{p['version']} · plan {p['id']}", p["id"]) for p in plans]
        return rows, gr.Dropdown(choices=choices)

    def initial(self, request: gr.Request) -> tuple[Any, Any, Any]:
        """The executives to share with and the saved plans, for a mentor's page load."""
        user = getattr(request, "username", None)
        if self.access.users.role_of(user) not in (Role.MENTOR, Role.ADMIN):
            return gr.skip(), gr.skip(), gr.skip()
        return (gr.Dropdown(choices=self.access.users.names(Role.EXECUTIVE)),
                *self.saved_plans(str(user)))


def plan_number(plan_id: Any) -> int:
    if plan_id in (None, ""):
        raise gr.Error("Draft or open a plan first.")
    try:
        return int(plan_id)
    except (TypeError, ValueError):
        raise gr.Error("Choose a saved plan from the list.") from None


def working(body: str) -> Plan:
    """The working copy in the JSON view."""
    if not (body or "").strip():
        raise gr.Error("Draft or open a plan first.")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise gr.Error(f"The edited plan is not valid JSON (line {exc.lineno}).") from None
    if not isinstance(data, dict):
        raise gr.Error("The edited plan must be a JSON object, as in the JSON view.")
    return data


def index(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise gr.Error(f"{value!r} is not a segment number.") from None


def read_form(values: tuple[Any, ...]) -> PlanForm:
    """The form's components' values, in PlanForm's field order."""
    if len(values) != 11:
        raise gr.Error(f"the plan editor sent {len(values)} fields, not 11; reload the page")
    form = PlanForm(*values)
    form.segment = index(form.segment)
    return form
