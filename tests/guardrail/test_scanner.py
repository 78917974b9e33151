"""The scanner keeps the findings of recent texts: a text seen again is not run through the
detectors again, a batch gives what one-by-one scans give, and a new term drops them."""

from __future__ import annotations

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.scanner import Scanner

TEXTS = [
    "Email maya.lund@example.com before the session.",  # a format finding
    "Nothing to see in this sentence about LinkedIn posts.",  # no finding
    "",  # blank: never scanned
]


def counted(guard, monkeypatch) -> list[int]:
    """How often the detectors ran (one entry per scanned document)."""
    runs: list[int] = []
    original = Scanner._scan

    def scan(self, doc, *args):
        runs.append(1)
        return original(self, doc, *args)

    monkeypatch.setattr(Scanner, "_scan", scan)
    return runs


def test_a_text_scanned_again_does_not_run_the_detectors_again(guard, monkeypatch):
    runs = counted(guard, monkeypatch)
    first = guard.scan(TEXTS[0])
    assert first and len(runs) == 1
    assert guard.scan(TEXTS[0]) == first and len(runs) == 1  # kept
    assert guard.scan_many([TEXTS[0], TEXTS[1], TEXTS[1]]) == [first, [], []]
    assert len(runs) == 2  # only the new text, once


def test_forget_makes_the_detectors_run_again(guard, monkeypatch):
    runs = counted(guard, monkeypatch)
    first = guard.scan(TEXTS[0])
    guard.scanner.forget()  # the benchmarks time detection, not the kept findings
    assert guard.scan(TEXTS[0]) == first and len(runs) == 2


def test_a_batch_with_repeats_finds_what_a_fresh_scanner_finds(guard):
    fresh = Scanner(GuardrailSettings())
    batch = [TEXTS[1], TEXTS[0], TEXTS[2], TEXTS[0]]
    expected = [fresh.scan(t) for t in batch]
    assert guard.scan_many(batch) == expected
    assert guard.scan_many(batch) == expected  # and again, from what was kept


def test_a_new_term_applies_to_a_text_already_scanned(guard):
    text = "Next week we present Zephyrine to the board."
    assert not [f for f in guard.scan(text) if f.rule == "confidential.term"]
    guard.terms.add("Zephyrine")
    assert [f for f in guard.scan(text) if f.rule == "confidential.term"]


def test_a_caller_changing_its_list_does_not_change_what_is_kept(guard):
    found = guard.scan(TEXTS[0])
    found.clear()
    assert guard.scan(TEXTS[0])


def test_replaced_detectors_do_not_answer_from_what_the_old_ones_found(guard):
    assert guard.scan(TEXTS[0])
    guard.scanner.detectors = []  # e.g. a tool running the scanner with no detector
    assert guard.scan(TEXTS[0]) == []
