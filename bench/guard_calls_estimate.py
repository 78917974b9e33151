"""What running a message's MiniLM calls at once would give on idle cores, estimated from CPU
time on a machine too busy to show it on the wall clock.

Usage: .venv/bin/python bench/guard_calls_estimate.py [--messages 150] [--cores 2]
Scans the 1,000-character messages of bench/guard_latency_models.py with cold caches, the
guardrail's MiniLM calls made one at a time, timing each call in thread CPU time. Per message:
the CPU outside the calls plus the busiest of ``--cores`` lanes that take the calls in order,
each the next free lane (what the thread pool does). Prints p50 / p95 of both and the ratio.
An estimate: it leaves out thread hand-off costs and assumes the other cores idle.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from common import percentile
from guard_latency_models import forget
from guard_throughput import messages

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors import meaning
from assistant.guardrail.screen import Guardrail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=150)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    texts = messages(args.messages)
    guard = Guardrail(GuardrailSettings())
    for text in texts[:20]:
        guard.scan(text)  # models loaded, not timed
    minilm = meaning.embedder().inner
    minilm.calls = 1
    calls: list[float] = []

    def timed_map(call: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        def one(item: Any) -> Any:
            start = time.thread_time()
            out = call(item)
            calls.append((time.thread_time() - start) * 1e3)
            return out
        return iter([one(item) for item in items])

    minilm.map = timed_map
    in_turn, at_once = [], []
    for text in texts:
        forget(guard)
        calls.clear()
        start = time.process_time()
        guard.scan(text)
        total = (time.process_time() - start) * 1e3
        lanes = [0.0] * args.cores
        for cost in calls:
            lanes[lanes.index(min(lanes))] += cost
        in_turn.append(total)
        at_once.append(total - sum(calls) + max(lanes))
    for name, found in (("CPU, calls one at a time", in_turn),
                        (f"estimate, calls on {args.cores} idle cores", at_once)):
        print(f"{name:<36} p50 {percentile(found, 50):6.1f} ms  "
              f"p95 {percentile(found, 95):6.1f} ms")
    print(f"ratio p50 {percentile(at_once, 50) / percentile(in_turn, 50):.2f}, "
          f"p95 {percentile(at_once, 95) / percentile(in_turn, 95):.2f}")


if __name__ == "__main__":
    main()
