"""Guardrail latency for 1,000-character messages with and without the model detectors
(spaCy NER, MiniLM sentence meaning), and `coach guard scan --jsonl`-style throughput,
against the format-only baseline measured in the same run.

Usage: .venv/bin/python bench/guard_latency_models.py [--messages 300] [--clock wall|cpu]
``--clock cpu`` times each call in process CPU time, which a busy shared machine disturbs
less than wall time (messages/s is then per CPU-second).
Targets (issue 9): p95 <= 30 ms per 1,000-character message with every detector on (2 cores);
>= 200 messages/s. Models are loaded (and warmed) before timing: once per process.
Rows: "cold caches" forgets the parsed sentences and sentence vectors before every message
(every message new to the process); "MiniLM calls one at a time" is that row with the
guardrail's MiniLM calls made in turn, not on every core at once (``meaning.MODEL_CALLS``; the
same vectors); "warm" scans every message once first and keeps them, as a
server does for context screened again; "batch" is `Guardrail.scan_many`, what
`coach guard scan --jsonl` runs per 500 lines. No row reuses the scanner's kept findings of a
text seen before (`Scanner.forget`): every row times detection.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import percentile
from guard_throughput import messages

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors import entities, meaning
from assistant.guardrail.detectors.registry import BUILTIN_ORDER
from assistant.guardrail.screen import Guardrail

CLOCK = time.perf_counter


def forget(*guards: Guardrail) -> None:
    """Empty the model detectors' caches and the guards' kept findings (outside the timed
    calls)."""
    for guard in guards:
        guard.scanner.forget()
    entities.clear_cache()
    meaning.embedder().clear()
    meaning.gate().clear()


def timed(name: str, scan: Callable[[str], object], texts: list[str],
          reset: Callable[[], None] | None = None, prime: bool = False) -> dict[str, float]:
    """``prime``: scan every text once before timing (each then in the caches), else only
    the first 20 (models load then, not in the timings)."""
    for text in texts if prime else texts[:20]:
        scan(text)
    if reset is not None:
        reset()
    times = []
    for text in texts:
        if reset is not None:
            reset()
        start = CLOCK()
        scan(text)
        times.append((CLOCK() - start) * 1e3)
    out = {"p50": percentile(times, 50), "p95": percentile(times, 95),
           "rate": len(texts) / (sum(times) / 1e3)}
    print(f"{name:<44}{out['p50']:>9.2f}{out['p95']:>9.2f}{out['rate']:>11.0f}")
    return out


def batch_rate(guard: Guardrail, texts: list[str],
               name: str = "every detector, batch (scan_many), cold") -> float:
    """Messages per second through ``scan_many`` with cold caches (one batch)."""
    forget(guard)
    start = CLOCK()
    guard.scan_many(texts)
    rate = len(texts) / (CLOCK() - start)
    print(f"{name:<44}{'':>18}{rate:>11.0f}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    texts = messages(args.messages)
    print(f"{len(texts)} messages of 1,000 characters, {args.clock} clock")
    print(f"{'scanner':<44}{'p50 ms':>9}{'p95 ms':>9}{'msgs/s':>11}")
    format_only = GuardrailSettings(detectors=list(BUILTIN_ORDER))
    formats = Guardrail(format_only)
    base = timed("format detectors only", formats.scan, texts, formats.scanner.forget)
    ungated = Guardrail(GuardrailSettings(meaning_gate=False))
    timed("every detector, meaning gate off, cold", ungated.scan, texts,
          lambda: forget(ungated))
    batch_rate(ungated, texts, "meaning gate off, batch (scan_many), cold")
    guard = Guardrail(GuardrailSettings())
    cold = timed("every detector (NER + meaning), cold caches", guard.scan, texts,
                 lambda: forget(guard))
    minilm = meaning.embedder().inner
    calls, minilm.calls = minilm.calls, 1
    turns = timed("  the same, MiniLM calls one at a time", guard.scan, texts,
                  lambda: forget(guard))
    minilm.calls = calls
    # warm: the model caches kept, the kept findings not (else it times a dictionary look-up)
    warm = timed("every detector, warm caches", guard.scan, texts, guard.scanner.forget,
                 prime=True)
    batch = batch_rate(guard, texts)
    print(f"cold p50 / p95 with {calls} MiniLM calls at once against one at a time: "
          f"{cold['p50'] / turns['p50']:.2f}x / {cold['p95'] / turns['p95']:.2f}x")
    print(f"p95 ratio cold/format-only: {cold['p95'] / base['p95']:.1f}x; target p95 <= 30 ms: "
          f"{'met' if cold['p95'] <= 30 else 'NOT met'} cold, "
          f"{'met' if warm['p95'] <= 30 else 'NOT met'} warm; target >= 200 msgs/s: "
          f"{'met' if batch >= 200 else 'NOT met'} batch cold, "
          f"{'met' if warm['rate'] >= 200 else 'NOT met'} warm")


if __name__ == "__main__":
    main()
