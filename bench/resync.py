"""A re-sync of the unchanged corpus against the first full sync, in one run.

    .venv/bin/python bench/resync.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import ROOT

from assistant.services import Services
from assistant.settings import Settings


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        services = Services(Settings(data_dir=Path(tmp)))
        _ = services.kb  # build everything (model, tokenizer, store) outside the timing
        services.embedder.embed(["warm up"])
        start = time.perf_counter()
        first = services.kb.sync(ROOT / "knowledge")
        full = time.perf_counter() - start
        resyncs = []
        for _ in range(5):
            start = time.perf_counter()
            again = services.kb.sync(ROOT / "knowledge")
            resyncs.append(time.perf_counter() - start)
            assert not again.changed
        resync = sorted(resyncs)[len(resyncs) // 2]
    print(f"documents: {len(first.added)}, chunks: {services.store.count()}")
    print(f"first sync:          {full * 1000:9.1f} ms")
    print(f"unchanged re-sync:   {resync * 1000:9.1f} ms (median of 5)")
    print(f"ratio: {full / resync:.1f}x")


if __name__ == "__main__":
    main()
