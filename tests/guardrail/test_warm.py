"""A server loads the guardrail's models once it is up, not at its first user's message."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
from assistant.guardrail import GuardrailSettings
from assistant.guardrail.detectors.entities import load_pipeline
from assistant.guardrail.detectors.meaning import exemplar_index, gate
from assistant.guardrail.screen import Guardrail

guard = Guardrail(GuardrailSettings())
def loaded():
    return tuple(f.cache_info().currsize for f in (load_pipeline, exemplar_index, gate))
before = loaded()
guard.warm()
after = loaded()
print(before, after)
"""


def test_warm_loads_spacy_the_meaning_exemplars_and_gate_in_a_fresh_process():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         cwd=ROOT, timeout=300, check=True)
    assert out.stdout.split("\n")[-2] == "(0, 0, 0) (1, 1, 1)", out.stdout + out.stderr
