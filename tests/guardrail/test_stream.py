"""Streaming: a held-back window catches secrets split across streamed pieces."""

from __future__ import annotations

import pytest

from assistant.guardrail import Guardrail, GuardrailSettings, Stage

FILLER = "Keep posting twice a week and reply to comments. " * 12
SECRET = "sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0"


def run(guard: Guardrail, text: str, size: int) -> tuple[str, object]:
    stream = guard.stream(Stage.OUTPUT)
    out = "".join(stream.feed(text[i : i + size]) for i in range(0, len(text), size))
    out += stream.finish()
    return out, stream.result


STREAMS = [
    # secret split across 3-character pieces
    (FILLER + f"Your key is {SECRET}. " + FILLER, 3, "block"),
    # secret split across 17-character pieces
    (FILLER + f"Your key is {SECRET}. " + FILLER, 17, "block"),
    # password whose keyword and value arrive in different pieces
    (FILLER + "my password is Tr0ub4dor&3 okay. " + FILLER, 5, "block"),
    # secret split across lines and pieces
    (FILLER + "key: sk-proj-9TgH3kLm2Qx8\nVn4Rp7Ws1Zc6Yb0Jd5Fa " + FILLER, 4, "block"),
    # email split across pieces is redacted
    (FILLER + "Contact bob.jones@acme.org please. " + FILLER, 7, "redact"),
    # clean answer passes unchanged
    (FILLER * 2, 11, "allow"),
    # term split across pieces
    (FILLER + "Project Halcyon is next. " + FILLER, 2, "allow"),
]


@pytest.mark.parametrize(("text", "size", "action"), STREAMS)
def test_stream(text: str, size: int, action: str) -> None:
    guard = Guardrail(GuardrailSettings(stream_window=64))
    out, result = run(guard, text, size)
    assert result.action == action
    assert SECRET not in out and "Tr0ub4dor" not in out and "Vn4Rp7" not in out
    assert "bob.jones" not in out
    if action == "allow":
        assert out == text
    if action == "redact":
        assert out == result.text and "[REDACTED_EMAIL_1]" in out


def test_stream_with_terms_blocks(guard) -> None:
    out, result = run(guard, FILLER + "P r o j e c t  Halcyon next. " + FILLER, 3)
    assert result.blocked and "Halcyon" not in out


def test_stream_offsets_refer_to_whole_text(guard) -> None:
    text = FILLER + "mail bob.jones@acme.org now " + FILLER
    _, result = run(guard, text, 9)
    (finding,) = result.findings
    assert text[finding.start : finding.end] == "bob.jones@acme.org"


def test_a_streamed_answer_meets_the_stage_detectors_a_whole_one_does() -> None:
    """At the output stage names are not looked for (the text was screened for them on the
    way in): streamed or whole, an answer naming a speaker gets the same decision."""
    guard = Guardrail(GuardrailSettings(stream_window=64))
    text = FILLER + "Maria Lopez from the Lisbon office gave a talk on short video. " + FILLER
    assert guard.scan(text), "the name is found when every detector runs"
    whole = guard.screen(text, Stage.OUTPUT)
    out, streamed = run(guard, text, 9)
    assert streamed.action == whole.action == "allow"
    assert out == text
