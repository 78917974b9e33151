"""The static-vector gate before the meaning detector's MiniLM (meaning_gate.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors import meaning
from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import MeaningDetector, _candidates, embedder, gate
from assistant.guardrail.detectors.meaning_gate import (
    DIM,
    GATE_BAR,
    TokenVectors,
    model_forward,
)
from assistant.guardrail.detectors.registry import DetectorContext, build

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

# Advice and knowledge-base prose with a framing cue ("we", a capitalised word): candidates
# the pre-check lets through, that the full detector does not flag, and the gate drops.
ADVICE = [
    "Make sure the mentor's line manager hears about the work.",
    "Posting is only half of social media.",
    "Treat anything typed into an AI tool as potentially leaving the company.",
    "Ask your mentor which posts worked best for Sarah last quarter.",
]
DISCLOSURES = [
    "we're letting about a third of the call-centre staff go after Easter",
    "Dev from procurement is off for months with a heart condition",
    "the chair is stepping down at the AGM; only the board knows",
    "the team Figma login is design@ with the password Pelican77",
]


def _items(text: str) -> list[tuple[str, str]]:
    doc = Document(text)
    return [(doc.view[a:b], doc.view[s:e]) for s, e, a, b in _candidates(doc, False)]


def _tokens(tmp_path: Path, forward=None) -> TokenVectors:  # type: ignore[no-untyped-def]
    return TokenVectors(forward or model_forward(embedder().session), tmp_path / "tokens.npz")


def _office_id() -> int:
    ids = embedder().tokenizer.encode("office", add_special_tokens=False).ids
    assert len(ids) == 1
    return int(ids[0])


def test_a_token_vector_is_the_guardrail_models_output_for_the_token_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    vector = _tokens(tmp_path).get([_office_id()])[0]
    sentence = embedder().inner.embed(["office"])[0]  # [CLS] office [SEP], mean-pooled
    assert np.allclose(vector / np.linalg.norm(vector), sentence, atol=1e-5)


def test_token_vectors_are_kept_on_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _tokens(tmp_path)
    ids = list(range(2000, 2100))
    made = first.get(ids)
    first.save()

    def no_model(ids: np.ndarray) -> np.ndarray:
        raise AssertionError("the model ran again")

    again = _tokens(tmp_path, no_model)  # as a new process would: from the file
    assert len(again) == 100 and np.array_equal(again.get(ids), made)


@pytest.mark.parametrize("content", [
    b"not a zip file at all",
    b"PK\x03\x04 truncated",
])
def test_a_corrupt_cache_file_is_rebuilt(tmp_path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "tokens.npz").write_bytes(content)
    tokens = _tokens(tmp_path)
    assert len(tokens) == 0
    vector = tokens.get([_office_id()])
    tokens.save()
    assert vector.shape == (1, DIM)
    assert len(_tokens(tmp_path, lambda ids: np.zeros(0))) == 1  # the file is sound again


def test_a_cache_file_of_the_wrong_shape_is_ignored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    np.savez(tmp_path / "tokens.npz", ids=np.array([2000, 2001]), vectors=np.zeros((2, 7)))
    tokens = _tokens(tmp_path)
    assert len(tokens) == 0
    assert tokens.get([2000]).shape == (1, DIM) and np.abs(tokens.get([2000])).sum() > 0


def test_an_unwritable_cache_directory_only_means_no_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    tokens = TokenVectors(model_forward(embedder().session), blocker / "sub" / "tokens.npz")
    tokens.get([2000])
    tokens.save()
    assert not (blocker / "sub").exists()


@pytest.mark.parametrize("text", ADVICE)
def test_the_gate_drops_advice_the_full_detector_does_not_flag(text: str) -> None:
    items = _items(text)
    assert items, "the framing pre-check lets it through"
    assert not any(gate().passes(items))
    assert MeaningDetector(gated=False).detect(Document(text)) == []


@pytest.mark.parametrize("text", DISCLOSURES)
def test_the_gate_keeps_disclosures(text: str) -> None:
    assert any(gate().passes(_items(text)))
    assert MeaningDetector().detect(Document(text))


def test_a_stated_credential_always_passes() -> None:
    scores = gate().scores([("the wifi password is Pelican77", "the wifi password is Pelican77")])
    assert scores[0] == np.inf


def test_the_setting_turns_the_gate_off() -> None:
    on, off = (build(["meaning"], DetectorContext(GuardrailSettings(meaning_gate=flag)))[0]
               for flag in (True, False))
    assert isinstance(on, MeaningDetector) and on.gated
    assert isinstance(off, MeaningDetector) and not off.gated


def test_the_gate_cuts_the_embedded_pieces_of_a_knowledge_base_message(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(ADVICE + DISCLOSURES[:1])
    embedded: list[list[str]] = []
    inner = meaning.embedder().inner
    real = inner.embed
    monkeypatch.setattr(inner, "embed", lambda texts: embedded.append(texts) or real(texts))
    for gated in (True, False):
        meaning.embedder().clear()
        rules = [f.rule for f in MeaningDetector(gated=gated).detect(Document(text))]
        assert rules == ["confidential.layoffs"]
    assert len(embedded[0]) < len(embedded[1])


def test_the_shipped_bar_keeps_99_percent_of_what_the_full_detector_flags() -> None:
    """Fails when rules, exemplars or ``classify`` changed without re-running
    bench/meaning_gate_calibrate.py (tune rows only)."""
    from meaning_calibrate import tune_rows
    from meaning_gate_calibrate import flagged, items

    candidates = items([r["text"] for r in tune_rows()])
    hits = flagged(candidates)
    kept = (gate().scores(candidates)[hits] >= GATE_BAR).mean()
    assert hits.sum() > 50 and kept >= 0.99


def test_a_decision_is_remembered_until_cleared(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    items = _items(DISCLOSURES[0])
    gate().clear()
    asked: list[int] = []
    real = gate().scores
    monkeypatch.setattr(gate(), "scores", lambda xs: asked.append(len(xs)) or real(xs))
    first = gate().passes(items)
    assert gate().passes(items) == first and asked == [len(items)]
    gate().clear()
    gate().passes(items)
    assert asked == [len(items), len(items)]


def test_scores_check_a_stated_credential_once_per_piece(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.guardrail.detectors import meaning_gate

    items = [item for text in ADVICE + DISCLOSURES for item in _items(text)]
    expected = gate().scores(items)
    calls: list[str] = []
    real = meaning.credential_value

    def counted(sentence: str) -> bool:
        calls.append(sentence)
        return real(sentence)

    monkeypatch.setattr(meaning, "credential_value", counted)  # what ``framed`` calls
    monkeypatch.setattr(meaning_gate, "credential_value", counted)
    assert np.array_equal(gate().scores(items), expected)
    assert len(calls) == len(items)  # not again through the credential family's framing


def test_a_clause_gets_its_sentences_secrecy_bonus_as_in_classify() -> None:
    """The gate shifts a clause as ``classify`` does (``inherit``): a secrecy cue in one
    clause lowers the bar for the sentence's other clauses, too."""
    piece = "the Lisbon office closes in March"
    sentence = f"{piece}, but nobody knows yet"
    bonus = MeaningDetector.adjust(sentence)
    assert MeaningDetector.adjust(piece) == 0 and bonus > 0
    alone, within = gate().scores([(piece, piece), (piece, sentence)])
    assert within - alone == pytest.approx(meaning.inherit(0.0, bonus))


def test_a_rules_own_frames_count_whatever_rule_of_its_family_comes_last() -> None:
    # an incident framed only by the security rule's own frames ("attacker", "got into"),
    # with a frameless rule of the same family after it in the file
    from dataclasses import replace

    from assistant.guardrail.detectors.meaning import load_rules
    from assistant.guardrail.detectors.meaning_gate import MeaningGate

    rules = load_rules()
    extra = replace(next(r for r in rules if r.frames is None and r.category == "confidential"),
                    name="confidential.extra")
    incident = [r.name for r in rules].index("confidential.security_incident")
    able = MeaningGate(gate().encoder, (*rules, extra)).able(
        "an attacker got into the finance mailbox")
    assert able[incident]
