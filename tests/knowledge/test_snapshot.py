"""The store's copy for cold processes: same answers as Chroma, never older than the index."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.knowledge.search import Retriever
from assistant.knowledge.snapshot import Snapshot, load
from assistant.knowledge.store import StoredChunk
from tests.knowledge.test_search import DRAFT_QUERY, HIDDEN, QUESTIONS, sync_draft

# Fused (RRF, k=60) scores this close come from a swap of neighbouring dense ranks: one rank's
# step near the top is 1/61 - 1/62 = 0.00026
NEAR_TIE = 0.001


def chunks(n: int) -> list[StoredChunk]:
    return [StoredChunk(f"c{i}", f"text {i}", {"doc_id": f"d{i}", "status": "approved"})
            for i in range(n)]


def test_a_copy_is_read_back_only_at_its_generation(tmp_path):
    path = tmp_path / "copy.npz"
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 2.0]], dtype=np.float32)
    Snapshot(7, chunks(3), vectors).save(path)
    copy = load(path, 7)
    assert copy is not None
    assert [c.id for c in copy.chunks] == ["c0", "c1", "c2"]
    assert copy.chunks[1].metadata == {"doc_id": "d1", "status": "approved"}
    assert load(path, 8) is None  # the index changed since: the copy is not used
    assert load(tmp_path / "missing.npz", 7) is None
    path.write_bytes(b"not a numpy file")
    assert load(path, 7) is None


def test_nearest_is_exact_and_keeps_only_what_is_asked():
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 2.0]], dtype=np.float32)
    copy = Snapshot(1, chunks(3), vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    found = copy.nearest(np.array([0.0, 5.0]), 2, None)
    assert [c.id for c, _ in found] == ["c2", "c1"]
    assert [d for _, d in found] == pytest.approx([0.0, 0.2])
    assert [c.id for c, _ in copy.nearest(np.array([0.0, 5.0]), 2, lambda c: c.id != "c2")] == [
        "c1", "c0"]
    assert copy.nearest(np.array([0.0, 1.0]), 0, None) == []


def test_the_copy_answers_as_the_store(synced_services, tmp_path):
    """The copy's search is exact and Chroma's HNSW index approximate (and built in no fixed
    order): the best three answers are the same but for near ties (two chunks whose fused
    scores differ by less than a rank's step may swap), every chunk both return has the same
    similarity and citation, and at most two of the ten differ (near ties at the bottom)."""
    live = synced_services.retriever
    copied = Retriever(synced_services.store, synced_services.embedder,
                       synced_services.settings.retrieval,
                       generation=synced_services.kb_generation, snapshot=tmp_path / "s.npz")
    cases = [(q["question"], False) for q in QUESTIONS] + [(h["question"], True) for h in HIDDEN]
    for question, hidden in cases:
        want = live.search(question, k=10, include_hidden=hidden)
        got = copied.search(question, k=10, include_hidden=hidden)
        theirs = {h.chunk_id: h for h in want}
        for mine, live_hit in zip(got[:3], want[:3], strict=True):
            if mine.chunk_id != live_hit.chunk_id:  # a swap is allowed only between near ties
                assert mine.chunk_id in theirs, question
                assert abs(theirs[mine.chunk_id].score - live_hit.score) < NEAR_TIE, question
        both = [h for h in got if h.chunk_id in theirs]
        assert len(both) >= len(want) - 2, question
        for hit in both:
            assert hit.citation == theirs[hit.chunk_id].citation
            assert hit.similarity == pytest.approx(theirs[hit.chunk_id].similarity, abs=1e-5)
    assert (tmp_path / "s.npz").is_file()


def test_a_change_reaches_every_reader_and_a_new_process_needs_no_store(services, tmp_path):
    from assistant.services import Services

    def reader() -> Services:
        built = Services(services.settings, search_snapshot=True)
        built.embedder = services.embedder
        return built

    sync_draft(services, tmp_path)
    query = DRAFT_QUERY
    first = reader()

    def visible(who: Services) -> set[str]:
        return {h.citation.doc_id for h in who.retriever.search(query)}

    assert "draft" not in visible(first)
    services.kb.approve("draft")  # another process (the web app) changes the index
    assert "draft" in visible(first)
    fresh = reader()  # a new command: the copy on disk is current, Chroma stays closed
    assert "draft" in visible(fresh)
    assert "store" not in fresh.__dict__
    services.kb.retire("draft")
    assert "draft" not in visible(first) and "draft" not in visible(reader())


def test_a_large_store_is_searched_in_place_not_copied(synced_services, monkeypatch):
    from assistant import services as module
    from assistant.services import Services

    copying = Services(synced_services.settings, search_snapshot=True)
    assert copying.retriever.snapshot() is not None
    monkeypatch.setattr(module, "SNAPSHOT_MAX_CHUNKS", copying._chunks() - 1)
    too_big = Services(synced_services.settings, search_snapshot=True)
    assert too_big.retriever.snapshot() is None
