"""Search latency p50/p95 at 10,000 and 100,000 chunks, query embedding and BM25 included.

The synthetic corpus has random unit vectors (so building it stays quick) and text drawn
from the seed corpus's vocabulary; queries are real questions, embedded per search.

    .venv/bin/python bench/search_latency.py [--sizes 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml
from common import ROOT, corpus_chunks, percentile

from assistant.knowledge.embeddings import OnnxMiniLM
from assistant.knowledge.search import Retriever
from assistant.knowledge.store import ChunkStore, StoredChunk
from assistant.settings import RetrievalSettings, Settings

STATUSES = ["approved"] * 8 + ["draft", "retired"]


def build(store: ChunkStore, size: int, words: list[str], rng: random.Random) -> None:
    batch = 5000
    for start in range(0, size, batch):
        n = min(batch, size - start)
        vectors = np.random.default_rng(start).standard_normal((n, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        chunks = [
            StoredChunk(
                f"doc{(start + i) // 10}::v1::{(start + i) % 10:04d}",
                " ".join(rng.choices(words, k=120)),
                {"doc_id": f"doc{(start + i) // 10}", "version": "v1", "chunk": (start + i) % 10,
                 "title": f"Synthetic {(start + i) // 10}", "section": "Body",
                 "source": "synthetic.md", "kind": "guidance", "status": rng.choice(STATUSES),
                 "flagged": False, "valid_until": 99991231, "topics": ""},
            )
            for i in range(n)
        ]
        store.upsert(chunks, vectors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    words = " ".join(corpus_chunks()).split()
    questions = [q["question"] for q in yaml.safe_load(
        (ROOT / "tests/fixtures/retrieval_questions.yaml").read_text(encoding="utf-8"))]
    embedder = OnnxMiniLM()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp))
            store = ChunkStore.from_settings(settings)
            start = time.perf_counter()
            build(store, size, words, rng)
            built = time.perf_counter() - start
            retriever = Retriever(store, embedder, RetrievalSettings())
            start = time.perf_counter()
            retriever.lexical()
            lexical_build = time.perf_counter() - start
            for q in questions[:10]:
                retriever.search(q)  # warm up
            latencies = []
            for i in range(args.queries):
                retriever.forget()  # questions repeat: time the search, not its kept result
                start = time.perf_counter()
                retriever.search(questions[i % len(questions)])
                latencies.append((time.perf_counter() - start) * 1000)
        print(f"{size:>7} chunks: build {built:6.1f} s, BM25 index {lexical_build:5.1f} s, "
              f"search p50 {percentile(latencies, 50):6.1f} ms, "
              f"p95 {percentile(latencies, 95):6.1f} ms ({args.queries} queries)")


if __name__ == "__main__":
    main()
