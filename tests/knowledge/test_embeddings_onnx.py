"""OnnxMiniLM's batching: length-sorted groups cut where padding costs more than a call, and
vectors that do not depend on which texts share a call."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.knowledge.embeddings import OnnxMiniLM, length_groups


@pytest.mark.parametrize("lengths, most, cost, groups", [
    ([10, 11, 12], 64, 8, [(0, 3)]),  # like lengths: one call, padding 3 pieces
    ([5, 5, 5, 100], 64, 8, [(0, 3), (3, 4)]),  # a long text alone: 3 x 95 padded pieces saved
    ([5, 5, 5, 7], 64, 8, [(0, 4)]),  # 6 padded pieces cost less than a second call (8)
    ([4, 4, 4, 4], 2, 8, [(0, 2), (2, 4)]),  # never more than ``most`` texts in a call
    ([7], 64, 8, [(0, 1)]),
    ([], 64, 8, []),
])
def test_length_groups(lengths: list[int], most: int, cost: int,
                       groups: list[tuple[int, int]]) -> None:
    assert length_groups(lengths, most, cost) == groups


class Recording:
    """An ONNX session stand-in that records the shape of each call."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, int]] = []

    def run(self, _: object, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        ids = feed["input_ids"]
        self.shapes.append(ids.shape)
        return [np.ones((*ids.shape, 384), dtype=np.float32)]


def test_a_long_text_does_not_pad_the_short_ones() -> None:
    model = OnnxMiniLM(batch_size=64)
    fake = Recording()
    model.__dict__["session"] = fake  # the cached property, replaced before first use
    long = " ".join(["confidential restructuring plan"] * 30)
    model.embed(["we cut jobs", long, "our q3 figures", "a raise for priya"])
    widths = sorted(fake.shapes, key=lambda shape: shape[1])
    assert len(widths) == 2 and widths[0][0] == 3 and widths[1][0] == 1
    assert widths[0][1] < 10 < widths[1][1]  # the short ones padded to their own longest


def test_grouped_vectors_equal_one_by_one(embedder: OnnxMiniLM) -> None:
    texts = ["we are letting a third of the call-centre staff go after Easter",
             "hi", " ".join(["the board meets on friday to approve the acquisition"] * 8),
             "Dev from procurement is off for months", "prices rise 8% in July"]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
