"""Snapshot of what the guardrail finds (category, rule, span per text), to show that a speed
change leaves the findings as they were.

Usage: .venv/bin/python bench/guard_findings_snapshot.py --out before.json [--no-meaning-gate]
       .venv/bin/python bench/guard_findings_snapshot.py --out after.json --compare before.json
Texts: every bench/data/guard_*.jsonl except the blind set (guard_blind*.jsonl, never read),
each scanned alone (``scan``) and as one batch (``scan_many``), and the 1,000-character
messages of bench/guard_latency_models.py. Exit status 1 when the findings differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from guard_throughput import messages

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.screen import Guardrail

ROOT = Path(__file__).resolve().parents[1]
Snapshot = dict[str, list[list[tuple[str, str, int, int]]]]


def datasets() -> dict[str, list[str]]:
    """The texts of each labelled set, blind sets left out (never opened)."""
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "bench/data").glob("guard_*.jsonl")):
        if path.name.startswith("guard_blind"):
            continue
        out[path.name] = [json.loads(line)["text"] for line in
                          path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out["latency_messages"] = messages(150)
    return out


def snapshot(guard: Guardrail) -> Snapshot:
    """Findings per set, one by one and batched."""
    out: Snapshot = {}
    for name, texts in datasets().items():
        out[f"{name}:scan"] = [[(f.category, f.rule, f.start, f.end) for f in guard.scan(t)]
                               for t in texts]
        out[f"{name}:scan_many"] = [[(f.category, f.rule, f.start, f.end) for f in found]
                                    for found in guard.scan_many(texts)]
    return out


def compare(old: Snapshot, new: Snapshot) -> int:
    """Prints every text whose findings differ; returns how many differ."""
    differ = 0
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key, []), new.get(key, [])
        if len(before) != len(after):
            print(f"{key}: {len(before)} texts before, {len(after)} after")
            differ += 1
            continue
        for row, (a, b) in enumerate(zip(before, after, strict=True)):
            if [tuple(x) for x in a] != [tuple(x) for x in b]:
                differ += 1
                print(f"{key} #{row}: before {a} after {b}")
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--no-meaning-gate", action="store_true")
    args = parser.parse_args()
    guard = Guardrail(GuardrailSettings(audit=False, meaning_gate=not args.no_meaning_gate))
    snap = snapshot(guard)
    args.out.write_text(json.dumps(snap), encoding="utf-8")
    total = sum(len(v) for v in snap.values())
    print(f"{total} texts scanned, {sum(len(f) for v in snap.values() for f in v)} findings")
    if args.compare is not None:
        differ = compare(json.loads(args.compare.read_text(encoding="utf-8")), snap)
        print(f"{differ} texts with different findings")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
