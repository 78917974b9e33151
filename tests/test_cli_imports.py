"""Import weight of the CLI: `coach` must start without the web, vector-store or LLM stacks.

Each check runs in a fresh interpreter, since this test process has loaded them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


LAZY_MODULES = ["assistant.cli.kb", "assistant.cli.guard", "assistant.cli.users",
                "assistant.cli.admin"]


def run_coach(args: list[str], data: Path, stdin: str = "") -> tuple[str, list[str]]:
    """A real `coach` command in a new process: its stdout, and which HEAVY modules (and
    numpy, rich, SQLAlchemy's ORM, phonenumbers and the lazily built command modules) it
    had loaded when it exited."""
    watched = [*HEAVY, "numpy", "rich", "sqlalchemy.orm", "phonenumbers", *LAZY_MODULES]
    probe = ("import atexit, json, sys\n"
             "atexit.register(lambda: print('LOADED ' + json.dumps("
             f"[m for m in {watched!r} if m in sys.modules]), file=sys.stderr))\n"
             f"sys.argv = ['coach', *{args!r}]\n"
             "from assistant.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          input=stdin, cwd=data.parent, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "COACH_DATA_DIR": str(data)})
    assert done.returncode == 0, done.stderr
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")][-1]
    return done.stdout, json.loads(marker.removeprefix("LOADED "))


def test_guard_scan_of_a_short_message_loads_no_model_stack(tmp_path) -> None:
    # no sentence for the meaning model, no name for spaCy, no number for phonenumbers,
    # nothing printed with rich, and the term list read through SQLAlchemy Core (the first
    # command migrates the new database, which loads the ORM models)
    run_coach(["guard", "scan", "-"], tmp_path / "data", stdin="hello\n")
    out, loaded = run_coach(["guard", "scan", "-"], tmp_path / "data", stdin="hello\n")
    assert out == "hello\n"
    assert loaded == ["assistant.cli.guard"]


def test_guard_scan_reads_terms_and_writes_its_audit_row_without_the_orm(tmp_path) -> None:
    from assistant.guardrail.audit import AuditLog
    from assistant.storage import Database

    data = tmp_path / "data"
    run_coach(["guard", "terms", "add", "Halcyon"], data)  # the term list is not empty
    out, loaded = run_coach(["guard", "scan", "-"], data, stdin="server 10.1.2.3\n")
    assert out == "server [REDACTED_IP_ADDRESS_1]\n"
    assert "sqlalchemy.orm" not in loaded
    (row,) = AuditLog(Database(f"sqlite:///{data / 'coach.db'}")).recent()
    assert row["rules"] == ["network.ip_address"]


def test_help_builds_no_command_group_it_only_lists(tmp_path) -> None:
    out, loaded = run_coach(["--help"], tmp_path / "data")
    assert "Curate and search the knowledge base." in out
    assert not set(loaded) & set(LAZY_MODULES)


@pytest.mark.parametrize("name", ["kb", "guard", "users", "admin"])
def test_a_lazy_group_has_its_apps_help_and_commands(name: str) -> None:
    import importlib

    import typer

    from assistant.cli import LAZY, app

    source, _ = LAZY[name]
    module, attribute = source.split(":")
    own = getattr(importlib.import_module(module), attribute)
    listed = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert listed.help == own.info.help
    assert listed.list_commands(None) == list(typer.main.get_group(own).commands)


def test_kb_search_reads_the_stores_copy_without_chroma(synced_services) -> None:
    data = synced_services.settings.data_dir
    args = ["kb", "search", "how often should an executive post on LinkedIn", "--json"]
    first, _ = run_coach(args, data)  # writes the copy if no command has yet
    again, loaded = run_coach(args, data)
    assert again == first and json.loads(again)
    # the registry's chunk count and generation are read through SQLAlchemy Core
    assert not {"chromadb", "sqlalchemy.orm"} & set(loaded)


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
