"""Sign-in burst: how long a cheap request waits while N sign-ins hash at once.

Starts the app twice in this process on an empty data directory: once with the app's own
sign-in (hashing in a thread pool) and once, as the baseline, with the old synchronous
`verify` as Gradio's `auth` (hashing on the event loop). For each, sends N sign-ins at once
and, while they run, cheap requests (`/gradio_api/app_id`); prints the median and worst
wait of the cheap requests and the ratio baseline / ours.

    .venv/bin/python bench/signin_burst.py [--burst 20]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on the path, telemetry off)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(sync_auth: bool, burst: int) -> list[float]:
    import httpx

    from assistant.services import Services
    from assistant.settings import Settings
    from ui.app import launch

    with tempfile.TemporaryDirectory() as tmp:
        services = Services(Settings(data_dir=Path(tmp), security={
            "signin_max_failures_per_address": 10_000}))
        services.users.add("bench", "mentor", "bench-pass-1")
        port = _port()
        app = launch(services, "127.0.0.1", port, block=False)
        if sync_auth:
            app.server_app.auth = services.users.verify  # the old wiring
        url = f"http://127.0.0.1:{port}"
        done = threading.Event()

        def sign_in() -> None:
            httpx.post(f"{url}/login", timeout=300,
                       data={"username": "bench", "password": "bench-pass-1"})

        threads = [threading.Thread(target=sign_in) for _ in range(burst)]
        for thread in threads:
            thread.start()
        waits = []
        while not done.is_set():
            start = time.perf_counter()
            httpx.get(f"{url}/gradio_api/app_id", timeout=300)
            waits.append((time.perf_counter() - start) * 1000)
            if not any(t.is_alive() for t in threads):
                done.set()
        for thread in threads:
            thread.join()
        app.close()
        return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=20)
    args = parser.parse_args()
    ours = measure(sync_auth=False, burst=args.burst)
    base = measure(sync_auth=True, burst=args.burst)
    for name, waits in (("hash on the event loop (before)", base),
                        ("hash in a thread pool (now)", ours)):
        print(f"{name}: {len(waits)} cheap requests during {args.burst} sign-ins, "
              f"median {statistics.median(waits):.0f} ms, worst {max(waits):.0f} ms")
    print(f"ratio before/now: median {statistics.median(base) / statistics.median(ours):.1f}x, "
          f"worst {max(base) / max(ours):.1f}x")


if __name__ == "__main__":
    main()
