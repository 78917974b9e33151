"""Offline refine latency against drafting the same plans, in the same run.

Refine reads the instruction, retrieves guidance for the subjects it names, edits the saved
plan, screens it and saves a version; drafting a new plan is the baseline.

    .venv/bin/python bench/refine_latency.py [--plans 10]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import ROOT, percentile

from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.llm import build_llm
from assistant.planning.plan import PlanRequest
from assistant.planning.planner import Planner
from assistant.services import Services
from assistant.settings import Settings

TOPICS = ["LinkedIn", "TikTok", "Instagram for leaders", "YouTube Shorts",
          "Measuring social media performance"]
INSTRUCTIONS = [
    "Make the exercise about a behind-the-scenes Reel",
    "make the opening 5 minutes and drop the glossary",
    "add a segment on TikTok analytics",
    "more on hashtags",
    "shorter Q&A, simpler language and make it rhyme",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        services = Services(Settings(data_dir=Path(folder), knowledge_dir=ROOT / "knowledge"))
        services.kb.sync(ROOT / "knowledge")
        planner = Planner(services.retriever, services.guardrail, build_llm(LLMSettings()),
                          services.db, PlannerSettings())
        planner.create(PlanRequest(topic="LinkedIn", mentee_role="CFO", minutes=45), "bench")
        drafts, refines = [], []
        for i in range(args.plans):
            request = PlanRequest(topic=TOPICS[i % len(TOPICS)], mentee_role="CFO",
                                  minutes=45, goals=["post every week"])
            start = time.perf_counter()
            created = planner.create(request, "bench")
            drafts.append(time.perf_counter() - start)
            assert created.plan_id is not None
            start = time.perf_counter()
            planner.refine(created.plan_id, "bench", INSTRUCTIONS[i % len(INSTRUCTIONS)])
            refines.append(time.perf_counter() - start)
    for name, values in (("draft (baseline)", drafts), ("refine", refines)):
        print(f"{name}: p50 {1000 * percentile(values, 50):.1f} ms, "
              f"p95 {1000 * percentile(values, 95):.1f} ms")
    print(f"refine p50 / draft p50: {percentile(refines, 50) / percentile(drafts, 50):.2f}x")


if __name__ == "__main__":
    main()
