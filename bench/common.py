"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHROMA_TELEMETRY_IMPL", "none")


def checkout_env(checkout: Path, **extra: str) -> dict[str, str]:
    """The environment of a `coach` process that runs ``checkout``'s code offline, without
    telemetry, plus ``extra`` variables."""
    return {**os.environ, "PYTHONPATH": str(checkout), "ANONYMIZED_TELEMETRY": "False",
            "CHROMA_TELEMETRY_IMPL": "none", "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False", **extra}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def corpus_chunks() -> list[str]:
    """The seed corpus cut into chunk texts exactly as sync embeds them."""
    from assistant.knowledge.chunking import Chunker
    from assistant.knowledge.embeddings import load_tokenizer
    from assistant.knowledge.loaders import load_file
    from assistant.knowledge.metadata import parse_meta

    tokenizer = load_tokenizer()
    chunker = Chunker(lambda t: len(tokenizer.encode(t, add_special_tokens=False).ids), 200, 30)
    texts = []
    for path in sorted((ROOT / "knowledge").glob("*.md")):
        loaded = load_file(path, 10_000_000)
        meta = parse_meta(loaded.front_matter, path.stem)
        texts += [c.embedding_text(meta.title) for c in chunker.split(meta.title, loaded.text)]
    return texts
