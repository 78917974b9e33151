"""A server loads the guardrail's models once it is up, not at its first user's message."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors.entities import load_pipeline
from assistant.guardrail.detectors.meaning import exemplar_index
from assistant.guardrail.screen import Guardrail

guard = Guardrail(GuardrailSettings())
before = (load_pipeline.cache_info().currsize, exemplar_index.cache_info().currsize)
guard.warm()
after = (load_pipeline.cache_info().currsize, exemplar_index.cache_info().currsize)
print(before, after)
"""


def test_warm_loads_spacy_and_the_meaning_exemplars_in_a_fresh_process():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         cwd=ROOT, timeout=300, check=True)
    assert out.stdout.split("\n")[-2] == "(0, 0) (1, 1)", out.stdout + out.stderr
