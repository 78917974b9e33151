"""Query embeddings under concurrency: N threads each embedding distinct short questions, one
at a time, through the plain ONNX MiniLM and through the micro-batcher, in the same run.
Prints queries per second and latency p50/p95 for both, and the ratio.

    .venv/bin/python bench/query_batching.py [--threads 20] [--queries 10]
"""

from __future__ import annotations

import argparse
import os
import threading
import time

from common import percentile

from assistant.knowledge.batching import BatchingEmbedder
from assistant.knowledge.embeddings import OnnxMiniLM

WORDS = ["how", "often", "should", "our", "executive", "post", "on", "linkedin", "about",
         "results", "hiring", "culture", "video", "reels", "comments", "crisis", "metrics",
         "engagement", "brand", "stories", "shorts"]


def question(thread: int, index: int) -> str:
    """A distinct short question per (thread, index): no cache could help."""
    words = [WORDS[(thread * 7 + index * 3 + k) % len(WORDS)] for k in range(8)]
    return f"{' '.join(words)} {thread}-{index}?"


def run(embedder: object, threads: int, queries: int) -> tuple[float, list[float]]:
    start = threading.Barrier(threads)
    times: list[float] = []
    lock = threading.Lock()

    def user(t: int) -> None:
        start.wait()
        for i in range(queries):
            began = time.perf_counter()
            embedder.embed([question(t, i)])  # type: ignore[attr-defined]
            with lock:
                times.append((time.perf_counter() - began) * 1000)

    workers = [threading.Thread(target=user, args=(t,)) for t in range(threads)]
    began = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - began, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--queries", type=int, default=10)
    args = parser.parse_args()
    model = OnnxMiniLM()
    model.embed(["warm up"])
    total = args.threads * args.queries
    print(f"{args.threads} threads x {args.queries} queries, load average "
          f"{os.getloadavg()[0]:.1f}")
    rates = {}
    for label, embedder in (("plain", model), ("batched", BatchingEmbedder(model))):
        wall, times = run(embedder, args.threads, args.queries)
        rates[label] = total / wall
        print(f"  {label:8s} {rates[label]:7.1f} queries/s, p50 {percentile(times, 50):6.1f} ms, "
              f"p95 {percentile(times, 95):6.1f} ms")
    print(f"  batched / plain throughput: {rates['batched'] / rates['plain']:.2f}x")


if __name__ == "__main__":
    main()
