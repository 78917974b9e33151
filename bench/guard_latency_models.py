"""Guardrail latency for 1,000-character messages with and without the model detectors
(spaCy NER, MiniLM sentence meaning), and `coach guard scan --jsonl`-style throughput,
against the format-only baseline measured in the same run.

Usage: .venv/bin/python bench/guard_latency_models.py [--messages 300]
Targets (issue 9): p95 <= 30 ms per 1,000-character message with every detector on (2 cores);
>= 200 messages/s. Models are loaded (and warmed) before timing: once per process.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import percentile
from guard_throughput import messages

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors.registry import BUILTIN_ORDER
from assistant.guardrail.screen import Guardrail


def timed(name: str, scan: Callable[[str], object], texts: list[str]) -> dict[str, float]:
    for text in texts[:20]:
        scan(text)  # warm-up: models load here, not in the timings
    times = []
    start_all = time.perf_counter()
    for text in texts:
        start = time.perf_counter()
        scan(text)
        times.append((time.perf_counter() - start) * 1e3)
    total = time.perf_counter() - start_all
    out = {"p50": percentile(times, 50), "p95": percentile(times, 95), "rate": len(texts) / total}
    print(f"{name:<36}{out['p50']:>9.2f}{out['p95']:>9.2f}{out['rate']:>11.0f}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    texts = messages(args.messages)
    print(f"{len(texts)} messages of 1,000 characters")
    print(f"{'scanner':<36}{'p50 ms':>9}{'p95 ms':>9}{'msgs/s':>11}")
    format_only = GuardrailSettings(detectors=list(BUILTIN_ORDER))
    base = timed("format detectors only", Guardrail(format_only).scan, texts)
    full = timed("every detector (NER + meaning)", Guardrail(GuardrailSettings()).scan, texts)
    print(f"p95 ratio with/without models: {full['p95'] / base['p95']:.1f}x; target p95 <= 30 ms:"
          f" {'met' if full['p95'] <= 30 else 'NOT met'}; target >= 200 msgs/s: "
          f"{'met' if full['rate'] >= 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
