"""Integration with a real OpenAI-compatible server: llama.cpp running SmolLM2-135M-Instruct.

No fakes: a recording reverse proxy sits between the app and the server and keeps every
request body that leaves for the LLM, so egress is checked on what was really sent.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.planning.chat import Chat
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.llm import build_llm
from assistant.planning.plan import PlanRequest, SessionPlan
from assistant.planning.planner import Planner
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.slow


class Proxy:
    """Forwards to the llama.cpp server and records each request body."""

    def __init__(self, upstream: str) -> None:
        self.bodies: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                proxy.bodies.append(body.decode("utf-8"))
                request = urllib.request.Request(
                    upstream.rstrip("/") + self.path.removeprefix("/v1"), data=body,
                    headers={"Content-Type": "application/json"}, method="POST")
                try:
                    with urllib.request.urlopen(request, timeout=300) as response:
                        status, data = response.status, response.read()
                        kind = response.headers.get("Content-Type", "application/json")
                except urllib.error.HTTPError as exc:
                    status, data, kind = exc.code, exc.read(), "application/json"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(llama_server) -> Iterator[Proxy]:
    recorder = Proxy(llama_server)
    yield recorder
    recorder.close()


def settings_for(url: str, max_tokens: int) -> LLMSettings:
    return LLMSettings(provider="openai", model="smollm2", base_url=url, timeout=120,
                       max_retries=0, temperature=0.0, max_tokens=max_tokens,
                       token_limit_field="max_tokens", structured_output="json_object_schema")


def test_a_plan_comes_back_valid_through_the_announced_fallback(synced_services, proxy,
                                                                tmp_path):
    """SmolLM2-135M cannot finish a whole plan in 160 tokens: both attempts are cut off, so
    this test expects the announced fallback, after real schema-constrained requests."""
    llm = build_llm(settings_for(proxy.url, 160))
    planner = Planner(synced_services.retriever, synced_services.guardrail, llm,
                      synced_services.db, PlannerSettings())
    result = planner.create(PlanRequest(topic="LinkedIn", mentee_role="CFO", minutes=30,
                                        goals=["post every week"]), "mentor")
    assert isinstance(result.plan, SessionPlan)
    assert result.provider == "offline (fallback)"
    assert "did not return a valid plan" in result.notice and "max_tokens (160)" in result.notice
    assert len(proxy.bodies) == 2  # the first attempt and the one repair
    first = json.loads(proxy.bodies[0])
    assert first["response_format"]["type"] == "json_object"
    assert first["response_format"]["schema"]["title"] == "PlanDraft"
    assert first["max_tokens"] == 160


def test_a_chat_answer_streams_from_the_server(synced_services, proxy):
    chat = Chat(synced_services.retriever, synced_services.guardrail,
                build_llm(settings_for(proxy.url, 64)), synced_services.db, PlannerSettings())
    stream = chat.stream("How often should an executive post on LinkedIn?", "exec")
    pieces = list(stream)
    answer = stream.answer
    assert answer is not None and answer.provider == "openai:smollm2"
    assert pieces and answer.text and answer.citations
    assert answer.citations[0].doc_id == "linkedin-strategy-for-executives"
    assert json.loads(proxy.bodies[-1])["stream"] is True


PLANTED_DOC = """---
title: LinkedIn posting notes from the leadership offsite
kind: guidance
topics: [linkedin]
status: approved
owner: comms-team
---

# LinkedIn posting notes from the leadership offsite

Executives agreed on a Tuesday breakfast posting ritual for LinkedIn: one short post a week.
Questions about the ritual go to maria.keller@acme-example.com. Phone +44 20 7946 0958.
Reimbursements for LinkedIn ads go to IBAN GB82 WEST 1234 5698 7654 32.
"""
CODENAME_DOC = """---
title: LinkedIn launch posts
kind: guidance
topics: [linkedin]
status: approved
owner: comms-team
---

# LinkedIn launch posts

The LinkedIn launch post for Project Nightjar goes out after the breakfast posting ritual.
"""
PLANTED = ["maria.keller@acme-example.com", "7946 0958", "Project Nightjar", "Nightjar",
           "GB82 WEST", "tom.baker@acme-example.com"]


def test_no_planted_confidential_item_ever_leaves_for_the_llm(services, proxy, tmp_path):
    corpus = tmp_path / "kb"
    corpus.mkdir()
    (corpus / "linkedin-strategy-for-executives.md").write_text(
        (KNOWLEDGE / "linkedin-strategy-for-executives.md").read_text(encoding="utf-8"))
    (corpus / "offsite-notes.md").write_text(PLANTED_DOC, encoding="utf-8")
    (corpus / "launch-posts.md").write_text(CODENAME_DOC, encoding="utf-8")
    services.guardrail.terms.add("Project Nightjar")
    services.kb.sync(corpus)
    # the notes' personal and financial data are redacted at ingestion and the page stays
    # visible; the codename (an admin term) holds its page back until an admin overrides
    assert not services.kb.require("offsite-notes").flags
    services.kb.approve("launch-posts", actor="ada", override=True)
    llm = build_llm(settings_for(proxy.url, 64))
    planner = Planner(services.retriever, services.guardrail, llm, services.db, PlannerSettings())
    chat = Chat(services.retriever, services.guardrail, llm, services.db, PlannerSettings())

    # planted in a request: redacted before the prompt is built
    planned = planner.create(PlanRequest(
        topic="LinkedIn breakfast posting ritual", mentee_role="CEO", minutes=30,
        goals=["answer tom.baker@acme-example.com weekly"]), "mentor")
    # planted in a request and blocked: no request at all
    sent = len(proxy.bodies)
    blocked = planner.create(PlanRequest(topic="LinkedIn post about Project Nightjar",
                                         mentee_role="CEO", minutes=30), "mentor")
    assert blocked.blocked and len(proxy.bodies) == sent
    # a chat over the planted document
    answer = chat.ask("Who do I ask about the Tuesday breakfast posting ritual?", "exec")

    assert len(proxy.bodies) >= 3 and answer.citations
    # the guardrail acted at each stage: the request redacted; the codename redacted in the
    # stored chunks when the admin approved its page anyway
    seen = [(w.stage, w.action, w.categories) for w in planned.withheld + answer.withheld]
    assert ("input", "redact", ["personal"]) in seen
    assert any(r.startswith("confidential.") for r in services.kb.redactions("launch-posts"))
    # the planted email, phone and IBAN were redacted in the stored chunks at ingestion
    redacted = services.kb.redactions("offsite-notes")
    assert {"personal.email", "personal.phone", "financial.iban"} <= set(redacted), redacted
    everything = "\n".join(proxy.bodies)
    assert "Tuesday breakfast posting ritual" in everything  # the planted document was used
    for item in PLANTED:
        assert item.lower() not in everything.lower(), item
    assert "tom.baker" not in everything
