"""The Ask tab's handlers in-process (signed-in requests, no server): streamed answers, the
follow-up buttons under them (a click asks the question), the cited passages and the answer
as plain text with its sources."""

from __future__ import annotations

import gradio as gr
import pytest

from ui.access import Access
from ui.executive_handlers import ASK_NEXT, FOLLOW_UPS, ExecutiveHandlers

QUESTION = "How often should I post on LinkedIn?"


@pytest.fixture(scope="module")
def h(app_services) -> ExecutiveHandlers:
    return ExecutiveHandlers(app_services.chat, Access(app_services.users, app_services.sessions))


def ask(h, question, history, chat_id, request):
    *_, last = h.ask(question, history, chat_id, "", request)
    return last


def test_under_an_answer_follow_ups_passages_and_plain_text(h, request_as, app_services):
    erik = request_as("erik")
    history, box, chat_id = ask(h, QUESTION, [], "", erik)
    assert box == "" and chat_id
    heading, *buttons, passages, plain = h.last_answer(chat_id, erik)
    shown = [b.value for b in buttons if b.visible]
    assert heading == ASK_NEXT and 2 <= len(shown) <= FOLLOW_UPS and len(buttons) == FOLLOW_UPS
    assert shown == app_services.chat.latest(int(chat_id), "erik").follow_ups
    assert passages.startswith("<details><summary><b>[S1]</b>") and "<blockquote>" in passages
    assert "**" not in plain and "\n\nSources:\n[S1] " in plain

    # a click on a follow-up asks it in the same chat
    history, _, same = ask(h, shown[0], history, chat_id, erik)
    assert same == chat_id and [m["role"] for m in history] == ["user", "assistant"] * 2
    assert history[2]["content"] == shown[0]


def test_a_new_chat_has_nothing_under_it(h, request_as):
    heading, *buttons, passages, plain = h.last_answer("", request_as("erik"))
    assert heading == "" and not any(b.visible for b in buttons) and passages == plain == ""


def test_a_blocked_question_stays_and_offers_nothing(h, request_as):
    erik = request_as("erik")
    secret = "my api key is sk-proj-abcdefghijklmnopqrstuvwxyz123456"
    _, box, chat_id = ask(h, secret, [], "", erik)
    assert box == secret  # kept to be fixed
    heading, *buttons, passages, plain = h.last_answer(chat_id, erik)
    assert heading == "" and not any(b.visible for b in buttons) and "sk-proj" not in plain


def test_another_user_s_chat_is_refused(h, request_as):
    _, _, chat_id = ask(h, QUESTION, [], "", request_as("erik"))
    with pytest.raises(gr.Error, match=f"no chat {chat_id} of yours"):
        h.last_answer(chat_id, request_as("maya"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # a value that is not one of the list's choices: said in words, no Python error
        (lambda h, r: h.load_chat("my chat", r), "Choose a chat from the list."),
        (lambda h, r: h.show_plan("plan one", r), "Choose a plan from the list."),
        (lambda h, r: h.download_plan("", "md", r), "Choose a plan under “About a plan” first."),
    ],
)
def test_errors_are_written_for_a_web_user(h, request_as, call, message):
    with pytest.raises(gr.Error) as raised:
        call(h, request_as("erik"))
    assert raised.value.message == message


def test_each_streamed_update_shows_more_of_the_answer(app_services, request_as):
    every = ExecutiveHandlers(app_services.chat, Access(app_services.users, app_services.sessions),
                              stream_every=0.0)
    outputs = list(every.ask(QUESTION, [], "", "", request_as("erik")))
    shown = [o[0][-1]["content"] for o in outputs[:-1]]
    assert shown and all(shown)  # no update while the guardrail holds text back
    assert all(len(a) < len(b) for a, b in zip(shown, shown[1:], strict=False))


def test_a_quick_answer_is_sent_once_as_it_starts_then_whole(app_services, request_as):
    paced = ExecutiveHandlers(app_services.chat, Access(app_services.users, app_services.sessions),
                              stream_every=1.0, clock=lambda: 0.0)
    outputs = list(paced.ask(QUESTION, [], "", "", request_as("erik")))
    assert len(outputs) == 2
    first, (history, box, chat_id) = outputs[0][0][-1]["content"], outputs[1]
    assert first and history[-1]["content"].startswith(first[:40]) and chat_id and box == ""
