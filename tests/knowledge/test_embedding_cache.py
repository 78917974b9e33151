"""CachedEmbedder: repeated short texts skip the model; results equal the model's."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.knowledge.embeddings import CachedEmbedder


class Counting:
    """A stand-in model: a vector from the text's length; records what it was asked."""

    name = "counting"
    local = True

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32).reshape(-1, 2)


@pytest.mark.parametrize(("batches", "max_batch", "expected_calls"), [
    # the same query twice: the model runs once
    ([["how often"], ["how often"]], 8, [["how often"]]),
    # a batch with a known and a new text: only the new one goes to the model
    ([["a"], ["a", "bb"]], 8, [["a"], ["bb"]]),
    # duplicates inside one batch are embedded once
    ([["a", "a", "bb"]], 8, [["a", "bb"]]),
    # a batch above max_batch (a sync) passes through and is not kept
    ([["x", "y", "z"], ["x"]], 2, [["x", "y", "z"], ["x"]]),
    # an empty batch goes to the model (which returns its empty array)
    ([[]], 8, [[]]),
])
def test_model_calls(batches: list[list[str]], max_batch: int,
                     expected_calls: list[list[str]]) -> None:
    model = Counting()
    cached = CachedEmbedder(model, size=10, max_batch=max_batch)
    for batch in batches:
        out = cached.embed(batch)
        assert np.array_equal(out, Counting().embed(batch))  # same vectors, same order
    assert model.calls == expected_calls


def test_least_recently_used_is_dropped_first() -> None:
    model = Counting()
    cached = CachedEmbedder(model, size=2)
    cached.embed(["a"])
    cached.embed(["bb"])
    cached.embed(["a"])  # "a" is now the most recent
    cached.embed(["ccc"])  # evicts "bb"
    model.calls.clear()
    cached.embed(["a"])
    cached.embed(["bb"])
    assert model.calls == [["bb"]]


def test_other_attributes_are_the_models() -> None:
    model = Counting()
    assert CachedEmbedder(model).calls is model.calls and CachedEmbedder(model).name == "counting"
