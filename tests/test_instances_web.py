"""Two `coach serve` processes on one PostgreSQL and one `chroma run`, driven through their web
APIs as users would: what an admin does on A, a mentor on B sees at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from assistant.guardrail.audit import AuditLog
from assistant.services import Services
from assistant.settings import Settings
from tests.knowledge.test_chroma_server import chroma_server  # noqa: F401  (fixture)
from tests.test_instances import NOTE, shared  # noqa: F401  (fixture)
from tests.ui.conftest import PASSWORDS, ROLES, free_port

QUERY = "Zephyrine cadence ask-me-anything on Threads"


def serve(tmp_path, name: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """One app instance with its own data_dir; returns the process and its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        env={**os.environ, **env, "COACH_DATA_DIR": str(tmp_path / name)},
        stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"{name}.log", "wb"))  # noqa: SIM115
    return process, f"http://127.0.0.1:{port}/"


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    """Until /healthz says ready (database up, index warmed): what a load balancer waits for."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the instance at {url} exited"
        try:
            if httpx.get(url + "healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} was not ready within 180 s")


@pytest.mark.slow
def test_an_approval_and_a_term_on_instance_a_reach_a_mentor_on_instance_b(
        shared, tmp_path, embedder):  # noqa: F811
    from gradio_client import Client, handle_file

    setup = Services(Settings(data_dir=tmp_path / "setup"))
    for name, password in PASSWORDS.items():
        setup.users.add(name, ROLES[name], password)
    instances = [serve(tmp_path, name, shared) for name in ("a", "b")]
    try:
        for process, url in instances:
            wait_ready(url, process)
        (_, url_a), (_, url_b) = instances
        admin = Client(url_a, auth=("ada", PASSWORDS["ada"]), verbose=False)
        mentor = Client(url_b, auth=("maya", PASSWORDS["maya"]), verbose=False)
        assert "Zephyrine" not in mentor.predict(QUERY, api_name="/search")

        note = tmp_path / "zephyrine.md"
        note.write_text(NOTE, encoding="utf-8")
        admin.predict([handle_file(str(note))], "guidance", "threads", "draft", "", "comms",
                      api_name="/kb_upload")
        assert "Zephyrine" not in mentor.predict(QUERY, api_name="/search")  # a draft
        admin.predict("zephyrine", api_name="/kb_approve")
        started = time.monotonic()
        found = mentor.predict(QUERY, api_name="/search")
        assert "Zephyrine" in found, found
        print(f"approved on A, found on B after {time.monotonic() - started:.2f} s")

        admin.predict("Project Kestrel", api_name="/terms_add")
        deadline = time.monotonic() + 10  # B re-reads the terms within a second
        while "confidential" not in _blocked(mentor).lower() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "confidential" in _blocked(mentor).lower()
        admin.predict("what should I tell priya.shah@acme.com?", api_name="/search")
    finally:
        for process, _ in instances:
            process.terminate()
            process.wait(timeout=30)
    users = {row["user"] for row in AuditLog(setup.db).recent()}
    assert {"ada", "maya"} <= users  # audit rows from both instances, one log


def _blocked(mentor) -> str:
    return mentor.predict("How should we present Project Kestrel on LinkedIn?",
                          api_name="/search")
