"""`coach kb search --jsonl`: one result line per input line, bad lines reported, not fatal."""

from __future__ import annotations

import io
import json

import pytest

from assistant.cli.kb import search_jsonl
from assistant.knowledge.base import KnowledgeError
from assistant.knowledge.search import Citation, SearchHit


def fake_search(query: str) -> list[SearchHit]:
    """One hit whose text echoes the query; 'boom' fails like a broken store would."""
    if query == "boom":
        raise KnowledgeError("the store is unreachable")
    citation = Citation("doc-a", "Title A", "Section", "a.md", "abcdef123456")
    return [SearchHit("doc-a::v::0000", f"about {query}", 0.5, 0.9, citation)]


def run(text: str) -> tuple[list[dict], int]:
    sink = io.StringIO()
    failed = search_jsonl(fake_search, io.StringIO(text), sink)
    return [json.loads(line) for line in sink.getvalue().splitlines()], failed


@pytest.mark.parametrize(("line", "expected"), [
    # a well-formed query: its id comes back with the hits
    ('{"id": 7, "query": "posting rhythm"}', {"id": 7, "query": "posting rhythm"}),
    # a string id works as well as a number
    ('{"id": "q-1", "query": "reels"}', {"id": "q-1", "query": "reels"}),
    # no id at all: null, so the caller can still match by line
    ('{"query": "reels"}', {"id": None, "query": "reels"}),
])
def test_good_lines_get_hits(line: str, expected: dict) -> None:
    out, failed = run(line + "\n")
    assert failed == 0 and len(out) == 1
    assert {k: out[0][k] for k in expected} == expected
    hit = out[0]["hits"][0]
    assert hit["doc_id"] == "doc-a" and hit["rank"] == 1
    assert hit["snippet"] == f"about {expected['query']}"
    assert hit["citation"].startswith("Title A › Section (a.md")


@pytest.mark.parametrize(("line", "error"), [
    # not JSON at all
    ("how often should I post", "not JSON"),
    # JSON but not an object
    ('["posting rhythm"]', "not a JSON object"),
    # an object without a query
    ('{"id": 3}', 'no "query"'),
    # a blank query
    ('{"id": 3, "query": "   "}', 'no "query"'),
    # a query that is not text
    ('{"id": 3, "query": 42}', 'no "query"'),
    # the search itself fails: the error is reported on the line
    ('{"id": 3, "query": "boom"}', "unreachable"),
])
def test_bad_lines_are_reported_and_the_batch_goes_on(line: str, error: str) -> None:
    out, failed = run(f'{line}\n\n{{"id": "after", "query": "reels"}}\n')
    assert failed == 1 and len(out) == 2  # the blank line is skipped, not an error
    assert error in out[0]["error"] and out[0]["line"] == 1
    assert out[1]["id"] == "after" and out[1]["hits"]
