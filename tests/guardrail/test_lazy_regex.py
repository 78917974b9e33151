"""Detector regexes compile at first use: a scan compiles only the patterns it runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from assistant.guardrail.lazy_regex import lazy_compile
from tests.conftest import ROOT


def test_a_lazy_pattern_compiles_at_first_use_and_matches_as_re_does() -> None:
    lazy = lazy_compile(r"(?P<word>colou?r)\b", re.I)
    assert lazy.pattern == r"(?P<word>colou?r)\b"
    assert "_compiled" not in vars(lazy)  # reading the source compiles nothing
    text = "Colour and color, not colours."
    eager = re.compile(r"(?P<word>colou?r)\b", re.I)
    assert [m.span("word") for m in lazy.finditer(text)] == [
        m.span("word") for m in eager.finditer(text)]
    assert "_compiled" in vars(lazy)
    assert lazy.sub("x", text) == eager.sub("x", text)


def test_a_scan_of_a_short_message_compiles_few_detector_patterns() -> None:
    probe = (
        "import gc, json\n"
        "from assistant.guardrail.config import GuardrailSettings\n"
        "from assistant.guardrail.finding import Stage\n"
        "from assistant.guardrail.lazy_regex import LazyPattern\n"
        "from assistant.guardrail.screen import Guardrail\n"
        "Guardrail(GuardrailSettings()).screen('hello', Stage.INPUT)\n"
        "found = [o for o in gc.get_objects() if isinstance(o, LazyPattern)]\n"
        "print(json.dumps([len(found), sum('_compiled' in vars(o) for o in found)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    patterns, compiled = json.loads(done.stdout.splitlines()[-1])
    assert patterns > 150  # the detectors' patterns are lazy ones
    assert compiled < patterns // 5
