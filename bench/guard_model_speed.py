"""The guardrail's int8 MiniLM against the packaged model, in the same run: why the packaged
"int8" model runs at float32 speed (its graph), CPU milliseconds per call at the guardrail's
call sizes, and how near the vectors stay.

Usage: .venv/bin/python bench/guard_model_speed.py [--texts 160] [--repeat 3]
Texts: the first rows of bench/data/guard_voices_dev.jsonl (chat-style sentences), embedded
one by one and in batches of 16 (the meaning detector's calls), single-threaded, best of
``--repeat`` in process CPU time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import onnx
from common import ROOT

from assistant.guardrail.detectors.quantized import guard_model_path
from assistant.knowledge.embeddings import OnnxMiniLM


def graph(path: Path) -> str:
    """The ops that decide the speed: float MatMuls, integer MatMuls, int8 weights cast."""
    model = onnx.load(str(path))
    ops = Counter(node.op_type for node in model.graph.node)
    int8 = sum(1 for w in model.graph.initializer if w.data_type == onnx.TensorProto.INT8)
    return (f"MatMul {ops['MatMul']}, MatMulInteger {ops['MatMulInteger']}, Cast {ops['Cast']}, "
            f"int8 weight tensors {int8}")


def cpu_ms(model: OnnxMiniLM, texts: list[str], size: int, repeat: int) -> float:
    """Best CPU milliseconds per call over ``repeat`` passes of the texts in calls of ``size``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for at in range(0, len(texts), size):
            model.embed(texts[at : at + size])
        best = min(best, time.process_time() - start)
    return best * 1e3 / -(-len(texts) // size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=160)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = (ROOT / "bench/data/guard_voices_dev.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.texts]
    packaged = OnnxMiniLM(batch_size=64, threads=1)
    int8 = OnnxMiniLM(batch_size=64, threads=1, model=guard_model_path())
    for name, model in (("packaged", packaged), ("guardrail int8", int8)):
        print(f"{name:<15} {model.model.name}: {graph(model.model)}")
    cosine = (packaged.embed(texts) * int8.embed(texts)).sum(axis=1)  # also loads both
    print(f"{len(texts)} texts; cosine int8 to packaged: mean {cosine.mean():.4f}, "
          f"min {cosine.min():.4f}")
    print(f"{'CPU ms per call':<22}{'packaged':>10}{'int8':>10}{'ratio':>8}")
    for size in (1, 16):
        old, new = (cpu_ms(m, texts, size, args.repeat) for m in (packaged, int8))
        print(f"{f'{size} text(s) per call':<22}{old:>10.2f}{new:>10.2f}{old / new:>7.2f}x")


if __name__ == "__main__":
    main()
