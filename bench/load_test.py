"""Bounded load test: N concurrent users drafting plans and chatting through gradio_client.

Starts `coach serve` in its own process, as deployed (offline provider, the seed corpus
synced into a temporary data directory and cache directory), waits until `/healthz` reports
ready as a load balancer would, signs in N mentor users, and has each draft a plan and ask
two questions at the same time. Prints successes and p50/p95 latency per kind of
request, the burst's wall time and the CPU time the server and this client used in it; with
--profile, the functions and the causes (bench/profile_causes.py) of the server's CPU time in
the burst (py-spy, started once every user has signed in).

    .venv/bin/python bench/load_test.py [--users 20] [--profile stacks.txt]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import profile_causes
from common import ROOT, percentile

TOPICS = ["LinkedIn for executives", "TikTok basics", "Instagram Reels", "YouTube Shorts",
          "content calendars", "measuring social performance", "personal branding",
          "engaging young employees", "generative AI at work", "digital etiquette"]
QUESTIONS = ["How often should I post?", "What makes a good short video?",
             "How do I reply to comments?", "How do we measure engagement?"]


def one_user(client: Any, index: int) -> list[tuple[str, float, bool]]:
    """One signed-in user drafts a plan, then asks two questions; (kind, ms, ok) each."""
    calls = [("plan", lambda: client.predict(
        "CFO", "beginner", "Post weekly", TOPICS[index % len(TOPICS)], 45, "",
        api_name="/draft_plan"))]
    calls += [("chat", lambda q=q: client.predict(q, [], "", "", api_name="/ask"))
              for q in QUESTIONS[index % 2::2]]
    results = []
    for kind, call in calls:
        start = time.perf_counter()
        try:
            out = call()
            ok = bool(out and out[0])
        except Exception as exc:  # a failed request is what this counts
            ok = False
            print(f"{kind} failed: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
        results.append((kind, (time.perf_counter() - start) * 1000, ok))
    return results


def sign_in(url: str, users: list[tuple[str, str]]) -> list[Any]:
    """A client per user, signed in a few at a time before the clock starts: sign-in is not
    what is measured, and a burst of scrypt hashes on a loaded machine can outlast
    gradio_client's 5 s timeout."""
    from gradio_client import Client

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda u: Client(url, auth=u, verbose=False), users))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_load(url: str, users: list[tuple[str, str]], server: int,
             signed_in: Callable[[], object] = lambda: None,
             ) -> tuple[list[tuple[str, float, bool]], dict[str, float]]:
    """All users signed in first (then ``signed_in`` is called), then all of them at the same
    moment; the results, and the wall time and the server's and this client's CPU time of
    that burst (sign-in excluded)."""
    clients = sign_in(url, users)
    signed_in()
    wall, served, own = time.perf_counter(), cpu_seconds(server), time.process_time()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        futures = [pool.submit(one_user, client, i) for i, client in enumerate(clients)]
        results = [r for f in futures for r in f.result()]
    return results, {"wall": time.perf_counter() - wall, "server": cpu_seconds(server) - served,
                     "client": time.process_time() - own}


def start_server(data: Path, count: int) -> tuple[str, list[tuple[str, str]], subprocess.Popen]:
    """`coach serve` in its own process (as deployed), the seed corpus synced, N mentors."""
    from assistant.services import Services
    from assistant.settings import Settings

    env = {**os.environ, "COACH_DATA_DIR": str(data), "PYTHONPATH": str(ROOT),
           "COACH_CACHE_DIR": str(data / "cache")}  # filled by this run's own sync only
    coach = [sys.executable, "-m", "assistant.cli"]
    subprocess.run([*coach, "kb", "sync", str(ROOT / "knowledge")], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    services = Services(Settings(data_dir=data, knowledge_dir=ROOT / "knowledge"))
    users = [(f"mentor{i:02d}", f"load-pass-{i:02d}") for i in range(count)]
    for name, password in users:
        services.users.add(name, "mentor", password)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([*coach, "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:  # ready as a load balancer sees it: models loaded
        try:
            if httpx.get(url + "healthz", timeout=1).status_code == 200:
                return url, users, server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not answer within 120 s")


def profiled(pid: int, out: Path | None) -> subprocess.Popen | None:
    """py-spy sampling every thread of the server while the load runs (raw stacks)."""
    if out is None:
        return None
    beside = os.path.join(os.path.dirname(sys.executable), "py-spy")
    spy = beside if os.path.exists(beside) else shutil.which("py-spy") or beside
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "200",
                             "--output", str(out)], stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--profile", type=Path,
                        help="py-spy raw stacks of the server under load (pip install py-spy)")
    args = parser.parse_args()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        url, users, server = start_server(Path(tmp), args.users)
        try:
            spies: list[subprocess.Popen | None] = []
            start = time.perf_counter()
            results, burst = run_load(url, users, server.pid, lambda: spies.append(
                profiled(server.pid, args.profile)))  # the burst only, sign-in excluded
            wall = time.perf_counter() - start
            spy = spies[0] if spies else None
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=120)
        finally:
            server.terminate()
            server.wait(timeout=30)
    ok = sum(r[2] for r in results)
    print(f"{args.users} concurrent users, {len(results)} requests in {wall:.1f} s "
          f"(sign-in included): {ok} succeeded, {len(results) - ok} failed "
          f"(load average before: {load})")
    print(f"  burst after sign-in: {burst['wall']:.1f} s wall; server CPU {burst['server']:.1f} s "
          f"({1000 * burst['server'] / len(results):.0f} ms per request), load-test client CPU "
          f"{burst['client']:.1f} s")
    for kind in ("plan", "chat"):
        times = [ms for k, ms, _ in results if k == kind]
        print(f"  {kind}: p50 {percentile(times, 50):7.0f} ms, p95 {percentile(times, 95):7.0f} ms"
              f" ({len(times)} requests)")
    if args.profile:
        print_profile(args.profile)
        counts, busy, idle = profile_causes.read([args.profile])
        print(f"by cause ({busy} busy samples, {idle} idle dropped):")
        print("\n".join(profile_causes.table(counts, busy)))


def print_profile(path: Path, top: int = 25) -> None:
    """Share of the server's busy samples per function: inclusive (on the stack) and self."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";")[1:] if "(" in f]  # drop the thread label
        if not frames or not count.isdigit():
            continue
        n = int(count)
        total += n
        names = [re.sub(r":\d+\)$", ")", f) for f in frames]
        inclusive.update({name: n for name in set(names)})
        own[names[-1]] += n
    print(f"profile: {total} busy samples of the server's threads")
    print("  inclusive  self  function")
    for name, n in inclusive.most_common(top):
        print(f"  {100 * n / total:8.1f}% {100 * own[name] / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
