"""Import weight of the CLI: `coach` must start without the web, vector-store or LLM stacks.

Each check runs in a fresh interpreter, since this test process has loaded them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ["gradio", "chromadb", "langchain_core", "openai", "onnxruntime"]


def loaded_after(code: str) -> list[str]:
    """Which HEAVY modules are in sys.modules after running ``code`` in a new process."""
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("code", [
    # what every `coach` command pays before it runs
    "import assistant.cli",
    # the settings every command loads
    "import assistant.settings",
    # `coach guard scan` builds only the guardrail (and its database for the audit)
    "from assistant.services import Services\nfrom assistant.settings import Settings\n"
    "import tempfile\nServices(Settings(data_dir=tempfile.mkdtemp())).guardrail",
])
def test_no_heavy_imports(code: str) -> None:
    assert loaded_after(code) == []


def test_help_exits_zero_and_lists_commands() -> None:
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "--help"], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    for command in ("kb", "guard", "plan", "serve"):
        assert command in done.stdout


@pytest.mark.parametrize(("use", "built"), [
    # listing documents needs the database, not Chroma or the model
    (lambda s: s.kb.documents(), {"store": False, "embedder": False}),
    # the retriever is a shell until its first search (the web app warms it in the background)
    (lambda s: s.retriever, {"store": False, "embedder": False}),
    # the guardrail needs neither
    (lambda s: s.guardrail, {"store": False, "embedder": False, "retriever": False}),
])
def test_services_build_only_what_is_used(settings, use, built) -> None:
    from assistant.services import Services

    services = Services(settings)
    use(services)
    assert {name: name in services.__dict__ for name in built} == built
