"""Guardrail throughput (MB/s) and latency for 1,000-character messages, against
detect-secrets scanning the same texts, measured in the same run.

Usage: .venv/bin/python bench/guard_throughput.py [--messages 400] [--clock wall|cpu]
``--clock cpu`` times each call in process CPU time, which a busy shared machine disturbs
less than wall time (MB/s is then per CPU-second).
Messages are 1,000-character windows of the knowledge base with sensitive sentences from the
evaluation set mixed in (about one in three messages), so every detector has work to do.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.guardrail import GuardrailSettings, Stage, build_guardrail  # noqa: E402
from assistant.storage import Database  # noqa: E402

SIZE = 1000


def messages(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    corpus = " ".join(p.read_text() for p in sorted((ROOT / "knowledge").glob("*.md")))
    rows = [json.loads(x) for x in (ROOT / "bench/data/guard_eval.jsonl").read_text().splitlines()]
    sensitive = [r["text"] for r in rows if r["labels"]]
    out = []
    for i in range(count):
        start = rng.randrange(0, len(corpus) - SIZE)
        text = corpus[start : start + SIZE]
        if i % 3 == 0:
            insert = rng.choice(sensitive)
            cut = rng.randrange(0, SIZE - len(insert))
            text = (text[:cut] + " " + insert + " " + text[cut:])[:SIZE]
        out.append(text)
    return out


CLOCK = time.perf_counter


def measure(name: str, fn: Callable[[str], object], texts: list[str],
            reset: Callable[[], None] | None = None) -> dict[str, float]:
    """``reset``: called after the warm-up and before each text (outside the timings)."""
    for text in texts[:20]:
        fn(text)  # warm-up
    times = []
    start_all = CLOCK()
    for text in texts:
        if reset is not None:
            reset()
        start = CLOCK()
        fn(text)
        times.append(CLOCK() - start)
    total = CLOCK() - start_all
    size_mb = sum(len(t.encode()) for t in texts) / 1e6
    times.sort()
    result = {
        "mb_s": size_mb / total,
        "p50_ms": statistics.median(times) * 1e3,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1e3,
        "max_ms": times[-1] * 1e3,
    }
    print(f"{name:<34}{result['mb_s']:>9.3f}{result['p50_ms']:>10.2f}{result['p95_ms']:>10.2f}"
          f"{result['max_ms']:>10.2f}")
    return result


def detect_secrets_scanner() -> Callable[[str], object]:
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings

    context = default_settings()
    context.__enter__()  # keep the default plugins active for the whole run

    def scan(text: str, _keep: object = context) -> object:  # _keep: settings stay active
        return [s for line in text.splitlines() for s in scan_line(line)]

    return scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    texts = messages(args.messages)
    import assistant.guardrail.audit  # noqa: F401  (tables)

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        db.create_all()
        guard = build_guardrail(GuardrailSettings(), db)
        for term in ("Project Halcyon", "Bluefin", "Northwind acquisition", "Orion X2"):
            guard.terms.add(term)
        print(f"{len(texts)} messages of {SIZE} characters; every detector on, 4 admin terms")
        print(f"{'scanner':<34}{'MB/s':>9}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        ours = measure("guardrail scan (detect only)", guard.scan, texts,
                       guard.scanner.forget)  # detection timed, not the kept findings
        measure("guardrail screen (policy+audit)", lambda t: guard.screen(t, Stage.INPUT), texts)
        theirs = measure("detect-secrets scan_line (default)", detect_secrets_scanner(), texts)
    print(f"throughput ratio guardrail/detect-secrets: {ours['mb_s'] / theirs['mb_s']:.2f}x; "
          f"p95 ratio detect-secrets/guardrail: {theirs['p95_ms'] / ours['p95_ms']:.2f}x")
    print(f"target p95 < 5 ms for 1,000 characters: {'met' if ours['p95_ms'] < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
