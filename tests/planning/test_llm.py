"""The provider factory and its errors: a dead or slow endpoint fails clearly, in time."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, HumanMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import SecretStr

from assistant.planning.config import LLMSettings
from assistant.planning.llm import LLM, LLMError, OutputTruncated, build_llm
from tests.planning.conftest import free_port


@pytest.mark.parametrize(
    ("settings", "name"),
    [
        (LLMSettings(), "offline"),  # the default needs no key and no network
        (LLMSettings(provider="openai", api_key=SecretStr("sk-test"), model="gpt-4o-mini"),
         "openai:gpt-4o-mini"),  # OpenAI with a key from the environment
        (LLMSettings(provider="openai", base_url="http://127.0.0.1:9/v1", model="local"),
         "openai:local"),  # a local server needs no key
    ],
)
def test_the_factory_builds_the_configured_provider(settings, name):
    assert build_llm(settings).name == name


def test_openai_without_key_or_url_is_a_clear_error():
    with pytest.raises(LLMError, match="COACH_LLM__API_KEY"):
        build_llm(LLMSettings(provider="openai"))


def test_settings_reach_chat_openai():
    llm = build_llm(LLMSettings(provider="openai", base_url="http://127.0.0.1:9/v1", timeout=3,
                                max_retries=2, model="m", token_limit_field="max_tokens",
                                max_tokens=99))
    model = llm.model
    assert (model.request_timeout, model.max_retries, model.model_name) == (3, 2, "m")
    assert model.extra_body == {"max_tokens": 99}


def test_a_dead_endpoint_is_a_clear_error():
    llm = build_llm(LLMSettings(provider="openai", base_url=f"http://127.0.0.1:{free_port()}/v1",
                                timeout=2, max_retries=0))
    start = time.monotonic()
    with pytest.raises(LLMError, match="could not be reached"):
        llm.complete([HumanMessage("hi")])
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("streaming", [False, True])
def test_a_slow_endpoint_times_out_within_the_configured_timeout(streaming):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True).start()
    llm = build_llm(LLMSettings(provider="openai", base_url=f"http://127.0.0.1:{port}/v1",
                                timeout=1, max_retries=0))
    start = time.monotonic()
    try:
        with pytest.raises(LLMError, match="did not answer within 1 s"):
            if streaming:
                list(llm.stream([HumanMessage("hi")]))
            else:
                llm.complete([HumanMessage("hi")])
        assert time.monotonic() - start < 2.5
    finally:
        server.close()
        for connection in held:
            connection.close()


class CutOffModel(BaseChatModel):
    """Streams a piece of JSON, then stops as a server does at max_tokens."""

    @property
    def _llm_type(self) -> str:
        return "cut-off-fake"

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        raise NotImplementedError

    def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        yield ChatGenerationChunk(message=AIMessageChunk(content='{"title": "A'))
        yield ChatGenerationChunk(message=AIMessageChunk(
            content="", response_metadata={"finish_reason": "length"}))


def test_a_streamed_json_answer_cut_off_at_max_tokens_says_so():
    llm = LLM(CutOffModel(), LLMSettings(provider="openai", model="m", max_tokens=77))
    pieces = []
    with pytest.raises(OutputTruncated, match=r"max_tokens \(77\)"):
        for piece in llm.stream_json([HumanMessage("plan")], {"type": "object"}):
            pieces.append(piece)
    assert pieces == ['{"title": "A']  # what came before the cut is passed on
