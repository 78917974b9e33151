"""Cold-process time of `coach` commands (hyperfine-style repeated runs: min, median, max),
against `python -c pass` measured in the same run, and optionally against another checkout
(the code before a change) measured in the same run too.

    .venv/bin/python bench/cli_startup.py [--runs 10] [--compare /path/to/old/checkout]

Each command runs in a fresh process, once to warm the file cache and then --runs times.
`kb search` runs over the seed corpus, synced once per checkout into a temporary data dir.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

QUERY = "how often should an executive post on LinkedIn"
COMMANDS: list[tuple[str, list[str], str | None]] = [
    ("coach --help", ["--help"], None),
    ('coach guard scan - ("hello")', ["guard", "scan", "-"], "hello\n"),
    (f'coach kb search "{QUERY[:20]}..."', ["kb", "search", QUERY, "-k", "5"], None),
]


def timed(command: list[str], env: dict[str, str], stdin: str | None, runs: int,
          cwd: Path = ROOT) -> list[float]:
    """Seconds per run after one warm-up; fails loudly when the command fails. Run in the
    checkout measured: `python -m` puts the working directory first on sys.path."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                              cwd=cwd, timeout=300)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
        if i:
            times.append(elapsed)
    return times


def environment(code: Path, data: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code), "COACH_DATA_DIR": str(data),
            "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY_IMPL": "none",
            "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}


def row(label: str, times: list[float], base: float) -> str:
    median = statistics.median(times)
    return (f"{label:<42} min {min(times):6.3f} s  median {median:6.3f} s  "
            f"max {max(times):6.3f} s  ({median / base:5.1f}x python -c pass)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--compare", type=Path, help="another checkout to time the same way")
    args = parser.parse_args()
    coach = [sys.executable, "-m", "assistant.cli"]
    checkouts = {"this checkout": ROOT}
    if args.compare:
        checkouts["compared checkout"] = args.compare.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        base = timed([sys.executable, "-c", "pass"], dict(os.environ), None, args.runs)
        base_median = statistics.median(base)
        print(row("python -c pass (baseline)", base, base_median))
        medians: dict[str, dict[str, float]] = {}
        for name, code in checkouts.items():
            env = environment(code, Path(tmp) / name.replace(" ", "-"))
            subprocess.run([*coach, "kb", "sync", str(ROOT / "knowledge")], env=env, cwd=code,
                           check=True, capture_output=True)
            print(f"{name} ({code}):")
            medians[name] = {}
            for label, argv, stdin in COMMANDS:
                times = timed([*coach, *argv], env, stdin, args.runs, code)
                medians[name][label] = statistics.median(times)
                print("  " + row(label, times, base_median))
    if args.compare:
        print("median ratio, this checkout / compared checkout:")
        for label, _, _ in COMMANDS:
            new, old = medians["this checkout"][label], medians["compared checkout"][label]
            print(f"  {label:<42} {new / old:5.2f}x ({old:.3f} s -> {new:.3f} s)")


if __name__ == "__main__":
    main()
