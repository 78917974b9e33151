"""A newcomer's first hour (issue 15), handlers called in-process with live sessions: an
executive reads a plan shared with them, and each role lands on its first visible tab."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from tests.conftest import signed_in
from tests.planning.conftest import sample_plan


@pytest.fixture
def ui(services) -> SimpleNamespace:
    """The app's handlers over fresh services: three users and maya's plan shared with erik."""
    from assistant.planning.plan import SessionPlan
    from ui.app import build_app

    for name, role in (("maya", "mentor"), ("erik", "executive"), ("ada", "admin"),
                       ("olga", "executive")):
        services.users.add(name, role, "password-123")
    plans = services.planner.plans
    stored = plans.create(SessionPlan.model_validate(sample_plan()), "maya", "offline")
    plans.share(stored.id, "maya", "erik")
    app = build_app(services)
    return SimpleNamespace(services=services, plan_id=str(stored.id), app=app,
                           user=lambda name: signed_in(services, name),
                           handlers={fn.name: fn.fn for fn in app.fns.values()})


def test_an_executive_reads_a_plan_shared_with_them(ui):
    text, sources, box = ui.handlers["show_plan"](ui.plan_id, ui.user("erik"))
    assert "LinkedIn for a CFO" in text and "Pre-reading" in text and "read-only" in text
    assert "[S1]" in sources and "Doc › Intro" in sources  # its sources, each openable
    assert box.visible is True


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [
        ("md", b"# LinkedIn for a CFO"),  # Markdown starts with the title
        ("docx", b"PK"),  # a DOCX is a zip archive
        ("pdf", b"%PDF"),  # a PDF header
    ],
)
def test_an_executive_downloads_a_shared_plan(ui, fmt, magic):
    path = Path(ui.handlers["download_plan"](ui.plan_id, fmt, ui.user("erik")))
    assert path.suffix == f".{fmt}" and path.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    "handler",
    [
        "show_plan",  # reading
        "download_plan",  # exporting
    ],
)
def test_a_plan_not_shared_is_refused(ui, handler):
    args = (ui.plan_id,) if handler == "show_plan" else (ui.plan_id, "md")
    with pytest.raises(gr.Error, match=f"no plan {ui.plan_id} of yours"):
        ui.handlers[handler](*args, ui.user("olga"))


@pytest.mark.parametrize(
    ("user", "tab", "cue"),
    [
        ("maya", "plan", "Draft plan"),  # a mentor lands on the plan builder
        ("erik", "ask", "About a plan"),  # an executive lands on Ask, told to pick a plan
        ("ada", "plan", "Admin"),  # an admin's first visible tab, with a pointer to Admin
    ],
)
def test_each_role_lands_on_its_first_visible_tab(ui, user, tab, cue):
    greeting, hint, tabs, mentor_tab, ask_tab, *_ = ui.handlers["on_load"](ui.user(user))
    assert tabs.selected == tab and cue in hint and hint.startswith("Start here")
    visible = {"plan": mentor_tab.visible, "ask": ask_tab.visible}
    assert visible[tab] is True


SECRET = "my api key is sk-proj-abcdefghijklmnopqrstuvwxyz123456"


def test_a_blocked_draft_unloads_the_earlier_plan_and_names_the_fields(ui):
    draft = ui.handlers["draft_plan"]
    *_, last = draft("CFO", "beginner", f"Post weekly\n{SECRET}", "LinkedIn STRICTLY "
                     "CONFIDENTIAL board results", 30, "", ui.user("maya"))
    text, withheld, sources, plan_id, body = last
    assert plan_id is None and body == "" and sources == ""  # nothing left to refine/export
    assert "Found in: topic, goal 2" in text and "still in the form" in text
    assert "sk-proj" not in text
    for handler, args in (("refine_plan", (plan_id, "shorter")), ("export_plan", (plan_id, "md")),
                          ("share_plan", (plan_id, "erik"))):
        with pytest.raises(gr.Error, match="Draft or open a plan first"):
            ui.handlers[handler](*args, ui.user("maya"))


def test_a_blocked_chat_question_stays_in_the_box(ui):
    steps = list(ui.handlers["ask"](SECRET, [], "", "", ui.user("erik")))
    history, box, _chat = steps[-1]
    assert box == SECRET and "sk-proj" not in history[-1]["content"]
    allowed = list(ui.handlers["ask"]("How often should I post?", [], "", "", ui.user("erik")))
    assert allowed[-1][1] == ""  # an answered question clears the box


@pytest.mark.parametrize(
    ("provider", "shown"),
    [
        ("offline", "drafted offline (no model)"),  # the default composer is no model
        ("offline (fallback)", "drafted offline (no model), fallback"),  # after an LLM failed
        ("openai:gpt-4o-mini", "drafted by openai:gpt-4o-mini"),  # a model names itself
    ],
)
def test_the_plan_header_says_who_drafted_it(provider, shown):
    from ui.mentor import drafted

    assert drafted(provider) == shown


def test_programme_bar_charts_count_from_zero(services):
    """The plot's y scale is not zero-based: equal counts drew an empty 1.000000 axis."""
    from ui.app import build_app

    plots = [b for b in build_app(services).blocks.values() if isinstance(b, gr.BarPlot)]
    assert len(plots) == 2
    assert all(p.y_lim is not None and p.y_lim[0] == 0 for p in plots)


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("terms_add", ["Term"]),  # a confidential term, once added
        ("terms_remove", ["Term"]),  # ... or removed
        ("create_pair", ["Mentor", "Executive", "Executive's role",
                         "Familiarity (topic=level per line)"]),  # a pair, once created
    ],
)
def test_fields_clear_after_success(ui, action, fields):
    app = ui.app
    fns = list(app.fns.values())
    first = next(i for i, fn in enumerate(fns) if fn.name == action)
    then = [fn for fn in fns if fn.trigger_after == fns[first]._id
            and fn.trigger_only_on_success]
    assert len(then) == 1  # runs only when the action succeeded
    assert [o.label for o in then[0].outputs] == fields
    cleared = then[0].fn(ui.user("ada"))
    assert cleared == ("",) * len(fields) if len(fields) > 1 else cleared == ""
    with pytest.raises(gr.Error):  # a clearing handler checks the role too
        then[0].fn(ui.user("erik"))
