"""CPU time per offline plan and per chat answer that the process has not seen before, in
one process over the seed corpus: what a server spends per request beyond Gradio.

Every plan is a new topic-and-role pair and every question a new wording, so no kept search
result or screening decision answers it; passages repeat, as they do between real users.
With --compare the other checkout runs the same requests in its own process, the two taking
turns round by round, and the ratios are printed.

    .venv/bin/python bench/request_cpu.py [--rounds 2] [--compare /path/to/old/checkout]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROLES = ["CFO", "CEO", "Chief People Officer", "COO", "General Counsel", "CTO"]
TOPICS = ["LinkedIn", "TikTok basics", "Instagram Reels", "YouTube Shorts", "content calendars",
          "measuring social performance", "personal branding", "engaging young employees",
          "generative AI at work", "digital etiquette", "podcasts", "employer branding"]
QUESTIONS = ["How often should I post?", "What makes a good short video?",
             "How do I reply to comments?", "How do we measure engagement?",
             "Should our CFO be on TikTok?", "What is a content calendar?",
             "How long should a LinkedIn post be?", "Which metrics matter for Instagram Reels?",
             "How do I handle a negative comment storm?", "Can I use ChatGPT to draft posts?",
             "What do young employees expect from leaders online?",
             "How do hashtags work on LinkedIn?"]


def measure() -> dict[str, float]:
    """In this process (the checkout on sys.path): ms of wall and CPU per plan and answer."""
    from assistant.planning.chat import Chat
    from assistant.planning.config import LLMSettings, PlannerSettings
    from assistant.planning.llm import build_llm
    from assistant.planning.plan import PlanRequest
    from assistant.planning.planner import Planner
    from assistant.services import Services
    from assistant.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COACH_CACHE_DIR"] = str(Path(tmp) / "cache")  # only what the sync stores
        services = Services(Settings(data_dir=Path(tmp), knowledge_dir=ROOT / "knowledge"))
        services.kb.sync(ROOT / "knowledge")
        llm = build_llm(LLMSettings())
        planner = Planner(services.retriever, services.guardrail, llm, services.db,
                          PlannerSettings())
        chat = Chat(services.retriever, services.guardrail, llm, services.db, PlannerSettings())
        planner.create(PlanRequest(topic="warm-up", mentee_role="VP", minutes=30), "bench")
        chat.ask("What is LinkedIn?", "bench")
        plans = [PlanRequest(topic=t, mentee_role=r, minutes=30 + 15 * (i % 4),
                             goals=[f"goal {i} about {t}"])
                 for i, (r, t) in enumerate((r, t) for r in ROLES[:4] for t in TOPICS)]
        questions = [f"{q} ({i})" if i else q for i in range(4) for q in QUESTIONS]
        out = {}
        for kind, work in (("plan", lambda: [planner.create(p, "bench") for p in plans]),
                           ("chat", lambda: [chat.ask(q, "bench") for q in questions])):
            wall, cpu = time.perf_counter(), time.process_time()
            n = len(work())
            out[f"{kind} wall"] = (time.perf_counter() - wall) * 1000 / n
            out[f"{kind} cpu"] = (time.process_time() - cpu) * 1000 / n
        return out


def run(checkout: Path) -> dict[str, float]:
    """``measure`` in a fresh process of ``checkout``."""
    from common import checkout_env  # not at the top: ``measure`` runs the checkout's code

    env = checkout_env(checkout)
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); "
            "from request_cpu import measure; print(json.dumps(measure()))")
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], env=env,
                          cwd=checkout, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--compare", type=Path, help="another checkout to run the same way")
    args = parser.parse_args()
    checkouts = {"this checkout": ROOT}
    if args.compare:
        checkouts["compared checkout"] = args.compare.resolve()
    results: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for round_ in range(1, args.rounds + 1):
        for name, checkout in checkouts.items():
            found = run(checkout)
            results[name].append(found)
            load = os.getloadavg()[0]
            print(f"round {round_}, {name} (load {load:.1f}): " + ", ".join(
                f"{key} {value:.1f} ms" for key, value in found.items()))
    if args.compare:
        for key in results["this checkout"][0]:
            new = statistics.median(r[key] for r in results["this checkout"])
            old = statistics.median(r[key] for r in results["compared checkout"])
            print(f"{key:<10} median ratio {new / old:.2f}x ({old:.1f} -> {new:.1f} ms per "
                  "request)")


if __name__ == "__main__":
    main()
