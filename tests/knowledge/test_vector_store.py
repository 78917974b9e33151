"""Sentence vectors on disk: filled while indexing, read by any process, never a user's text,
and a broken file costs speed, not answers."""

from __future__ import annotations

import numpy as np

from assistant.knowledge.embeddings import CachedEmbedder, build_embedder
from assistant.knowledge.vector_store import VectorStore
from assistant.planning.warmup import sentence_texts
from assistant.services import Services
from assistant.settings import EmbeddingSettings, Settings


class Model384:
    """A fake model: a distinct unit vector per text, and a record of what it embedded."""

    name = "counting"
    local = True

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        rng = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=384) for t in texts]
        out = np.array(rng, dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_vectors_survive_the_process_and_are_kept_per_model(tmp_path):
    path = tmp_path / "v.sqlite"
    vectors = Model384().embed(["one", "two"])
    VectorStore(path, "model-a").put(["one", "two"], vectors)
    again = VectorStore(path, "model-a").get(["two", "three", "one"])
    assert set(again) == {"one", "two"}
    assert np.allclose(again["one"], vectors[0]) and np.allclose(again["two"], vectors[1])
    assert VectorStore(path, "model-b").get(["one"]) == {}  # another model's vectors differ


def test_warmed_sentences_skip_the_model_in_a_new_process_but_questions_are_not_stored(
        tmp_path):
    path = tmp_path / "v.sqlite"
    indexing = CachedEmbedder(Model384(), store=VectorStore(path, "m"))
    assert indexing.warm(["Post twice a week.", "Reply within a day."]) == 2
    assert indexing.warm(["Post twice a week."]) == 0  # already there

    model = Model384()
    serving = CachedEmbedder(model, store=VectorStore(path, "m"))
    serving.embed(["Post twice a week.", "How often should I post?"])
    assert model.seen == ["How often should I post?"]
    assert VectorStore(path, "m").get(["How often should I post?"]) == {}


def test_a_corrupt_file_is_left_alone_and_vectors_are_computed(tmp_path):
    path = tmp_path / "v.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    model = Model384()
    embedder = CachedEmbedder(model, store=VectorStore(path, "m"))
    assert embedder.warm(["Post twice a week."]) == 1
    out = embedder.embed(["Post twice a week."])
    assert out.shape == (1, 384) and model.seen == ["Post twice a week.", "Post twice a week."]


def test_syncing_a_document_stores_the_sentences_plans_and_answers_rank(
        tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "kb"
    docs.mkdir()
    (docs / "rhythm.md").write_text(
        "---\ntitle: Posting rhythm\nkind: guidance\ntopics: [linkedin]\nstatus: approved\n"
        "owner: comms\n---\n## Rhythm\nPost twice a week so that people learn when to expect "
        "you. Reply to comments within a day.\n",
        encoding="utf-8")
    (docs / "secret.md").write_text(
        "---\ntitle: Launch\nkind: guidance\ntopics: [linkedin]\nstatus: approved\n"
        "owner: comms\n---\n## Plan\nCONFIDENTIAL: the launch date is not public yet.\n",
        encoding="utf-8")
    services = Services(Settings(data_dir=tmp_path / "data", knowledge_dir=docs))
    report = services.kb.sync(docs)
    assert not report.errors, report.errors

    store = build_embedder(EmbeddingSettings()).store
    assert store is not None
    chunks = {c.metadata["title"]: c for c in services.store.iter_all()}
    rhythm = sentence_texts(chunks["Posting rhythm"].text, "Posting rhythm", "Rhythm")
    assert "Post twice a week so that people learn when to expect you." in rhythm
    assert set(store.get(rhythm)) == set(rhythm)
    held = chunks["Launch"]
    assert held.metadata["flagged"]  # a document held back for review is not precomputed
    assert store.get(sentence_texts(held.text, "Launch", "Plan")) == {}


def test_turned_off_nothing_is_written_and_reading_creates_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    embedder = build_embedder(EmbeddingSettings(sentence_cache=False))
    assert embedder.store is None
    assert embedder.warm(["Post twice a week so that people learn when to expect you."]) == 0
    reader = build_embedder(EmbeddingSettings()).store
    assert reader is not None and reader.get(["Post twice a week."]) == {}
    assert not (tmp_path / "cache").exists()


def test_syncing_stores_the_guardrails_own_vectors_of_the_sentences(tmp_path, monkeypatch):
    """The output screen of a plan quoting these sentences reads its model's vectors from
    disk (the guardrail runs another model than retrieval: quantized.py)."""
    from assistant.guardrail.detectors import meaning
    from assistant.planning.evidence import sentences

    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    meaning.embedder.cache_clear()  # the guardrail's embedder reads this test's cache
    try:
        docs = tmp_path / "kb"
        docs.mkdir()
        (docs / "rhythm.md").write_text(
            "---\ntitle: Posting rhythm\nkind: guidance\ntopics: [linkedin]\n"
            "status: approved\nowner: comms\n---\n## Rhythm\nPost twice a week so that people "
            "learn when to expect you. Reply to comments within a day.\n", encoding="utf-8")
        services = Services(Settings(data_dir=tmp_path / "data", knowledge_dir=docs))
        assert not services.kb.sync(docs).errors
        chunk = next(iter(services.store.iter_all()))
        units = sentences(chunk.text, "Rhythm")
        guard = meaning.embedder()
        assert units and set(guard.store.get(units)) == set(units)
        assert np.allclose(np.stack([guard.store.get(units)[u] for u in units]),
                           guard.inner.embed(units), atol=1e-5)  # the guardrail's model
        assert guard.store.identity != build_embedder(EmbeddingSettings()).store.identity
    finally:
        meaning.embedder.cache_clear()
