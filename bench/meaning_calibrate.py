"""Calibrate the meaning detector's per-family threshold and margin on tune data only.

Usage: .venv/bin/python bench/meaning_calibrate.py [--penalty 5]
Tune data: the even ids of the dev sets written for the meaning detector
(guard_meaning_dev.jsonl, guard_recall_dev.jsonl, guard_voices_dev.jsonl,
guard_terse_dev.jsonl, guard_recall5_dev.jsonl) and every row of the
sets the detectors were already tuned on (guard_eval.jsonl, guard_prose_dev.jsonl). Odd ids and
the held-out and blind sets are never read. Each family's (threshold, margin) is chosen to maximise
``tp - penalty * fp`` of the whole guardrail on that family's label (sentence level, as in
guard_eval.py), the other families held at their current values; ties keep the bar nearest
the current one.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from common import ROOT

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors import meaning
from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import (
    MARGINS,
    THRESHOLDS,
    MeaningDetector,
    _could_frame,
    disclosure_scores,
    embedder,
    exemplar_index,
    pieces,
    similarities,
)
from assistant.guardrail.detectors.registry import available
from assistant.guardrail.screen import Guardrail

HALVED = ("guard_meaning_dev.jsonl", "guard_recall_dev.jsonl", "guard_voices_dev.jsonl",
          "guard_terse_dev.jsonl", "guard_recall5_dev.jsonl")
WHOLE = ("guard_eval.jsonl", "guard_prose_dev.jsonl")
GRID_T = [round(0.30 + 0.01 * i, 2) for i in range(16)]
GRID_M = [-0.02, 0.0, 0.01, 0.02, 0.03, 0.04, 0.06]


def tune_rows() -> list[dict]:
    rows = []
    for name in (*HALVED, *WHOLE):
        for line in (ROOT / "bench/data" / name).read_text().splitlines():
            row = json.loads(line) if line.strip() else None
            if row and (name in WHOLE or row["id"] % 2 == 0):
                rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--penalty", type=float, default=5.0)
    parser.add_argument("--cue-bonus", type=float, default=meaning.CUE_BONUS,
                        help="Try another secrecy-cue bonus (the module constant is patched).")
    parser.add_argument("--show", action="store_true", help="Print the chosen bars' errors.")
    args = parser.parse_args()
    meaning.CUE_BONUS = args.cue_bonus
    rows = tune_rows()
    others = Guardrail(GuardrailSettings(
        audit=False, detectors=[d for d in available() if d != "meaning"]))
    base = [{f.category for f in others.scan(r["text"])} for r in rows]
    index = exemplar_index()
    spans = []  # (row, sentence, piece text)
    for i, row in enumerate(rows):
        view = Document(row["text"]).view
        spans += [(i, view[s:e], view[a:b]) for s, e, a, b in pieces(view)
                  if _could_frame(view[a:b])]
    vectors = embedder().embed([t for _, _, t in spans])
    sims, neg = similarities(index, vectors)
    head = disclosure_scores(index, vectors)
    families = sorted(THRESHOLDS)
    best_t, best_m = dict(THRESHOLDS), dict(MARGINS)
    print(f"tune rows: {len(rows)}, pieces embedded: {len(spans)}")
    for family in families:
        scores = []
        for t in GRID_T:
            for m in GRID_M:
                det = MeaningDetector({**best_t, family: t}, {**best_m, family: m})
                pred = [set(b) for b in base]
                for k, (i, sentence, text) in enumerate(spans):
                    found = det.classify(index.rules, sims[k], float(neg[k]), text, sentence,
                                         float(head[k]))
                    if found is not None:
                        pred[i].add(found[0].category)
                c: Counter[str] = Counter()
                errors = []
                for row, p in zip(rows, pred, strict=True):
                    gold = family in row["labels"]
                    c["tp"] += gold and family in p
                    c["fp"] += not gold and family in p
                    c["fn"] += gold and family not in p
                    if gold != (family in p):
                        errors.append(f"  {'MISS' if gold else 'FALSE ALARM'} {row['text']!r}")
                scores.append((c["tp"] - args.penalty * c["fp"], t, m, c, errors))
        # Ties: the bar nearest the current one (a flat optimum is no reason to move).
        top = max(scores, key=lambda s: (s[0], -abs(s[1] - THRESHOLDS[family])
                                         - abs(s[2] - MARGINS[family])))
        if args.show:
            print("\n".join(top[4]))
        best_t[family], best_m[family] = top[1], top[2]
        now = next(s for s in scores if s[1] == THRESHOLDS[family] and s[2] == MARGINS[family])
        print(f"{family:<13} current t={THRESHOLDS[family]} m={MARGINS[family]} "
              f"tp/fp/fn={now[3]['tp']}/{now[3]['fp']}/{now[3]['fn']}  ->  best t={top[1]} "
              f"m={top[2]} tp/fp/fn={top[3]['tp']}/{top[3]['fp']}/{top[3]['fn']}")
    print("THRESHOLDS =", best_t)
    print("MARGINS =", best_m)


if __name__ == "__main__":
    main()
