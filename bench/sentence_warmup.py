"""What precomputing sentence vectors at sync costs and saves, both measured in one run.

Syncs the seed corpus twice into fresh data and cache directories, with
``embedding.sentence_cache`` off (the baseline) and on, then drafts the first offline plan on
each of the ten `plan_latency.py` topics (new to each process) with both.

    .venv/bin/python bench/sentence_warmup.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from common import ROOT, percentile
from plan_latency import TOPICS, requests

from assistant.guardrail.detectors import meaning
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.llm import build_llm
from assistant.planning.planner import Planner
from assistant.services import Services
from assistant.settings import EmbeddingSettings, Settings


def run(tmp: Path, cache: bool) -> tuple[float, list[float], int]:
    """Sync seconds, first-plan milliseconds per topic, cache file bytes."""
    os.environ["COACH_CACHE_DIR"] = str(tmp / "cache")
    meaning.embedder.cache_clear()  # the guardrail's model reads this run's cache
    services = Services(Settings(data_dir=tmp / "data", knowledge_dir=ROOT / "knowledge",
                                 embedding=EmbeddingSettings(sentence_cache=cache)))
    services.embedder.embed(["warm up"])
    start = time.perf_counter()
    services.kb.sync(ROOT / "knowledge")
    sync = time.perf_counter() - start
    planner = Planner(services.retriever, services.guardrail, build_llm(LLMSettings()),
                      services.db, PlannerSettings())
    planner.create(requests(1)[0].model_copy(update={"topic": "Podcasts"}), "bench")  # warm
    firsts = []
    for request in requests(len(TOPICS)):
        start = time.perf_counter()
        planner.create(request, "bench")
        firsts.append((time.perf_counter() - start) * 1000)
    file = tmp / "cache" / "sentence-vectors.sqlite"
    return sync, firsts, file.stat().st_size if file.exists() else 0


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f}")
    rows = {}
    for label, cache in (("off (baseline)", False), ("on", True)):
        with tempfile.TemporaryDirectory() as tmp:
            rows[label] = run(Path(tmp), cache)
        sync, firsts, size = rows[label]
        print(f"sentence cache {label:15s} sync {sync:6.1f} s; first plan per topic "
              f"p50 {percentile(firsts, 50):6.1f} ms, max {max(firsts):7.1f} ms; "
              f"cache file {size / 1e6:.1f} MB")
    (s0, f0, _), (s1, f1, _) = rows["off (baseline)"], rows["on"]
    print(f"sync on/off: {s1 / s0:.2f}x; first-plan p50 on/off: "
          f"{percentile(f1, 50) / percentile(f0, 50):.2f}x, max on/off: {max(f1) / max(f0):.2f}x")


if __name__ == "__main__":
    main()
