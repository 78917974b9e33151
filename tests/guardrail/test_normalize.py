"""Normalisation: view and skeleton, with offsets back to the original text."""

from __future__ import annotations

import pytest

from assistant.guardrail.normalize import normalize, skeleton_of

VIEWS = [
    # plain ASCII is left alone
    ("hello world", "hello world"),
    # zero-width characters are dropped
    ("Halc\u200byon", "Halcyon"),
    # soft hyphen is dropped
    ("Blue\u00adfin", "Bluefin"),
    # Cyrillic look-alikes become ASCII
    ("Рrоject", "Project"),
    # Greek look-alikes become ASCII
    ("Ηalcyοn", "Halcyon"),
    # full-width letters and digits (NFKC)
    ("ＡＫＩＡ１２", "AKIA12"),
    # ligature expands
    ("ﬁle", "file"),
    # typographic dashes become hyphens
    ("Orion\u2011X2", "Orion-X2"),
    # non-breaking space becomes a space
    ("a\u00a0b", "a b"),
]

SKELETONS = [
    # case and spaces removed
    ("Project Halcyon", "projecthaicyon"),
    # letters split by spaces
    ("P r o j e c t", "project"),
    # punctuation removed
    ("Orion-X2", "orionx2"),
    # digit look-alikes folded
    ("pr0j3ct", "project"),
    # accents stripped
    ("Hálcyön", "haicyon"),
]


@pytest.mark.parametrize(("text", "view"), VIEWS)
def test_view(text: str, view: str) -> None:
    assert normalize(text).view == view


@pytest.mark.parametrize(("text", "skeleton"), SKELETONS)
def test_skeleton(text: str, skeleton: str) -> None:
    assert skeleton_of(text) == skeleton


def test_offsets_map_back_to_original() -> None:
    text = "x Halc\u200byon ＡＢ y"
    norm = normalize(text)
    start = norm.view.index("Halcyon")
    ostart, oend = norm.span(start, start + len("Halcyon"))
    assert text[ostart:oend] == "Halc\u200byon"
    a = norm.view.index("AB")
    assert text[slice(*norm.span(a, a + 2))] == "ＡＢ"
