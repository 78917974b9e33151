"""The model detectors' speed mechanics: spaCy parses only sentences that could hold a name
or a home and loads only when one appears; batches (``scan_many``, `guard scan --jsonl`) do
the model work once for many texts and give the findings one-by-one scans give."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.cli.guard import scan_jsonl
from assistant.guardrail import Guardrail, Stage
from assistant.guardrail.detectors import entities, meaning
from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.entities import GATE, EntityDetector
from assistant.guardrail.detectors.meaning import MeaningDetector

ROOT = Path(__file__).resolve().parents[2]
SETS = ("guard_holdout.jsonl", "guard_meaning_dev.jsonl", "guard_prose_dev.jsonl")


def tuned_texts(per_set: int = 40) -> list[str]:
    """Sentences of the tuned sets (never the blind set), names, places and meaning mixed."""
    texts = []
    for name in SETS:
        lines = (ROOT / "bench/data" / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:per_set] if line.strip()]
    return texts


def forget() -> None:
    entities.clear_cache()
    meaning.embedder().clear()
    meaning.gate().clear()


def test_spacy_loads_only_when_a_sentence_could_hold_a_name() -> None:
    probe = (
        "import json\n"
        "from assistant.guardrail import Guardrail, GuardrailSettings\n"
        "from assistant.guardrail.detectors.entities import load_pipeline\n"
        "guard = Guardrail(GuardrailSettings())\n"
        "guard.scan('the quarterly deck goes out on thursday, so please check the numbers. "
        "## Notes for LinkedIn\\nWe post twice a week on YouTube.')\n"
        "before = load_pipeline.cache_info().currsize\n"
        "found = guard.scan('please ask Greg for the deck')\n"
        "print(json.dumps([before, load_pipeline.cache_info().currsize, "
        "[f.rule for f in found]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.returncode == 0, done.stderr
    before, after, rules = json.loads(done.stdout.splitlines()[-1])
    assert before == 0  # no candidate: the pipeline was never loaded
    assert after == 1 and "personal.person" in rules


@pytest.mark.parametrize("text, chosen", [
    ("The report is due. Hannah Ruiz was passed over again. Thanks all.", ["Hannah Ruiz"]),
    ("Nothing here. Dan's review went badly. Fine.", ["Dan's review"]),
    ("See the plan.\nI'm at 41 Kestrel Way, Swindon.\nBye.", ["41 Kestrel Way"]),
    ("We agreed. She lives in Bristol now. Ok.", ["lives in Bristol"]),
    ("please ping greg about it. Later.", ["ping greg"]),
    ("## Meeting Notes\nWe use Slack and YouTube Shorts daily. The KPI is up.", []),
])
def test_gate_picks_the_sentences_that_could_hold_a_person_or_home(text: str,
                                                                  chosen: list[str]) -> None:
    doc = Document(text)
    units = [doc.view[s:e] for s, e in GATE.units(doc, 20_000)]
    assert len(units) == len(chosen)
    for unit, part in zip(units, chosen, strict=True):
        assert part in unit


def test_prepared_batch_needs_no_model_call_in_detect(monkeypatch) -> None:
    forget()
    docs = [Document(t) for t in tuned_texts(15)]
    ner, sense = EntityDetector(), MeaningDetector()
    ner.prepare(docs)
    sense.prepare(docs)
    expected = [(ner.detect(d), sense.detect(d)) for d in docs]

    def no_model(*args: object) -> None:
        raise AssertionError("the model ran again")

    monkeypatch.setattr(entities, "load_pipeline", no_model)
    monkeypatch.setattr(meaning.embedder().inner, "embed", no_model)
    assert [(ner.detect(d), sense.detect(d)) for d in docs] == expected


def test_batch_scan_equals_one_by_one(guard: Guardrail) -> None:
    texts = tuned_texts()
    forget()
    one_by_one = [guard.scan(t) for t in texts]
    forget()
    batched = guard.scan_many(texts)
    assert batched == one_by_one
    assert sum(map(len, batched)) > len(texts) // 3  # the sets do have findings


def test_jsonl_batch_equals_single_screens(guard: Guardrail) -> None:
    texts = tuned_texts(20) + ["", "ask Greg for the deck"]
    forget()
    sink = io.StringIO()
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(texts))
    scan_jsonl(guard, Stage.INPUT, io.StringIO(lines), sink)
    batched = [json.loads(line) for line in sink.getvalue().splitlines()]
    forget()
    single = [guard.screen(t, Stage.INPUT) for t in texts]
    assert [b["findings"] for b in batched] == [
        [{"category": f.category, "rule": f.rule, "start": f.start, "end": f.end,
          "score": f.score, "action": a} for f, a in zip(s.findings, s.actions, strict=True)]
        for s in single]
    assert [b["text"] for b in batched] == [s.text for s in single]


def test_exemplar_vectors_are_kept_between_processes(tmp_path, monkeypatch) -> None:
    from assistant.guardrail.detectors.vector_cache import cached_vectors

    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    model = tmp_path / "model.onnx"
    model.write_bytes(b"weights")
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.arange(len(texts) * 3, dtype=np.float32).reshape(len(texts), 3)

    first = cached_vectors(["a", "b"], model, embed)
    again = cached_vectors(["a", "b"], model, embed)  # as a new process would: from disk
    assert calls == [["a", "b"]] and np.array_equal(first, again)
    cached_vectors(["a", "c"], model, embed)  # other exemplars: embedded again
    model.write_bytes(b"new weights!")  # another model file: embedded again
    cached_vectors(["a", "b"], model, embed)
    assert calls == [["a", "b"], ["a", "c"], ["a", "b"]]


def test_prepared_batch_finds_its_candidates_once(monkeypatch) -> None:
    docs = [Document(t) for t in tuned_texts(15)]
    ner, sense = EntityDetector(), MeaningDetector()
    ner.prepare(docs)
    sense.prepare(docs)

    class Spent:
        def units(self, *args: object) -> None:
            raise AssertionError("the sentences were picked again")

    def again(*args: object) -> None:
        raise AssertionError("the sentences were judged again")

    monkeypatch.setattr(entities, "GATE", Spent())
    monkeypatch.setattr(sense, "_judge", again)
    assert any(ner.detect(d) or sense.detect(d) for d in docs)


def test_meaning_math_runs_on_one_blas_thread(monkeypatch) -> None:
    from assistant.guardrail.detectors.blas import blas_threads

    before = blas_threads()
    seen: list[list[int]] = []
    real = meaning.similarities

    def spy(*args: object) -> object:
        seen.append(blas_threads())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(meaning, "similarities", spy)
    forget()
    assert MeaningDetector(gated=False).detect(Document("we're letting a third of the "
                                                        "call-centre staff go after Easter"))
    assert seen and all(n == [1] * len(before) for n in seen)
    assert blas_threads() == before  # restored after the call


def test_one_thread_is_lifted_by_the_last_caller_out() -> None:
    from assistant.guardrail.detectors.blas import OneThread, blas_threads

    before = blas_threads()
    limit = OneThread()
    limit.__enter__()  # one request thread
    limit.__enter__()  # a second one enters meanwhile
    limit.__exit__(None, None, None)
    assert blas_threads() == [1] * len(before)  # still one caller inside
    limit.__exit__(None, None, None)
    assert blas_threads() == before


def test_jsonl_workers_give_one_process_output_in_input_order(guard, monkeypatch) -> None:
    """`guard scan --jsonl --workers 2`: the parent and a worker process share a long batch,
    the worker with the parent's term list; the lines equal one process's, in input order."""
    from assistant.guardrail import workers

    monkeypatch.setattr(workers, "MIN_TEXTS", 8)  # spread even this short input
    monkeypatch.setattr(workers, "CHUNK", 3)
    texts = [t for i, t in enumerate(tuned_texts(8)) for t in (t, f"the Bluefin {i} numbers")]
    texts.append("mail u1@acme.com")
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(texts))
    remote = []
    close = workers.ScanPool.close
    monkeypatch.setattr(workers.ScanPool, "close",
                        lambda pool: (remote.append(pool.remote), close(pool))[1])
    scan_many = guard.scan_many

    def slow(batch: list[str], stage: Stage | None = None) -> list:  # type: ignore[type-arg]
        time.sleep(0.3)  # the parent leaves chunks to the worker once it has started
        return scan_many(batch, stage)

    outputs = []
    for count in (1, 2):
        if count == 2:
            monkeypatch.setattr(guard, "scan_many", slow)
        sink = io.StringIO()
        assert scan_jsonl(guard, Stage.INPUT, io.StringIO(lines), sink, workers=count) == len(texts)
        outputs.append([json.loads(x) for x in sink.getvalue().splitlines()])
    assert remote[0] == 0 and remote[1] > 0  # the worker scanned some
    assert outputs[0] == outputs[1]
    assert [row["id"] for row in outputs[1]] == list(range(len(texts)))
    terms = [row for row in outputs[1] if "Bluefin" in texts[row["id"]]]
    assert all("confidential.term" in {f["rule"] for f in row["findings"]} for row in terms)


def test_a_workers_failure_fails_the_batch(guard, monkeypatch) -> None:
    """A chunk a worker could not scan is an error, never a text without findings."""
    from assistant.guardrail import workers

    class Broken:
        def submit(self, *args: object) -> None:
            raise OSError("worker gone")

    monkeypatch.setattr(workers, "MIN_TEXTS", 2)
    pool = workers.ScanPool(guard, 2)
    pool._pool = Broken()
    with pytest.raises(OSError, match="worker gone"):
        pool.scan_many([f"note {i}: mail u{i}@acme.com" for i in range(200)], Stage.INPUT)
