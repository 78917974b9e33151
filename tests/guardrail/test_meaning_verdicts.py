"""The meaning detector keeps each sentence's verdict: a sentence met again, in any document,
is not judged again, and the findings are those of a detector that judges everything afresh."""

from __future__ import annotations

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import MeaningDetector

DISCLOSURE = "we're letting about a third of the call-centre staff go after Easter."
ADVICE = "Post twice a week and reply to every comment within a day."
EXAMPLE = f"A made-up example; {DISCLOSURE}"  # the same sentence, presented as an example


def judged(detector: MeaningDetector, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The sentences the detector judges (computes a verdict for), in order."""
    seen: list[str] = []
    real = detector._judge

    def spy(texts: list[str]) -> list[object]:
        seen.extend(texts)
        return real(texts)  # type: ignore[return-value]

    monkeypatch.setattr(detector, "_judge", spy)
    return seen


def test_a_sentence_in_a_new_document_is_not_judged_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    detector = MeaningDetector()
    seen = judged(detector, monkeypatch)
    first = detector.detect(Document(f"{ADVICE}\n{DISCLOSURE}"))
    assert [f.category for f in first] == ["confidential"]
    assert sorted(seen) == sorted([ADVICE, DISCLOSURE])
    seen.clear()
    text = f"Session notes.\n{DISCLOSURE}\nThat is all for now, thanks."
    found = detector.detect(Document(text))
    assert DISCLOSURE not in seen and seen  # only the new sentences
    assert [text[f.start:f.end] for f in found] == [DISCLOSURE]


def test_kept_verdicts_give_the_findings_of_a_fresh_detector() -> None:
    texts = [f"{ADVICE}\n{DISCLOSURE}", EXAMPLE, f"{DISCLOSURE} {ADVICE}", ADVICE]
    warm = MeaningDetector()
    for text in texts:
        warm.detect(Document(text))
    for text in texts:  # the sample check still reads each document's own sentence
        assert warm.detect(Document(text)) == MeaningDetector().detect(Document(text))
    assert warm.detect(Document(DISCLOSURE)) and not warm.detect(Document(EXAMPLE))


def test_forget_judges_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    detector = MeaningDetector()
    detector.detect(Document(DISCLOSURE))
    seen = judged(detector, monkeypatch)
    detector.forget()
    assert detector.detect(Document(DISCLOSURE)) and seen == [DISCLOSURE]
