"""The guardrail's re-quantised MiniLM (quantized.py), and retrieval's untouched one."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from assistant.guardrail.detectors import quantized
from assistant.guardrail.detectors.meaning import embedder, gate
from assistant.guardrail.detectors.meaning_gate import token_cache_path
from assistant.knowledge.embeddings import build_embedder, model_path, sentence_store
from assistant.settings import EmbeddingSettings

TEXTS = ["Dev from procurement is off for months with a heart condition",
         "Post twice a week so that people learn when to expect you."]


def _ops(path: Path) -> set[str]:
    return {node.op_type for node in onnx.load(str(path)).graph.node}


def _weight_only_int8(path: Path) -> np.ndarray:
    """A one-MatMul model stored as the packaged MiniLM stores its weights (int8, Cast, Mul
    by a per-column scale); returns the float weights it computes with."""
    rng = np.random.default_rng(7)
    q = rng.integers(-127, 128, (16, 8)).astype(np.int8)
    scale = rng.uniform(0.001, 0.01, (1, 8)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Cast", ["q"], ["f"], to=TensorProto.FLOAT),
         helper.make_node("Mul", ["f", "scale"], ["w"]),
         helper.make_node("MatMul", ["x", "w"], ["y"])],
        "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 8])],
        [numpy_helper.from_array(q, "q"), numpy_helper.from_array(scale, "scale")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return q.astype(np.float32) * scale


def test_the_build_turns_stored_int8_weights_into_integer_matmuls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source, target = tmp_path / "tiny.onnx", tmp_path / "cache" / "tiny-int8.onnx"
    weights = _weight_only_int8(source)
    quantized.build(source, target)
    assert "MatMul" in _ops(source) and "MatMulInteger" in _ops(target)
    assert [p.name for p in target.parent.iterdir()] == ["tiny-int8.onnx"]  # no work files left
    x = np.random.default_rng(1).normal(size=(5, 16)).astype(np.float32)
    out = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"]).run(
        None, {"x": x})[0]
    assert np.allclose(out, x @ weights, atol=0.05 * np.abs(x @ weights).max())


def test_the_guardrail_runs_the_int8_copy_built_from_the_packaged_model() -> None:
    model = embedder().model
    assert model == quantized.quantized_path(model_path()) and model.is_file()
    assert "MatMulInteger" in _ops(model) and "MatMulInteger" not in _ops(model_path())


def test_retrieval_keeps_the_packaged_model_and_its_vectors() -> None:
    """Chroma's stored vectors must not change: the knowledge embedder runs the packaged
    file, and its vectors are that file's, not the guardrail's."""
    knowledge = build_embedder(EmbeddingSettings())
    assert knowledge.model == model_path()
    packaged = knowledge.embed(TEXTS)
    guard = embedder().inner.embed(TEXTS)
    cosine = (packaged * guard).sum(axis=1)
    assert (cosine > 0.98).all() and (cosine < 0.9999).all()  # near, but another model
    assert knowledge.store.identity != embedder().store.identity


def test_every_guardrail_cache_is_keyed_by_the_model_it_runs() -> None:
    assert gate().encoder.tokens.path == token_cache_path(embedder().model)
    assert gate().encoder.tokens.path != token_cache_path(model_path())
    assert embedder().store.identity == sentence_store(embedder().model).identity


def test_without_onnx_the_guardrail_runs_the_packaged_model(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(sys.modules, "onnxruntime.quantization", None)  # import fails
    assert quantized.guard_model_path.__wrapped__() == model_path()
    assert not list((tmp_path / "cache").glob("*.onnx"))


def test_an_unwritable_cache_directory_means_the_packaged_model(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COACH_CACHE_DIR", str(blocker / "cache"))
    assert quantized.guard_model_path.__wrapped__() == model_path()


@pytest.mark.parametrize("change", ["recipe", "source"])
def test_the_file_name_changes_with_the_recipe_and_the_source(tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                              change: str) -> None:
    source = tmp_path / "model.onnx"
    source.write_bytes(b"weights")
    before = quantized.quantized_path(source)
    if change == "recipe":
        monkeypatch.setattr(quantized, "RECIPE", "another")
    else:
        source.write_bytes(b"other weights")
    assert quantized.quantized_path(source) != before


def test_a_texts_guardrail_vector_does_not_depend_on_its_batch() -> None:
    """The int8 model quantises activations per call: texts and word pieces go one per call,
    so the same text gets the same vector alone or beside others."""
    import numpy as np

    from assistant.guardrail.detectors.meaning import embedder
    from assistant.guardrail.detectors.meaning_gate import model_forward

    inner = embedder().inner
    text = "Dev from procurement is off for months with a heart condition"
    alone = inner.embed([text])[0]
    beside = inner.embed([text, "the weather is nice today"])[0]
    assert np.array_equal(alone, beside)
    forward = model_forward(inner.session)
    one = forward(np.array([[101, 2000, 102]]))[0]
    two = forward(np.array([[101, 2000, 102], [101, 29999, 102]]))[0]
    assert np.array_equal(one, two)


def test_concurrent_model_calls_give_the_vectors_of_calls_in_turn() -> None:
    """A message's MiniLM calls run on several threads at once (``calls``): each is still
    one text alone, so the vectors are those of the calls made one after another."""
    import threading

    from assistant.guardrail.detectors.meaning_gate import model_forward
    from assistant.knowledge.embeddings import OnnxMiniLM

    path = embedder().inner.model
    at_once = OnnxMiniLM(batch_size=1, threads=1, model=path, calls=3)
    in_turn = OnnxMiniLM(batch_size=1, threads=1, model=path)
    texts = [*TEXTS, "we're letting a third of the call-centre staff go after Easter",
             "the chair is stepping down at the AGM; only the board knows", "hi"]
    assert np.array_equal(at_once.embed(texts), in_turn.embed(texts))
    pieces = np.array([[101, p, 102] for p in (2000, 29999, 4242, 7592, 2035)])
    assert np.array_equal(model_forward(at_once.session, at_once.map)(pieces),
                          model_forward(in_turn.session)(pieces))
    names = set(at_once.map(lambda _: threading.current_thread().name, range(6)))
    assert any(name.startswith("minilm") for name in names)  # the calls did run on the pool


def test_a_process_beside_other_workers_makes_its_calls_in_turn(monkeypatch) -> None:
    """``take_turns`` (a worker of `guard scan --jsonl`, and its parent): no call threads."""
    import threading

    from assistant.guardrail.detectors import meaning

    inner = embedder().inner
    monkeypatch.setattr(meaning, "MODEL_CALLS", meaning.MODEL_CALLS)
    monkeypatch.setattr(inner, "calls", 2)
    meaning.take_turns()
    assert meaning.MODEL_CALLS == 1 and inner.calls == 1
    assert set(inner.map(lambda _: threading.current_thread().name, range(4))) == {
        threading.current_thread().name}
