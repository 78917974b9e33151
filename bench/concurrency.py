"""Several instances: N users over two `coach serve` processes on one PostgreSQL server and one
`chroma run`, next to one `coach serve` on SQLite and embedded Chroma, in the same run.

Offline provider. Each user signs in, drafts a plan and asks two questions (bench/load_test.py);
users alternate between the two instances. Prints successes and p50/p95 latency per kind.
PostgreSQL comes from Debian's `postgresql` package (started like the tests do).

    .venv/bin/python bench/concurrency.py [--users 50]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from common import ROOT, percentile
from load_test import one_user

sys.path.insert(0, str(ROOT / "tests"))  # tests/pg.py starts PostgreSQL like the tests do
import pg  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


def serve(stack: ExitStack, env: dict[str, str], count: int) -> list[str]:
    """`coach serve` processes sharing env's stores; returns their URLs."""
    urls = []
    for _ in range(count):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port",
                                    str(port)], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        stack.callback(process.wait, 30)
        stack.callback(process.terminate)
        urls.append(f"http://127.0.0.1:{port}/")
        wait_for(urls[-1], process)
    return urls


def prepare(env: dict[str, str], users: list[tuple[str, str]]) -> None:
    """Sync the seed corpus and add the users, in a process with env's settings."""
    code = ("import sys, json; from assistant.services import Services; "
            "s = Services.from_env(); s.kb.sync(__import__('pathlib').Path(sys.argv[1])); "
            "[s.users.add(n, 'mentor', p) for n, p in json.loads(sys.argv[2])]")
    subprocess.run([sys.executable, "-c", code, str(ROOT / "knowledge"), json.dumps(users)],
                   env=env, check=True)


def user(url: str, name: str, password: str, index: int) -> list[tuple[str, float, bool]]:
    """One user signs in (counted as a "login" request: in this run sign-in is part of the
    load), then drafts a plan and asks two questions."""
    from gradio_client import Client

    start = time.perf_counter()
    try:
        client = Client(url, auth=(name, password), verbose=False,
                        httpx_kwargs={"timeout": 60})
    except Exception as exc:  # a failed sign-in is what this counts
        print(f"login failed: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
        return [("login", (time.perf_counter() - start) * 1000, False)]
    return [("login", (time.perf_counter() - start) * 1000, True), *one_user(client, index)]


def load(urls: list[str], users: list[tuple[str, str]]) -> list[tuple[str, float, bool]]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        futures = [pool.submit(user, urls[i % len(urls)], n, p, i)
                   for i, (n, p) in enumerate(users)]
        return [r for f in futures for r in f.result()]


def report(label: str, results: list[tuple[str, float, bool]], wall: float) -> None:
    ok = sum(r[2] for r in results)
    print(f"{label}: {len(results)} requests in {wall:.1f} s, {ok} succeeded, "
          f"{len(results) - ok} failed")
    for kind in ("login", "plan", "chat"):
        times = [ms for k, ms, _ in results if k == kind] or [0.0]
        print(f"  {kind}: p50 {percentile(times, 50):7.0f} ms, p95 {percentile(times, 95):7.0f} ms"
              f" ({len(times)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    binaries = pg.bin_dir()
    if binaries is None:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    users = [(f"mentor{i:02d}", f"load-pass-{i:02d}") for i in range(args.users)]
    base = {**os.environ, "PYTHONPATH": str(ROOT), "COACH_LLM__PROVIDER": "offline"}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        single = {**base, "COACH_DATA_DIR": f"{tmp}/single"}
        prepare(single, users)
        urls = serve(stack, single, 1)
        start = time.perf_counter()
        report("1 instance, SQLite + embedded Chroma", load(urls, users),
               time.perf_counter() - start)
        stack.close()

        url = stack.enter_context(pg.server(binaries))
        chroma_port = free_port()
        chroma = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--host",
                                   "127.0.0.1", "--port", str(chroma_port), "--path",
                                   f"{tmp}/chroma"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        stack.callback(chroma.wait, 30)
        stack.callback(chroma.terminate)
        wait_for(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", chroma)
        shared = {**base, "COACH_DATABASE_URL": pg.create_database(url),
                  "COACH_VECTOR_STORE__HOST": "127.0.0.1",
                  "COACH_VECTOR_STORE__PORT": str(chroma_port)}
        prepare({**shared, "COACH_DATA_DIR": f"{tmp}/prep"}, users)
        urls = [u for name in ("a", "b")
                for u in serve(stack, {**shared, "COACH_DATA_DIR": f"{tmp}/{name}"}, 1)]
        start = time.perf_counter()
        report("2 instances, PostgreSQL + chroma run", load(urls, users),
               time.perf_counter() - start)


if __name__ == "__main__":
    main()
