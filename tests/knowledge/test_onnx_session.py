"""The MiniLM session starts from an optimised graph kept in the cache folder: kept once,
read by later processes, the same vectors as a session optimised from scratch."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from assistant.knowledge.embeddings import OnnxMiniLM, model_path, optimized_model_path

TEXTS = ["how often should an executive post on LinkedIn",
         "How should our team present the new product roadmap to the board?", "hi"]


@pytest.fixture(scope="module")
def plain() -> np.ndarray:
    """Vectors from a session optimised in memory, as every process made it before."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    model = OnnxMiniLM()
    model.__dict__["session"] = ort.InferenceSession(
        str(model_path()), sess_options=options, providers=["CPUExecutionProvider"])
    return model.embed(TEXTS)


def test_the_optimised_graph_is_kept_once_and_gives_the_same_vectors(
        tmp_path, monkeypatch, plain) -> None:
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path))
    first = OnnxMiniLM().embed(TEXTS)
    kept = optimized_model_path(model_path(), ort.__version__)
    assert kept.parent == tmp_path and kept.is_file()
    assert not list(tmp_path.glob("*.partial.onnx"))
    written = kept.stat().st_mtime_ns
    second = OnnxMiniLM().embed(TEXTS)
    assert kept.stat().st_mtime_ns == written  # read, not optimised and written again
    assert np.array_equal(first, plain) and np.array_equal(second, plain)


def test_a_damaged_copy_is_optimised_again(tmp_path, monkeypatch, plain) -> None:
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path))
    kept = optimized_model_path(model_path(), ort.__version__)
    kept.write_bytes(b"not an onnx graph")
    assert np.array_equal(OnnxMiniLM().embed(TEXTS), plain)
    assert kept.stat().st_size > 1_000_000


def test_without_a_cache_folder_each_process_optimises(tmp_path, monkeypatch, plain,
                                                       caplog) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made under a file")
    monkeypatch.setenv("COACH_CACHE_DIR", str(blocker / "cache"))
    assert np.array_equal(OnnxMiniLM().embed(TEXTS), plain)
    assert "cannot keep the optimised model" in caplog.text
