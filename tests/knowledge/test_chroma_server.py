"""The scaled-out path: the same sync and search against a real `chroma run` server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from assistant.services import Services
from assistant.settings import Settings, VectorStoreSettings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma") or str(Path(__import__("sys").executable).parent / "chroma")
    port = _free_port()
    process = subprocess.Popen(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path",
         str(tmp_path / "server")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not answer within 60 s")
    yield port
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.slow
def test_sync_and_search_against_a_chroma_server(chroma_server, tmp_path, corpus, embedder):
    settings = Settings(
        data_dir=tmp_path / "data",
        vector_store=VectorStoreSettings(host="127.0.0.1", port=chroma_server),
    )
    services = Services(settings)
    services.embedder = embedder
    first = services.kb.sync(corpus)
    assert not first.errors and len(first.added) >= 30
    assert services.store.count() == sum(r.chunks for r in services.kb.documents())
    assert not services.kb.sync(corpus).changed
    hits = services.retriever.search("How often should an executive post on LinkedIn?")
    assert hits and hits[0].citation.doc_id == "linkedin-strategy-for-executives"
    assert not (tmp_path / "data" / "chroma").exists(), "nothing should be written locally"


def test_an_unreachable_server_gives_a_clear_error(tmp_path):
    from assistant.knowledge.store import ChunkStore, StoreError

    settings = Settings(
        data_dir=tmp_path, vector_store=VectorStoreSettings(host="127.0.0.1", port=_free_port())
    )
    with pytest.raises(StoreError, match="chroma run"):
        ChunkStore.from_settings(settings)
