"""Precision and recall of the guardrail per category on a hand-labelled sentence set.

Usage: .venv/bin/python bench/guard_eval.py [--data bench/data/guard_eval.jsonl] [--misses]
       [--half tune|held-out] [--no-meaning-gate]
``--half`` keeps even (tune) or odd (held-out) ids; ``--no-meaning-gate`` lets MiniLM read every
candidate sentence (the meaning detector before its static-vector gate).
A sentence counts as a true positive for a category when the guardrail reports at least one
finding of that category and the sentence is labelled with it (sentence-level scoring).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.guardrail import GuardrailSettings, build_guardrail  # noqa: E402
from assistant.storage import Database  # noqa: E402

CATEGORIES = ("secrets", "personal", "financial", "network", "confidential")


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "bench/data/guard_eval.jsonl")
    parser.add_argument("--terms", type=Path, default=ROOT / "bench/data/guard_eval_terms.txt")
    parser.add_argument("--misses", action="store_true", help="Print every miss and false alarm.")
    parser.add_argument("--half", choices=("tune", "held-out"))
    parser.add_argument("--no-meaning-gate", action="store_true")
    args = parser.parse_args()

    import assistant.guardrail.audit  # noqa: F401  (tables)

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/eval.db")
        db.create_all()
        settings = GuardrailSettings(audit=False, meaning_gate=not args.no_meaning_gate)
        guard = build_guardrail(settings, db)
        for term in args.terms.read_text().splitlines():
            if term.strip():
                guard.terms.add(term.strip())
        rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
        if args.half:
            rows = [r for r in rows if r["id"] % 2 == (0 if args.half == "tune" else 1)]
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        any_tp = any_fp = any_fn = 0
        for row in rows:
            gold = set(row["labels"])
            findings = guard.scan(row["text"])
            pred = {f.category for f in findings}
            for c in CATEGORIES:
                if c in pred and c in gold:
                    tp[c] += 1
                elif c in pred:
                    fp[c] += 1
                    if args.misses:
                        rules = [f.rule for f in findings if f.category == c]
                        print(f"FALSE ALARM {c:<12} {rules} {row['text']!r}")
                elif c in gold:
                    fn[c] += 1
                    if args.misses:
                        print(f"MISS        {c:<12} {row['text']!r}")
            any_tp += bool(pred) and bool(gold)
            any_fp += bool(pred) and not gold
            any_fn += not pred and bool(gold)

    negatives = sum(1 for r in rows if not r["labels"])
    print(f"sentences: {len(rows)} (negative: {negatives}, positive: {len(rows) - negatives})")
    print(f"{'category':<14}{'precision':>10}{'recall':>10}{'tp':>6}{'fp':>6}{'fn':>6}")
    for c in CATEGORIES:
        p, r = ratio(tp[c], tp[c] + fp[c]), ratio(tp[c], tp[c] + fn[c])
        print(f"{c:<14}{p:>10.3f}{r:>10.3f}{tp[c]:>6}{fp[c]:>6}{fn[c]:>6}")
    t, f_, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'micro (cat.)':<14}{ratio(t, t + f_):>10.3f}{ratio(t, t + n):>10.3f}"
          f"{t:>6}{f_:>6}{n:>6}")
    print(f"{'any finding':<14}{ratio(any_tp, any_tp + any_fp):>10.3f}"
          f"{ratio(any_tp, any_tp + any_fn):>10.3f}{any_tp:>6}{any_fp:>6}{any_fn:>6}")


if __name__ == "__main__":
    main()
