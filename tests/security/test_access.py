# ruff: noqa: F811  (the `live` fixture is imported, and test arguments name it)
"""Attacks on access through the live app's HTTP API: an executive calling every mentor and
admin handler (private ones too, by fn_index), a mentor reaching for another mentor's real
plan and pair, and what a refusal leaves in the server's output."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from gradio_client.exceptions import AppError

from tests.security.live import Live, live  # noqa: F401  (the fixture)

# every handler the app has, by function name; a new one must be classified here
MENTOR_ONLY = {"draft_plan", "refine_plan", "save_edit", "export_plan", "share_plan",
               "my_plans", "open_plan", "draft_next", "mentor_notes", "cancel_draft",
               "fill_editor", "edit_form", "pick_segment", "move_up", "move_down",
               "delete_segment", "add_point", "save_form"}
ADMIN_ONLY = {"kb_table", "kb_upload", "kb_approve", "kb_retire", "kb_remove",
              "kb_resync", "kb_preview", "terms_add", "terms_remove", "terms_list", "audit",
              "usage", "create_pair", "programme", "clear_term", "clear_pair_form",
              "kb_why", "kb_override", "kb_reupload", "kb_pick", "kb_select", "admin_lists",
              "term_select"}
ANY_ROLE = {"initial", "ask", "refresh_chats", "load_chat", "last_answer", "search", "on_load",
            "my_pairs", "pair_picker", "pick_row", "people", "pair_view", "add_goal",
            "goal_progress", "session_view", "rate", "feedback", "invite", "pre_reading",
            "show_plan", "download_plan"}
REFUSED = "This action is for (mentors or admins|admins|mentors) only"


def dummy(component: Any, live: Live) -> Any:
    """A plausible value for an input: ids are a real object that belongs to someone else."""
    kind = type(component).__name__
    if kind == "Dropdown" and not component.allow_custom_value:
        return component.choices[0][1]  # the dropdown accepts only its own choices
    values = {"Number": live.ids["noor_plan"], "Slider": 30, "Radio": "md", "Code": "{}",
              "File": None, "Chatbot": [], "Dropdown": "linkedin-strategy-for-executives",
              "Checkbox": True, "CheckboxGroup": [],
              "Dataframe": {"headers": ["A"], "data": [["Project Nightjar"]]}}
    return values.get(kind, "Project Nightjar")


def call(live: Live, user: str, index: int) -> Any:
    """Call a handler by fn_index, as a hand-written client would (private ones included)."""
    client = live.client(user)
    client.endpoints[index].is_valid = True  # the browser may call it, so an attacker can
    args = [dummy(c, live) for c in live.app.fns[index].inputs]
    return client.predict(*args, fn_index=index)


def state(live: Live) -> Any:
    s = live.services
    return ([r.as_dict() for r in s.kb.documents()], s.guardrail.terms.list(),
            s.planner.plans.list(), [p.as_dict() for p in s.journeys.pairs("ada")])


def test_every_handler_is_classified(live):
    # a Cancel button's event runs no server code (fn None): it only stops another event
    names = {fn.name for fn in live.app.fns.values() if fn.fn is not None}
    assert names == MENTOR_ONLY | ADMIN_ONLY | ANY_ROLE, names ^ (MENTOR_ONLY | ADMIN_ONLY |
                                                                 ANY_ROLE)


@pytest.mark.parametrize(
    ("user", "names"),
    [
        ("erik", MENTOR_ONLY),  # an executive calls every mentor handler
        ("erik", ADMIN_ONLY),  # and every admin handler
        ("maya", ADMIN_ONLY),  # a mentor calls every admin handler
    ],
    ids=["executive-mentor", "executive-admin", "mentor-admin"],
)
def test_role_handlers_refuse_other_roles_by_fn_index(live, user, names):
    before = state(live)
    indexes = [i for name in sorted(names) for i in live.fn_indexes(name)]
    assert len(indexes) >= len(names)
    for index in indexes:
        with pytest.raises(AppError, match=REFUSED):
            call(live, user, index)
    assert state(live) == before


def test_private_any_role_handlers_leak_nothing_to_an_executive(live):
    """Private loaders answer an executive with their own data only: no other user's plan,
    no admin tables."""
    others = f"{live.ids['noor_plan']}: "
    for index, fn in live.app.fns.items():
        if fn.api_visibility != "private" or fn.name not in ANY_ROLE or fn.name == "ask":
            continue
        try:
            out = json.dumps(call(live, "erik", index), default=str)
        except AppError as refused:  # someone else's plan, or a made-up choice: no leak
            assert re.match(r"no plan \d+ of yours$|Choose a \w+ from the list\.$|"
                            r"Click a row of the pairs table\.$",
                            str(refused)), (fn.name, refused)
            continue
        assert others not in out, fn.name
        assert "guardrail flags" not in out and "Project Nightjar" not in out, fn.name


@pytest.mark.parametrize(
    ("endpoint", "args"),
    [
        ("/open_plan", ()),  # reading it
        ("/refine_plan", ("Make it about Reels",)),  # refining it
        ("/edit_plan", ("{}",)),  # editing it
        ("/export_plan", ("pdf",)),  # exporting it
        ("/share_plan", ("erik",)),  # sharing it with one's own executive
    ],
)
def test_a_mentor_cannot_touch_another_mentors_real_plan(live, endpoint, args):
    plan_id = live.ids["noor_plan"]
    versions = len(live.services.planner.plans.versions(plan_id, "noor"))
    with pytest.raises(AppError, match=f"^no plan {plan_id} of yours$"):
        live.client("maya").predict(plan_id, *args, api_name=endpoint)
    assert len(live.services.planner.plans.versions(plan_id, "noor")) == versions
    assert not live.services.planner.plans.readable(plan_id, "erik")


def test_unknown_and_foreign_ids_get_the_same_refusal(live):
    """A stranger cannot tell whether a plan, chat or pair exists."""
    maya, erik = live.client("maya"), live.client("erik")
    foreign, missing = live.ids["noor_plan"], live.ids["noor_plan"] + 500
    messages = []
    for number in (foreign, missing):
        with pytest.raises(AppError) as plan:
            maya.predict(number, api_name="/open_plan")
        with pytest.raises(AppError) as asked:
            erik.predict("How often should I post?", [], "", str(number), api_name="/ask")
        messages.append((str(plan.value).replace(str(number), "N"),
                         str(asked.value).replace(str(number), "N")))
    assert messages[0] == messages[1] == ("no plan N of yours", "no plan N of yours")
    pair, absent = live.ids["noor_pair"], live.ids["noor_pair"] + 500
    for number in (pair, absent):
        with pytest.raises(AppError, match=f"^no pair {number} of yours$"):
            maya.predict(number, None, None, api_name="/j_pair")


def test_a_shared_plan_may_be_asked_about_and_an_admin_reads_but_does_not_change(live):
    history, _, chat_id = live.client("erik").predict(
        "How often should I post on LinkedIn?", [], "", str(live.ids["maya_plan"]),
        api_name="/ask")
    assert chat_id and "[S" in json.dumps(history)
    with pytest.raises(AppError, match=f"^no chat {chat_id} of yours$"):
        live.client("lena").predict(chat_id, api_name="/load_chat")
    ada, plan_id = live.client("ada"), live.ids["noor_plan"]
    assert "## Agenda" in ada.predict(plan_id, api_name="/open_plan")[0]
    with pytest.raises(AppError, match="only the plan's author may refine"):
        ada.predict(plan_id, "Shorter", api_name="/refine_plan")


def test_a_refusal_is_one_warning_line_without_a_traceback(live, capfd, caplog):
    with caplog.at_level("WARNING", logger="ui.access"), \
            pytest.raises(AppError, match="admins only"):
        live.client("erik").predict(api_name="/usage")
    refusals = [r for r in caplog.records if r.name == "ui.access"]
    assert [r.levelname for r in refusals] == ["WARNING"]
    assert "user=erik role=executive action=usage" in refusals[0].getMessage()
    assert refusals[0].exc_info is None
    assert "Traceback" not in capfd.readouterr().err
