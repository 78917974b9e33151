"""Calibrate the meaning gate's bar (GATE_BAR in assistant/guardrail/detectors/meaning_gate.py)
on tune data only, and show how much of MiniLM's work it saves.

Usage: .venv/bin/python bench/meaning_gate_calibrate.py [--keep 0.99] [--messages 300]
Tune data: the same rows as bench/meaning_calibrate.py (even ids of the meaning, recall, voices
and terse dev sets, every row of the sets already tuned on); odd ids, held-out and blind sets
are never read.
Every candidate piece of those rows is read by the full detector (MiniLM, no gate); the bar
printed is the highest that lets through at least ``--keep`` of the pieces it flags. Run it
again after the rules, the exemplar file or ``classify`` change, and put the bar in the code.
``--messages`` then reports (never tunes on) the share of candidates of the latency
benchmark's messages (bench/guard_latency_models.py) that pass the gate at that bar.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from common import ROOT  # noqa: F401  (puts the project on the path)
from guard_throughput import messages
from meaning_calibrate import tune_rows

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import (
    MeaningDetector,
    _candidates,
    embedder,
    exemplar_index,
    gate,
    similarities,
)
from assistant.guardrail.detectors.meaning_gate import GATE_BAR


def items(texts: list[str]) -> list[tuple[str, str]]:
    """(piece, sentence) of every candidate the detector would read without the gate."""
    out = []
    for text in texts:
        doc = Document(text)
        out += [(doc.view[a:b], doc.view[s:e]) for s, e, a, b in _candidates(doc, False)]
    return out


def flagged(candidates: list[tuple[str, str]]) -> np.ndarray:
    """Which candidates the full detector (MiniLM) flags."""
    index, detector = exemplar_index(), MeaningDetector()
    vectors = embedder().embed([p for p, _ in candidates])
    sims, neg = similarities(index, vectors)
    return np.array([detector.classify(index.rules, sims[k], float(neg[k]), piece, sentence)
                     is not None for k, (piece, sentence) in enumerate(candidates)], dtype=bool)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=float, default=0.99,
                        help="Share of the full detector's flagged tune pieces the gate keeps.")
    parser.add_argument("--messages", type=int, default=300,
                        help="Benchmark messages to report the pass rate on (0: none).")
    args = parser.parse_args()
    if not 0 < args.keep <= 1:
        parser.error("--keep must be in (0, 1]")
    tune = items([r["text"] for r in tune_rows()])
    hits = flagged(tune)
    scores = gate().scores(tune)
    ordered = np.sort(scores[hits])
    bar = float(ordered[math.floor((1 - args.keep) * len(ordered))])
    bar = math.floor(bar * 1000) / 1000  # printed to three places: never above the score
    print(f"tune candidates: {len(tune)}, flagged by the full detector: {int(hits.sum())}")
    for name, value in (("current GATE_BAR", GATE_BAR), ("calibrated", bar)):
        kept = (scores[hits] >= value).mean()
        print(f"{name:<18} {value:.3f}: keeps {kept:.3f} of the flagged tune pieces, "
              f"passes {(scores >= value).mean():.3f} of all tune candidates")
    if args.messages:
        bench = items(messages(args.messages))
        passed = gate().scores(bench) >= bar
        print(f"benchmark: {args.messages} messages, {len(bench) / args.messages:.2f} candidates "
              f"per message, {passed.mean():.3f} pass ({passed.sum() / args.messages:.2f} per "
              f"message embedded)")
    print(f"GATE_BAR = {bar:.3f}")


if __name__ == "__main__":
    main()
