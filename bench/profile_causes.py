"""Where a server's CPU went, by cause: py-spy raw stacks grouped into a few kinds of work.

Each sample whose innermost frame is a wait (a lock, a queue, the event loop's poll, a
sleep) is idle and dropped; every other sample goes to the first cause in CAUSES whose
pattern occurs in its stack, and to the part of the app it ran in (the plan handler, the
chat handler, or outside handlers: Gradio, HTTP, sign-in).

    .venv/bin/python bench/profile_causes.py stacks.txt [more.txt ...]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

IDLE = re.compile(r"^(Condition\.wait|_worker|Runner\.run|Blocks\.block_thread|Event\.wait|"
                  r"Queue\.get|sleep|select|_run_once|wait|acquire|BaseSelector.*|"
                  r"EpollSelector\.select|Thread\.join|_wait_for_tstate_lock) \(")
# (cause, pattern in the stack), first match wins: specific kinds of work before the
# handler or layer they ran in
CAUSES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern)) for name, pattern in [
    ("sign-in (password hash)", r"SignIn\.attempt|check_password"),
    ("session lookup per request", r"SessionTokens\.|Access\.require|Sessions\.user"),
    ("Gradio /config (per client)", r"create_app\.<locals>\.get_config|update_root_in_config"),
    ("Gradio session state/config", r"SessionState\.|config_for_block"),
    ("DB reads/writes", r"sqlalchemy/|Database\.session|kb_generation"),
    ("screening (guardrail)", r"Guardrail\.|screen_plan|screen_hits|screen_request"),
    ("retrieval (search, BM25, Chroma)", r"Retriever\.|chromadb/|bm25s/"),
    ("embedding (other)", r"\.embed \(|onnxruntime/"),
    ("composing (offline)", r"compose \(assistant"),
    ("warm-up", r"^.*warm \((ui|assistant)/"),
    ("handler (rest)", r"\(assistant/|\(ui/(?!server)"),
    ("Gradio postprocess", r"postprocess_data|postprocess_update_dict"),
    ("Gradio preprocess", r"preprocess_data"),
    ("queue/SSE/HTTP", r"gradio/queueing|gradio/route_utils|gradio/routes|starlette/|uvicorn/|"
                       r"sse_starlette|httptools|h11|anyio/"),
]]
PARTS = [("plan", re.compile(r"draft_plan \(")), ("chat", re.compile(r"\.ask \(ui/")),
         ("outside", re.compile(""))]


def read(paths: list[Path]) -> tuple[Counter[tuple[str, str]], int, int]:
    """Busy samples per (cause, part), busy total, idle total."""
    counts: Counter[tuple[str, str]] = Counter()
    busy = idle = 0
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, n = line.rpartition(" ")
            if not n.isdigit() or ";" not in stack:
                continue
            frames = stack.split(";")[1:] or stack.split(";")
            if IDLE.match(frames[-1]):
                idle += int(n)
                continue
            busy += int(n)
            cause = next((c for c, p in CAUSES if p.search(stack)), "other")
            part = next(name for name, p in PARTS if p.search(stack))
            counts[cause, part] += int(n)
    return counts, busy, idle


def table(counts: Counter[tuple[str, str]], busy: int) -> list[str]:
    """One row per cause: share of busy samples, overall and per part."""
    rows = [f"| cause | all | {' | '.join(p for p, _ in PARTS)} |",
            "|---|---|" + "---|" * len(PARTS)]
    causes = Counter[str]()
    for (cause, _), n in counts.items():
        causes[cause] += n
    for cause, n in causes.most_common():
        shares = " | ".join(f"{100 * counts[cause, p] / busy:.1f}%" for p, _ in PARTS)
        rows.append(f"| {cause} | {100 * n / busy:.1f}% | {shares} |")
    parts = " | ".join(f"{100 * sum(v for (c, q), v in counts.items() if q == p) / busy:.1f}%"
                       for p, _ in PARTS)
    rows.append(f"| **all** | 100% | {parts} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stacks", type=Path, nargs="+", help="py-spy --format raw output")
    parser.add_argument("--rate", type=int, default=200, help="py-spy's sampling rate (Hz)")
    args = parser.parse_args()
    counts, busy, idle = read(args.stacks)
    print(f"{busy} busy samples ({busy / args.rate:.1f} s of CPU-bound thread time at "
          f"{args.rate} Hz), {idle} idle samples dropped")
    print("\n".join(table(counts, busy)))


if __name__ == "__main__":
    main()
