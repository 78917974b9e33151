"""The web app with an OpenAI-compatible provider: llama.cpp's server running SmolLM2."""

from __future__ import annotations

import pytest
from gradio_client import Client

from tests.conftest import KNOWLEDGE
from tests.planning.conftest import llama_server  # noqa: F401 (a fixture)
from tests.ui.conftest import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def llm_app(tmp_path_factory, embedder, llama_server):  # noqa: F811
    from assistant.planning.config import LLMSettings
    from assistant.services import Services
    from assistant.settings import Settings
    from ui.app import launch

    llm = LLMSettings(provider="openai", model="smollm2", base_url=llama_server, timeout=120,
                      max_retries=0, temperature=0.0, max_tokens=96,
                      token_limit_field="max_tokens", structured_output="json_object_schema")
    services = Services(Settings(data_dir=tmp_path_factory.mktemp("llm-app"),
                                 knowledge_dir=KNOWLEDGE, llm=llm))
    services.embedder = embedder
    services.kb.sync(KNOWLEDGE)
    services.users.add("maya", "mentor", "mentor-pass-1")
    services.users.add("erik", "executive", "exec-pass-1")
    port = free_port()
    app = launch(services, "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_a_plan_through_the_llm_provider_is_valid_or_announced(llm_app):
    mentor = Client(llm_app, auth=("maya", "mentor-pass-1"), verbose=False)
    plan_md, _, _, plan_id, _ = mentor.predict(
        "CFO", "beginner", "Post weekly", "LinkedIn for executives", 30, "",
        api_name="/draft_plan")
    assert plan_id and "## Agenda" in plan_md
    # SmolLM2-135M cannot fill a whole plan in 96 tokens: the page must say the composer
    # stepped in, and which provider drafted the plan
    announced = ("did not return a valid plan" in plan_md
                 and "drafted offline (no model), fallback" in plan_md)
    assert announced or "drafted by openai:smollm2" in plan_md


def test_a_chat_answer_streams_from_the_llm(llm_app):
    executive = Client(llm_app, auth=("erik", "exec-pass-1"), verbose=False)
    job = executive.submit("How often should an executive post on LinkedIn?", [], "", "",
                           api_name="/ask")
    updates = list(job)
    history, _, chat_id = job.result()
    assert chat_id and len(updates) >= 2
    content = history[-1]["content"]
    text = content if isinstance(content, str) else "".join(p.get("text", "") for p in content)
    assert "Sources:" in text
