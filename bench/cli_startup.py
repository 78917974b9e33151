"""Cold-process time of `coach` commands (hyperfine-style repeated runs: min, median, max),
against `python -c pass` measured in the same run, and optionally against another checkout
(the code before a change) measured in the same run too.

    .venv/bin/python bench/cli_startup.py [--runs 10] [--compare /path/to/old/checkout]

Each command runs in a fresh process, once to warm the file cache and then --runs times;
with --compare the two checkouts take turns run by run, so a change in the machine's load
falls on both. Besides wall time, the CPU time (user + system) of each process is shown: it
depends far less on what else the machine runs.
`kb search` runs over the seed corpus, synced once per checkout into a temporary data dir.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, checkout_env

QUERY = "how often should an executive post on LinkedIn"
SENTENCE = "How should our team present the new product roadmap to the board?"
# (label, arguments, stdin); a label starting with "first" runs after the data folder's
# search copy is deleted, as the first `coach` search after a change to the index does
COMMANDS: list[tuple[str, list[str], str | None]] = [
    ("coach --help", ["--help"], None),
    ('coach guard scan - ("hello")', ["guard", "scan", "-"], "hello\n"),
    # a sentence: the meaning model (ONNX) runs; no name, so spaCy does not load
    ("coach guard scan - (one sentence)", ["guard", "scan", "-"], f"{SENTENCE}\n"),
    (f'coach kb search "{QUERY[:20]}..."', ["kb", "search", QUERY, "-k", "5"], None),
    ("first kb search after a change", ["kb", "search", QUERY, "-k", "5"], None),
]


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def run_once(command: list[str], env: dict[str, str], stdin: str | None, cwd: Path
             ) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; fails loudly when the command fails. Run in the
    checkout measured: `python -m` puts the working directory first on sys.path."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def timed(command: list[str], envs: dict[str, dict[str, str]], stdin: str | None, runs: int,
          cwds: dict[str, Path], fresh: bool = False) -> dict[str, Runs]:
    """Per checkout, the runs after one warm-up each; the checkouts take turns. ``fresh``:
    no search copy in the data folder before each run."""
    found = {name: Runs() for name in envs}
    for i in range(runs + 1):
        for name, env in envs.items():
            if fresh:
                shutil.rmtree(Path(env["COACH_DATA_DIR"]) / "search-snapshot", ignore_errors=True)
            wall, cpu = run_once(command, env, stdin, cwds[name])
            if i:
                found[name].wall.append(wall)
                found[name].cpu.append(cpu)
    return found


def environment(code: Path, data: Path) -> dict[str, str]:
    return checkout_env(code, COACH_DATA_DIR=str(data))


def row(label: str, runs: Runs, base: float) -> str:
    median = statistics.median(runs.wall)
    return (f"{label:<42} min {min(runs.wall):6.3f} s  median {median:6.3f} s  "
            f"max {max(runs.wall):6.3f} s  ({median / base:5.1f}x python -c pass)  "
            f"CPU min {min(runs.cpu):6.3f} s  median {statistics.median(runs.cpu):6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--compare", type=Path, help="another checkout to time the same way")
    args = parser.parse_args()
    coach = [sys.executable, "-m", "assistant.cli"]
    checkouts = {"this checkout": ROOT}
    if args.compare:
        checkouts["compared checkout"] = args.compare.resolve()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        base = timed([sys.executable, "-c", "pass"], {"": dict(os.environ)}, None, args.runs,
                     {"": ROOT})[""]
        base_median = statistics.median(base.wall)
        print(row("python -c pass (baseline)", base, base_median))
        envs = {name: environment(code, Path(tmp) / name.replace(" ", "-"))
                for name, code in checkouts.items()}
        for name, code in checkouts.items():
            subprocess.run([*coach, "kb", "sync", str(ROOT / "knowledge")], env=envs[name],
                           cwd=code, check=True, capture_output=True)
        results = {label: timed([*coach, *argv], envs, stdin, args.runs, checkouts,
                                fresh=label.startswith("first"))
                   for label, argv, stdin in COMMANDS}
    for name, code in checkouts.items():
        print(f"{name} ({code}):")
        for label, _, _ in COMMANDS:
            print("  " + row(label, results[label][name], base_median))
    if args.compare:
        print("median ratio, this checkout / compared checkout (wall; CPU):")
        for label, _, _ in COMMANDS:
            new, old = results[label]["this checkout"], results[label]["compared checkout"]
            wall = statistics.median(new.wall) / statistics.median(old.wall)
            cpu = statistics.median(new.cpu) / statistics.median(old.cpu)
            print(f"  {label:<42} {wall:5.2f}x ({statistics.median(old.wall):.3f} s -> "
                  f"{statistics.median(new.wall):.3f} s); CPU {cpu:5.2f}x")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
