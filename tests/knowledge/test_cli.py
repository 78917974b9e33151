"""The `coach kb` command line, run as a user would: a real process, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import KNOWLEDGE


@pytest.fixture
def coach(tmp_path):
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str, check: bool = True, stdin: str | None = None
            ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args],
            capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path, input=stdin,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


def test_sync_search_list_stats_as_json(coach, tmp_path):
    report = json.loads(coach("kb", "sync", str(KNOWLEDGE), "--json").stdout)
    assert len(report["added"]) >= 30 and report["errors"] == {}

    copies = list((tmp_path / "data" / "search-snapshot").glob("*.npz"))
    assert len(copies) == 1  # written by the sync, not left to the first search
    written = copies[0].stat().st_mtime_ns

    again = json.loads(coach("kb", "sync", str(KNOWLEDGE), "--json").stdout)
    assert again["added"] == [] and again["unchanged"] == len(report["added"])

    hits = json.loads(coach("kb", "search", "first reverse mentoring session", "-k", "3",
                            "--json").stdout)
    assert len(hits) == 3
    assert copies[0].stat().st_mtime_ns == written  # nothing changed: the search read the copy
    assert {"title", "section", "source", "version", "label"} <= set(hits[0]["citation"])

    batch = coach("kb", "search", "--jsonl", "-k", "2", check=False,
                  stdin='{"id": "q1", "query": "first reverse mentoring session"}\nnot json\n')
    good, bad = [json.loads(line) for line in batch.stdout.splitlines()]
    assert batch.returncode == 1  # one line failed, the batch went on
    assert good["id"] == "q1" and [h["chunk_id"] for h in good["hits"]] == [
        h["chunk_id"] for h in hits[:2]]
    assert bad["line"] == 2 and "not JSON" in bad["error"]

    docs = json.loads(coach("kb", "list", "--json").stdout)
    assert {d["status"] for d in docs} == {"approved", "draft", "retired"}

    stats = json.loads(coach("kb", "stats", "--json").stdout)
    assert stats["documents"] == len(docs)
    assert stats["chunks"] == stats["chunks_in_store"] == sum(d["chunks"] for d in docs)
    assert set(stats["by_kind"]) == {"guidance", "trend"}
    assert stats["visible"] < stats["documents"]


def test_add_approve_retire_remove(coach, tmp_path):
    note = tmp_path / "bluesky.txt"
    note.write_text("Bluesky starter packs help new followers find executives.", encoding="utf-8")
    added = json.loads(coach("kb", "add", str(note), "--kind", "guidance", "--topics",
                             "bluesky,community", "--json").stdout)
    assert added["status"] == "draft" and added["topics"] == ["bluesky", "community"]

    def found() -> set[str]:
        hits = json.loads(coach("kb", "search", "Bluesky starter packs", "--json").stdout)
        return {h["citation"]["doc_id"] for h in hits}

    assert "bluesky" not in found()
    coach("kb", "approve", "bluesky")
    assert "bluesky" in found()
    coach("kb", "retire", "bluesky")
    assert "bluesky" not in found()
    coach("kb", "remove", "bluesky")
    assert json.loads(coach("kb", "list", "--json").stdout) == []


def test_errors_are_one_readable_line(coach, tmp_path):
    missing = coach("kb", "approve", "no-such-doc", check=False)
    assert missing.returncode == 1
    assert "no document 'no-such-doc'" in missing.stderr and "Traceback" not in missing.stderr

    trend = tmp_path / "t.txt"
    trend.write_text("A trend.", encoding="utf-8")
    bad = coach("kb", "add", str(trend), "--kind", "trend", check=False)
    assert bad.returncode == 1 and "valid_until" in bad.stderr


def test_invalid_settings_name_the_setting(coach, tmp_path):
    env_bad = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "kb", "stats"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "COACH_RETRIEVAL__K": "zero"},
    )
    assert env_bad.returncode == 2
    assert "retrieval.k" in env_bad.stderr and "COACH_RETRIEVAL__K" in env_bad.stderr


def test_help_lists_the_commands(coach):
    out = coach("kb", "--help").stdout
    for command in ("sync", "search", "list", "stats", "approve", "retire", "remove", "add"):
        assert command in out
