"""What the browser sees when a handler fails, and what the log keeps: refusals and user
errors keep their clear text (a refusal is one warning line), anything else is a short
message with an error id, the detail logged under that id only."""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace

import gradio as gr
import pytest

from assistant.planning.llm import LLMError
from tests.conftest import signed_in

INTERNAL = "http://10.0.0.5:8080/v1 said: invalid api key sk-live-0123456789"


@pytest.fixture
def ui(services) -> SimpleNamespace:
    """The app's handlers (wrapped as Gradio calls them) over fresh services with users."""
    from ui.app import build_app

    for name, role in (("maya", "mentor"), ("erik", "executive"), ("ada", "admin")):
        services.users.add(name, role, "password-123")
    app = build_app(services)
    return SimpleNamespace(services=services, app=app, user=lambda name: signed_in(services, name),
                           handlers={fn.name: fn.fn for fn in app.fns.values()})


def run(handler, *args):
    """Call a handler; a generator handler is run to its end."""
    out = handler(*args)
    return list(out) if hasattr(out, "__next__") else out


def test_every_handler_goes_through_the_one_wrapper(ui):
    # a Cancel button's event runs no server code (fn None): it only stops another event
    unwrapped = [fn.name for fn in ui.app.fns.values()
                 if fn.fn is not None and getattr(fn.fn, "__wrapped__", None) is None]
    assert unwrapped == []


@pytest.mark.parametrize(
    ("handler", "args", "template"),
    [
        ("search", ("How often should I post?",), "Something went wrong"),  # a fault
        ("ask", ("How often should I post?", [], "", ""), "The language model could not"),
    ],
    ids=["fault", "llm-error"],
)
def test_faults_show_an_error_id_and_log_the_detail(ui, monkeypatch, caplog, handler, args,
                                                    template):
    def boom(*_args, **_kwargs):
        raise (LLMError if handler == "ask" else RuntimeError)(INTERNAL)

    monkeypatch.setattr(ui.services, "guidance", SimpleNamespace(search=boom), raising=False)
    monkeypatch.setattr(ui.services.chat, "stream", boom)
    with caplog.at_level(logging.WARNING), pytest.raises(gr.Error) as shown:
        run(ui.handlers[handler], *args, ui.user("erik"))
    message = str(shown.value.message)
    assert message.startswith(template) and "10.0.0.5" not in message and "sk-live" not in message
    error_id = re.search(r"error id ([0-9a-f]{8})", message).group(1)
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelname == "ERROR"
    assert logged[0].exc_info is not None and INTERNAL in str(logged[0].exc_info[1])
    assert shown.value.print_exception is False  # Gradio prints no second traceback


@pytest.mark.parametrize(
    ("handler", "args", "user", "message"),
    [
        ("open_plan", (7,), "maya", "no plan 7 of yours"),  # an unknown id
        ("save_edit", (7, "{not json"), "maya", "not valid JSON"),  # bad input
        ("pair_view", (3, None, None), "erik", "no pair 3 of yours"),  # a journeys refusal
        ("audit", ("", "", "", "yesterday"), "ada", "is not a date: write it as YYYY-MM-DD"),
    ],
)
def test_user_errors_keep_their_clear_text(ui, handler, args, user, message):
    with pytest.raises(gr.Error, match=message) as shown:
        run(ui.handlers[handler], *args, ui.user(user))
    assert "error id" not in str(shown.value.message)


@pytest.mark.parametrize(
    ("handler", "args", "user", "role"),
    [
        ("kb_table", (), "erik", "executive"),  # an admin handler, by an executive
        ("draft_plan", ("CFO", "new", "", "LinkedIn", 30, ""), "erik", "executive"),  # mentor's
        ("open_plan", (7,), "maya", "mentor"),  # an object that is not hers
    ],
)
def test_a_refusal_is_one_warning_line(ui, caplog, handler, args, user, role):
    with caplog.at_level(logging.DEBUG), pytest.raises(gr.Error) as shown:
        run(ui.handlers[handler], *args, ui.user(user))
    records = [r for r in caplog.records if r.name == "ui.access"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert f"user={user} role={role} action={handler}" in records[0].getMessage()
    assert records[0].exc_info is None and shown.value.print_exception is False
