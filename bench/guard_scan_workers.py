"""`coach guard scan --jsonl` throughput with one worker and with one per core, in the same run.

Usage: .venv/bin/python bench/guard_scan_workers.py [--messages 600] [--rounds 2]
       [--workers N] [--compare /path/to/other/checkout]
Each run is the whole command (process start, models, reading and writing JSON lines) over the
1,000-character messages of bench/guard_latency_models.py, timed on the wall clock; the worker
counts (and the compared checkout, run without ``--workers``) take turns. The cache folder is
private to the run and primed by one discarded run (the int8 model, word-piece vectors); no
`kb sync` stores sentence vectors in it, so every message is new to the models.
Prints messages/s per run, the ratio against one worker in the same round, the CPU seconds of
the command and its workers, and whether the output lines are identical. On a machine whose
other users keep both cores busy, a session gets its share of the CPU whatever its process
count (Linux autogroup): workers then cannot gain, only cost their model loading.
Target (issue 9): >= 200 messages/s on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from guard_throughput import messages

ROOT = Path(__file__).resolve().parents[1]


def run(code: Path, env: dict[str, str], stdin: str, workers: int | None
        ) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the command and its workers) and standard output of one
    `guard scan --jsonl`."""
    command = [sys.executable, "-m", "assistant.cli", "guard", "scan", "--jsonl"]
    if workers is not None:
        command += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env={**env, "PYTHONPATH": str(code)}, input=stdin,
                          capture_output=True, text=True, cwd=code)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--compare", type=Path, help="another checkout, run without --workers")
    args = parser.parse_args()
    texts = messages(args.messages)
    stdin = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    arms: dict[str, tuple[Path, int | None]] = {"1 worker": (ROOT, 1),
                                                 f"{args.workers} workers": (ROOT, args.workers)}
    if args.compare:
        arms["compared checkout"] = (args.compare.resolve(), None)
    print(f"{len(texts)} messages; load average at start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rates: dict[str, list[float]] = {name: [] for name in arms}
    outputs: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COACH_DATA_DIR": f"{tmp}/data", "COACH_CACHE_DIR": f"{tmp}/cache",
               "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY_IMPL": "none",
               "HF_HUB_OFFLINE": "1"}
        run(ROOT, env, stdin, 1)  # primes the cache folder (discarded)
        for round_ in range(1, args.rounds + 1):
            for name, (code, workers) in arms.items():
                wall, cpu, out = run(code, env, stdin, workers)
                rates[name].append(len(texts) / wall)
                outputs.setdefault(name, out)
                ratio = rates[name][-1] / rates["1 worker"][-1]
                print(f"round {round_}  {name:<18} {wall:7.2f} s  {rates[name][-1]:6.1f} msgs/s"
                      f"  {ratio:4.2f}x one worker  CPU {cpu:6.2f} s", flush=True)
    one = rates["1 worker"]
    for name, found in rates.items():
        ratio = statistics.median(found) / statistics.median(one)
        print(f"median {name:<18} {statistics.median(found):6.1f} msgs/s  {ratio:4.2f}x one worker")
    same = len({outputs[name] for name in arms}) == 1
    print(f"output lines identical across arms: {same}")
    best = max(map(statistics.median, rates.values()))
    print(f"target >= 200 msgs/s: {'met' if best >= 200 else 'NOT met'}"
          f"; load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
