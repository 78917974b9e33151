"""Time from `coach serve` to its first page, against a bare Gradio app started the same way.

    .venv/bin/python bench/app_startup.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
from common import ROOT

BARE = "import gradio as gr\nwith gr.Blocks() as app:\n    gr.Markdown('hi')\n" \
       "app.launch(server_name='127.0.0.1', server_port={port})\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_page(command: list[str], port: int, env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < 120:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code < 500:
                    return time.perf_counter() - start
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("no answer within 120 s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    coach = os.path.join(os.path.dirname(sys.executable), "coach")
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "COACH_DATA_DIR": data}
        subprocess.run([coach, "kb", "sync", "knowledge"], env=env, cwd=ROOT, check=True,
                       capture_output=True)
        ours, bare = [], []
        for _ in range(args.rounds):
            port = free_port()
            ours.append(first_page([coach, "serve", "--port", str(port)], port, env))
            port = free_port()
            bare.append(first_page([sys.executable, "-c", BARE.format(port=port)], port, env))
    ours_s, bare_s = min(ours), min(bare)
    print(f"coach serve, first page:      {ours_s:5.2f} s (best of {args.rounds})")
    print(f"bare Gradio app, first page:  {bare_s:5.2f} s (best of {args.rounds})")
    print(f"ratio: {ours_s / bare_s:.2f}x")


if __name__ == "__main__":
    main()
