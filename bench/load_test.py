"""Bounded load test: N concurrent users drafting plans and chatting through gradio_client.

Starts the app in this process (offline provider, the seed corpus synced into a temporary
data directory), signs in N mentor users, and has each draft a plan and ask two questions at
the same time. Prints successes and p50/p95 latency per kind of request.

    .venv/bin/python bench/load_test.py [--users 20]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, percentile

TOPICS = ["LinkedIn for executives", "TikTok basics", "Instagram Reels", "YouTube Shorts",
          "content calendars", "measuring social performance", "personal branding",
          "engaging young employees", "generative AI at work", "digital etiquette"]
QUESTIONS = ["How often should I post?", "What makes a good short video?",
             "How do I reply to comments?", "How do we measure engagement?"]


def one_user(url: str, name: str, password: str, index: int) -> list[tuple[str, float, bool]]:
    from gradio_client import Client

    client = Client(url, auth=(name, password), verbose=False)
    results = []
    calls = [("plan", lambda: client.predict(
        "CFO", "beginner", "Post weekly", TOPICS[index % len(TOPICS)], 45, "",
        api_name="/draft_plan"))]
    calls += [("chat", lambda q=q: client.predict(q, [], "", "", api_name="/ask"))
              for q in QUESTIONS[index % 2::2]]
    for kind, call in calls:
        start = time.perf_counter()
        try:
            out = call()
            ok = bool(out and out[0])
        except Exception:  # a failed request is what this counts
            ok = False
        results.append((kind, (time.perf_counter() - start) * 1000, ok))
    return results


def run_load(url: str, users: list[tuple[str, str]]) -> list[tuple[str, float, bool]]:
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        futures = [pool.submit(one_user, url, n, p, i) for i, (n, p) in enumerate(users)]
        return [r for f in futures for r in f.result()]


def start_app(data: Path, count: int) -> tuple[str, list[tuple[str, str]], object]:
    from assistant.services import Services
    from assistant.settings import Settings
    from ui.app import launch

    services = Services(Settings(data_dir=data, knowledge_dir=ROOT / "knowledge"))
    services.kb.sync(ROOT / "knowledge")
    users = [(f"mentor{i:02d}", f"load-pass-{i:02d}") for i in range(count)]
    for name, password in users:
        services.users.add(name, "mentor", password)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = launch(services, "127.0.0.1", port, block=False)
    return f"http://127.0.0.1:{port}/", users, app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, users, app = start_app(Path(tmp), args.users)
        start = time.perf_counter()
        results = run_load(url, users)
        wall = time.perf_counter() - start
        app.close()  # type: ignore[attr-defined]
    ok = sum(r[2] for r in results)
    print(f"{args.users} concurrent users, {len(results)} requests in {wall:.1f} s: "
          f"{ok} succeeded, {len(results) - ok} failed")
    for kind in ("plan", "chat"):
        times = [ms for k, ms, _ in results if k == kind]
        print(f"  {kind}: p50 {percentile(times, 50):7.0f} ms, p95 {percentile(times, 95):7.0f} ms"
              f" ({len(times)} requests)")


if __name__ == "__main__":
    main()
