"""`kb sync`: add, skip, change, delete, bad files, and recovery from an interrupted sync."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from assistant.knowledge.registry import SyncIntent
from assistant.settings import Settings
from tests.conftest import KNOWLEDGE


@pytest.fixture
def settings(tmp_path, database_url, monkeypatch):
    """The registry on each backend; subprocesses find the same database in the environment."""
    monkeypatch.setenv("COACH_DATABASE_URL", database_url)
    return Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)

DOC = """---
title: {title}
kind: guidance
topics: [linkedin]
status: approved
owner: comms
---
## Rhythm
{body}
"""


def write(folder, name, title="Posting rhythm", body="Post twice a week."):
    path = folder / name
    path.write_text(DOC.format(title=title, body=body), encoding="utf-8")
    return path


def assert_consistent(services):
    """Chroma holds exactly the registered versions' chunks: no duplicates, no orphans."""
    stored = list(services.store.iter_all())
    ids = [c.id for c in stored]
    assert len(ids) == len(set(ids))
    registered = {r.doc_id: r for r in services.kb.documents()}
    per_doc = Counter(c.metadata["doc_id"] for c in stored)
    for chunk in stored:
        record = registered.get(chunk.metadata["doc_id"])
        assert record is not None, f"orphan chunk {chunk.id}"
        assert chunk.metadata["version"] == record.version, f"stale chunk {chunk.id}"
    assert {d: r.chunks for d, r in registered.items()} == dict(per_doc)
    with services.db.session() as session:
        assert session.query(SyncIntent).count() == 0


def test_first_sync_indexes_the_corpus_and_second_changes_nothing(services, corpus):
    first = services.kb.sync(corpus)
    assert not first.errors
    assert len(first.added) >= 30
    assert services.store.count() == sum(r.chunks for r in services.kb.documents())
    second = services.kb.sync(corpus)
    assert not second.changed
    assert len(second.unchanged) == len(first.added)
    assert_consistent(services)


def test_unchanged_files_are_not_embedded_again(services, corpus):
    services.kb.sync(corpus)
    calls = []
    original = services.embedder.embed
    services.embedder = type("Counting", (), {
        "name": "counting",
        "embed": lambda self, texts: calls.append(len(texts)) or original(texts),
    })()
    services.kb.embedder = services.embedder
    services.kb.sync(corpus)
    assert calls == []


def test_changed_document_replaces_its_chunks(services, tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "a.md", body="Post twice a week.")
    services.kb.sync(folder)
    old = services.kb.get("a").version
    write(folder, "a.md", body="Post every weekday, and answer comments within an hour.")
    report = services.kb.sync(folder)
    assert report.updated == ["a"]
    record = services.kb.get("a")
    assert record.version != old
    texts = [c.text for c in services.store.iter_all()]
    assert any("every weekday" in t for t in texts)
    assert not any("twice a week" in t for t in texts)
    assert_consistent(services)


def test_deleted_document_is_removed(services, tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "a.md")
    write(folder, "b.md", title="Replies", body="Answer within a day.")
    services.kb.sync(folder)
    (folder / "b.md").unlink()
    report = services.kb.sync(folder)
    assert report.removed == ["b"]
    assert services.kb.get("b") is None
    assert {c.metadata["doc_id"] for c in services.store.iter_all()} == {"a"}
    assert_consistent(services)


def test_bad_files_are_reported_and_the_rest_indexed(services, tmp_path, settings):
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "good.md")
    (folder / "empty.md").write_bytes(b"")
    (folder / "junk.txt").write_bytes(os.urandom(4096))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 garbage")
    (folder / "meta.md").write_text("---\nkind: recipe\n---\n## A\nText.", encoding="utf-8")
    (folder / "trend.md").write_text("---\nkind: trend\n---\n## A\nText.", encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"word " * 2_200_000)
    report = services.kb.sync(folder)
    assert report.added == ["good"]
    assert set(report.errors) == {"empty.md", "junk.txt", "broken.pdf", "meta.md", "trend.md",
                                  "huge.txt"}
    assert "empty" in report.errors["empty.md"]
    assert "kind" in report.errors["meta.md"]
    assert "valid_until" in report.errors["trend.md"]
    assert "limit" in report.errors["huge.txt"]
    assert_consistent(services)


def test_a_file_that_turns_corrupt_keeps_its_last_good_version(services, tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "a.md")
    services.kb.sync(folder)
    good = services.kb.get("a").version
    (folder / "a.md").write_bytes(b"\x00\x01binary")
    report = services.kb.sync(folder)
    assert "a.md" in report.errors
    assert services.kb.get("a").version == good
    assert_consistent(services)


CRASH_AFTER_UPSERT = """
import os, sys
from pathlib import Path
from assistant.services import Services
from assistant.settings import Settings

services = Services(Settings(data_dir=Path(sys.argv[1])))
store = services.store
writes = 0
original = store.upsert
def upsert(chunks, vectors):
    global writes
    original(chunks, vectors)
    writes += 1
    if writes == int(sys.argv[3]):
        os._exit(9)  # die after the chunks are in Chroma, before the registry commit
store.upsert = upsert
services.kb.sync(Path(sys.argv[2]))
"""


def _run_crashing_sync(data, folder, after):
    return subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_UPSERT, str(data), str(folder), str(after)],
        capture_output=True, text=True, timeout=300,
    )


def test_crash_between_chunk_write_and_registry_leaves_nothing_after_resync(
    services, settings, corpus
):
    services.kb.sync(corpus)
    # change three documents, then crash while re-indexing the second of them
    changed = sorted(corpus.glob("*.md"))[:3]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\n\nA new closing line.\n",
                        encoding="utf-8")
    result = _run_crashing_sync(settings.data_dir, corpus, after=2)
    assert result.returncode == 9, result.stderr
    report = services.kb.sync(corpus)
    assert report.recovered, "the interrupted document should be recovered"
    assert sorted(report.updated) == sorted(p.stem for p in changed[1:])
    assert_consistent(services)


def test_sigkill_in_the_middle_of_a_first_sync_recovers(services, settings, corpus):
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "kb", "sync", str(corpus)],
        env={**os.environ, "COACH_DATA_DIR": str(settings.data_dir)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if services.kb.documents():  # some documents are in: kill mid-way
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    services.kb.sync(corpus)
    assert_consistent(services)
    assert len(services.kb.documents()) == len(list(corpus.glob("*.md")))


class RecordingRemoteEmbedder:
    """Stands in for a remote embedding service: records what would leave the machine."""

    name = "remote-recorder"
    local = False

    def __init__(self, real):
        self.real = real
        self.sent: list[str] = []

    def embed(self, texts):
        self.sent += texts
        return self.real.embed(texts)


def test_a_remote_embedder_never_sees_flagged_content(services, tmp_path, embedder):
    # since issue 9, personal data is redacted at ingestion (not flagged): the stored chunk
    # holds a placeholder, and a marking is what flags the document
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder, "contact.md", title="Contacts",
          body="CONFIDENTIAL: send questions to priya.natarajan@example.org before Friday.")
    remote = RecordingRemoteEmbedder(embedder)
    services.kb.embedder = remote
    report = services.kb.sync(folder)
    assert report.flagged == {"contact": ["confidential"]}
    assert remote.sent and not any("priya.natarajan" in text for text in remote.sent)
    assert not any("CONFIDENTIAL" in text for text in remote.sent)
    stored = services.kb.chunks("contact")
    assert stored and not services.kb.get("contact").is_visible()  # kept for the admin, hidden
    assert not any("priya.natarajan" in c.text for c in stored)  # redacted at ingestion
