"""Several app instances on one PostgreSQL server and one `chroma run` server.

Each instance has its own data_dir (uploads, nothing shared); the relational state is in
PostgreSQL and the chunks are in the Chroma server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.guardrail import Stage
from assistant.guardrail.audit import AuditLog
from assistant.planning.plan import PlanRequest
from assistant.services import Services
from assistant.settings import Settings
from tests import pg
from tests.knowledge.test_chroma_server import chroma_server  # noqa: F401  (fixture)

NOTE = """---
title: The Zephyrine cadence
kind: guidance
topics: [threads]
owner: comms
---
## Cadence
Executives should host a quarterly ask-me-anything on Threads, the Zephyrine cadence,
and answer every question within two days.
"""


@pytest.fixture
def shared(postgres_server, chroma_server, tmp_path, monkeypatch) -> dict[str, str]:  # noqa: F811
    """COACH_* variables of a deployment: one database and one Chroma server."""
    env = {"COACH_DATABASE_URL": pg.create_database(postgres_server),
           "COACH_VECTOR_STORE__HOST": "127.0.0.1",
           "COACH_VECTOR_STORE__PORT": str(chroma_server)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def instance(tmp_path: Path, name: str, embedder: object) -> Services:
    """An instance's services: its own data_dir, the shared stores from the environment."""
    services = Services(Settings(data_dir=tmp_path / name))
    services.embedder = embedder  # type: ignore[assignment]
    return services


def start_sync(folder: Path, data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir)}
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "kb", "sync", str(folder),
                             "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.mark.slow
def test_two_syncs_of_one_folder_at_once_leave_one_copy_of_each_chunk(
        shared, corpus, tmp_path, embedder):
    processes = [start_sync(corpus, tmp_path / name) for name in ("a", "b")]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        reports.append(json.loads(out))
    documents = len(list(corpus.glob("*.md")))
    # the syncs took turns: one indexed every document, the other found nothing to do
    assert sorted((len(r["added"]), r["unchanged"]) for r in reports) == [
        (0, documents), (documents, 0)]
    services = instance(tmp_path, "check", embedder)
    ids = [chunk.id for chunk in services.store.iter_all()]
    assert Counter(ids).most_common(1)[0][1] == 1
    assert len(ids) == sum(record.chunks for record in services.kb.documents())


@pytest.mark.slow
def test_what_an_admin_does_on_a_is_seen_on_b_at_once(shared, corpus, tmp_path, embedder):
    a, b = instance(tmp_path, "a", embedder), instance(tmp_path, "b", embedder)
    a.kb.sync(corpus)
    query = "Zephyrine cadence ask-me-anything on Threads"
    assert all(hit.citation.doc_id != "zephyrine" for hit in b.retriever.search(query))

    upload = tmp_path / "zephyrine.md"
    upload.write_text(NOTE, encoding="utf-8")
    a.kb.add(upload, {"status": "draft"}, actor="ada")
    assert all(hit.citation.doc_id != "zephyrine" for hit in b.retriever.search(query))
    a.kb.approve("zephyrine")
    # B's cached lexical index follows the shared generation: no wait, no restart
    assert b.retriever.search(query)[0].citation.doc_id == "zephyrine"
    request = PlanRequest(topic="The Zephyrine cadence on Threads", mentee_role="CEO",
                          minutes=30, goals=[], familiarity="beginner", notes="")
    made = b.planner.create(request, "maya")
    assert made.plan is not None, made.message
    assert "zephyrine" in {source.doc_id for source in made.plan.sources}

    # a confidential term added on A is enforced on B (B re-reads the list within a second)
    a.guardrail.terms.add("Project Kestrel", "ada")
    assert _enforced_soon(b, "Our plan for Project Kestrel is ready.")

    # audit rows from both instances land in one log
    a.guardrail.screen("mail priya@acme.com", Stage.INPUT, user="on-a")
    b.guardrail.screen("mail omar@acme.com", Stage.INPUT, user="on-b")
    users = {row["user"] for row in AuditLog(a.db).recent()}
    assert {"on-a", "on-b"} <= users


def _enforced_soon(services: Services, text: str) -> bool:
    deadline = time.monotonic() + 10  # generous: the refresh interval is one second
    while time.monotonic() < deadline:
        if "confidential" in services.guardrail.screen(text, Stage.INPUT).categories:
            return True
        time.sleep(0.1)
    return False
