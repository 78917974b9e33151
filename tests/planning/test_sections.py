"""Sections of a streamed plan announced as the model starts them, by known name only."""

from __future__ import annotations

import pytest

from assistant.planning.sections import SectionWatch
from tests.planning.conftest import sample_draft


def announced(pieces: list[str]) -> list[str]:
    watch = SectionWatch()
    return [s for piece in pieces for s in watch.feed(piece)]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        # keys split across pieces; nested "title" keys inside the agenda are not sections
        (['{"ti', 'tle": "A", "objectives": ["x"], "agenda": [{"title": "S"', '}]}'],
         ["title", "objectives", "agenda"]),
        # a quote and a comma inside a string value do not start a key
        (['{"title": "say \\"agenda\\", then", "exercise": {}}'], ["title", "exercise"]),
        # an unknown key is the model's text: never echoed
        (['{"secret project nightjar": 1, "glossary": []}'], ["glossary"]),
        # a key written twice is announced once
        (['{"title": "A", "title": "B"}'], ["title"]),
    ],
)
def test_sections_are_announced_once_as_they_start(pieces, expected):
    assert announced(pieces) == expected


def test_a_whole_draft_streamed_in_small_pieces():
    text = sample_draft()
    pieces = [text[i:i + 7] for i in range(0, len(text), 7)]
    watch = SectionWatch()
    for piece in pieces:
        watch.feed(piece)
    assert watch.raw == text
    assert watch.started[:3] == ["title", "objectives", "pre-reading"]
    assert "agenda" in watch.started and "feedback questions" in watch.started
