"""Plan latency and prompt size over the seed corpus.

1. Offline plan end to end (screening, retrieval, composing, validation, output screening,
   saving): p50/p95; target p95 < 300 ms. Also the first plan on each topic not seen before.
   The run uses a cache directory of its own, so sentence vectors are only those its own
   sync precomputed.
2. openai provider: time from the call until the request reaches a local stub server
   (screening, retrieval, prompt building, client overhead): p50/p95; target p95 < 100 ms.
3. Prompt tokens per plan (MiniLM word pieces, schema included) against naive top-k stuffing
   of the same passages, as a ratio.

    .venv/bin/python bench/plan_latency.py [--plans 60]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import ROOT, percentile

from assistant.knowledge.embeddings import tokenizer_path
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.draft import draft_schema
from assistant.planning.llm import build_llm
from assistant.planning.plan import PlanRequest
from assistant.planning.planner import Planner, Prepared
from assistant.planning.prompts import fence
from assistant.services import Services
from assistant.settings import Settings

TOPICS = [
    ("LinkedIn", ["post every week without a ghostwriter"]),
    ("TikTok", ["understand why young staff use it"]),
    ("Content calendar planning", ["plan a month of posts"]),
    ("Responding to a social media crisis", ["know who speaks first"]),
    ("Using generative AI responsibly at work", []),
    ("Measuring social media performance", ["pick three metrics"]),
    ("Personal branding for executives", ["find the one idea to be known for"]),
    ("YouTube Shorts", ["reuse keynote clips"]),
    ("Engaging young employees internally", ["make town halls matter"]),
    ("Instagram for leaders", ["use Stories well"]),
]
ARRIVALS: list[float] = []
COMPLETION = {"id": "stub", "object": "chat.completion", "created": 0, "model": "stub",
              "choices": [{"index": 0, "finish_reason": "stop",
                           "message": {"role": "assistant", "content": "{}"}}],
              "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


class Stub(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that notes when each request arrives."""

    def do_POST(self) -> None:  # noqa: N802
        ARRIVALS.append(time.perf_counter())
        sent = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if sent.get("stream"):  # the planner streams plans: one chunk, then the end
            chunk = {**COMPLETION, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "finish_reason": "stop",
                                  "delta": {"role": "assistant", "content": "{}"}}]}
            body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
            content_type = "text/event-stream"
        else:
            body = json.dumps(COMPLETION).encode()
            content_type = "application/json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


def requests(n: int) -> list[PlanRequest]:
    return [PlanRequest(topic=t, mentee_role="Chief Financial Officer", minutes=30 + 15 * (i % 4),
                        goals=g) for i, (t, g) in enumerate(TOPICS * (n // len(TOPICS) + 1))][:n]


def offline(services: Services, plans: list[PlanRequest]) -> list[float]:
    planner = Planner(services.retriever, services.guardrail, build_llm(LLMSettings()),
                      services.db, PlannerSettings())
    for request in plans[:3]:
        planner.create(request, "bench")
    latencies = []
    for request in plans:
        start = time.perf_counter()
        result = planner.create(request, "bench")
        latencies.append((time.perf_counter() - start) * 1000)
        assert result.plan is not None, request.topic
    first = [lat for i, lat in enumerate(latencies[: len(TOPICS)]) if i >= 3]
    print(f"  first plan on each of {len(first)} topics not seen before: "
          f"median {percentile(first, 50):.1f} ms, max {max(first):.1f} ms")
    return latencies


def before_request(services: Services, plans: list[PlanRequest]) -> list[float]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    llm = build_llm(LLMSettings(provider="openai", base_url=url, model="stub", max_retries=0))
    planner = Planner(services.retriever, services.guardrail, llm, services.db, PlannerSettings())
    latencies = []
    for i, request in enumerate(plans[:3] + plans):
        ARRIVALS.clear()
        start = time.perf_counter()
        planner.create(request, "bench", save=False)  # "{}" is invalid: repair, then fallback
        if i >= 3:
            latencies.append((ARRIVALS[0] - start) * 1000)
    server.shutdown()
    return latencies


def prompt_tokens(services: Services, plans: list[PlanRequest]) -> tuple[float, float, int]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path()))  # its own: counts past the window
    llm = build_llm(LLMSettings(provider="openai", base_url="http://127.0.0.1:9/v1"))
    planner = Planner(services.retriever, services.guardrail, llm, services.db, PlannerSettings())
    schema = json.dumps(draft_schema(), separators=(",", ":"))

    def count(texts: list[str]) -> int:
        return sum(len(tokenizer.encode(t, add_special_tokens=False).ids) for t in texts)

    ours, naive = [], []
    for request in plans[: len(TOPICS)]:
        prepared = planner.prepare(request, "bench")
        assert isinstance(prepared, Prepared)
        messages = [str(m.content) for m in prepared.messages]
        ours.append(count([*messages, schema]))
        full = fence(prepared.evidence.all)  # the same passages, whole
        stuffed = messages[1].split("Approved guidance you may use and cite:")[0] + full
        naive.append(count([messages[0], stuffed, schema]))
    return sum(ours) / len(ours), sum(naive) / len(naive), count([schema])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=60)
    args = parser.parse_args()
    plans = requests(args.plans)
    with tempfile.TemporaryDirectory() as tmp:
        # a cache of its own: what the sync below precomputes, nothing from earlier runs
        os.environ["COACH_CACHE_DIR"] = str(Path(tmp) / "cache")
        services = Services(Settings(data_dir=Path(tmp), knowledge_dir=ROOT / "knowledge"))
        start = time.perf_counter()
        services.kb.sync(ROOT / "knowledge")
        print(f"synced the seed corpus in {time.perf_counter() - start:.1f} s")
        lat = offline(services, plans)
        print(f"offline plan end to end: p50 {percentile(lat, 50):.1f} ms, "
              f"p95 {percentile(lat, 95):.1f} ms ({len(lat)} plans; target p95 < 300 ms)")
        pre = before_request(services, plans)
        print(f"openai provider, before the request leaves: p50 {percentile(pre, 50):.1f} ms, "
              f"p95 {percentile(pre, 95):.1f} ms ({len(pre)} plans; target p95 < 100 ms)")
        ours, naive, schema = prompt_tokens(services, plans)
        print(f"prompt tokens per plan: {ours:.0f} vs {naive:.0f} for naive top-k stuffing "
              f"of the same passages (ratio {ours / naive:.2f}; the {schema}-token schema is "
              f"in both; messages alone {ours - schema:.0f} vs {naive - schema:.0f}, ratio "
              f"{(ours - schema) / (naive - schema):.2f})")


if __name__ == "__main__":
    main()
