"""A bounded load: 20 users drafting plans and chatting at once; every request succeeds.

Latency is measured by bench/load_test.py, not asserted here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from load_test import run_load  # noqa: E402


@pytest.mark.slow
def test_twenty_concurrent_users_all_succeed(live_app, app_services):
    users = [(f"load{i:02d}", f"load-pass-{i:02d}") for i in range(20)]
    for name, password in users:
        app_services.users.add(name, "mentor", password, replace=True)
    results, _ = run_load(live_app, users, os.getpid())
    assert len(results) == 20 * 3
    failed = [(kind, ms) for kind, ms, ok in results if not ok]
    assert failed == []
