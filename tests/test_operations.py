"""Operating the app: health checks, backup and restore, request ids and JSON logs."""

from __future__ import annotations

import io
import json
import logging
import tarfile

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.logs import JsonFormatter, RequestIdFilter, new_request_id, request_id
from assistant.operations.backup import BackupError, backup, restore
from assistant.operations.health import probe, run_checks
from assistant.settings import Settings
from ui.server import FrontDoor

DOCS = {
    "linkedin.md": "---\ntitle: LinkedIn rhythm\nstatus: approved\n---\n# LinkedIn rhythm\n\n"
                   "Two or three original posts a week is a sustainable rhythm for executives.\n",
    "video.md": "---\ntitle: Short video\nstatus: approved\n---\n# Short video\n\n"
                "Vertical clips under a minute work best when the executive speaks plainly.\n",
}


def _services(settings, embedder):
    from assistant.services import Services

    built = Services(settings)
    built.embedder = embedder
    return built


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "docs"
    path.mkdir()
    for name, text in DOCS.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def filled(tmp_path, folder, embedder, database_url):
    """Services on each backend holding two documents, their chunks and a user."""
    services = _services(Settings(data_dir=tmp_path / "a", database_url=database_url,
                                  knowledge_dir=folder), embedder)
    report = services.kb.sync(folder)
    assert len(report.added) == 2, report
    services.users.add("maya", "mentor", "a long enough password 1")
    return services


def _counts(services) -> dict[str, int]:
    from sqlalchemy import MetaData, func, select

    metadata = MetaData()
    with services.db.engine.connect() as connection:
        metadata.reflect(connection)
        return {t.name: connection.scalar(select(func.count()).select_from(t))
                for t in metadata.sorted_tables if t.name != "alembic_version"}


# ---- health --------------------------------------------------------------------------------


def test_health_on_a_fresh_folder_says_what_to_do(tmp_path):
    checks = {c.name: c for c in run_checks(Settings(data_dir=tmp_path / "none"), quick=True)}
    assert not checks["database"].ok and "coach kb sync" in checks["database"].detail
    assert not checks["vector store"].ok and "coach kb sync" in checks["vector store"].detail
    assert not (tmp_path / "none").exists(), "a health check must not create the data folder"


def test_health_after_a_sync_passes_every_check(tmp_path, folder, embedder):
    services = _services(Settings(data_dir=tmp_path / "d", knowledge_dir=folder), embedder)
    services.kb.sync(folder)
    checks = run_checks(services.settings)
    assert [c.name for c in checks][:3] == ["database", "vector store", "embedding model"]
    assert all(c.ok for c in checks), checks
    assert "chunks" in checks[1].detail and "384" in checks[2].detail


def test_health_reports_a_dead_llm_endpoint(tmp_path):
    settings = Settings(data_dir=tmp_path, llm={"provider": "openai",
                                                "base_url": "http://127.0.0.1:9/v1"})
    llm = next(c for c in run_checks(settings) if c.name == "llm endpoint")
    assert not llm.ok and "ConnectError" in llm.detail


def test_the_web_probe_is_not_ready_until_the_retriever_warmed_up(tmp_path, folder, embedder):
    services = _services(Settings(data_dir=tmp_path / "d", knowledge_dir=folder), embedder)
    services.kb.sync(folder)
    assert [c.ok for c in probe(services)] == [True, False]  # database up, index warming
    services.retriever.warm()
    assert [c.ok for c in probe(services)] == [True, True]


# ---- backup and restore --------------------------------------------------------------------


def test_a_backup_restores_into_an_empty_target_with_every_row_and_chunk(
        filled, tmp_path, embedder):
    archive = tmp_path / "backup.tar.gz"
    made = backup(filled.settings, archive)
    assert made.chunks == filled.store.count() and made.rows["users"] == 1
    target = _services(Settings(data_dir=tmp_path / "b"), embedder)  # SQLite, either source
    restore(target.settings, archive)
    assert _counts(target) == _counts(filled)
    assert target.store.count() == filled.store.count()
    hits = target.retriever.search("how often should an executive post on LinkedIn")
    assert hits and hits[0].citation.title == "LinkedIn rhythm"
    assert target.users.role_of("maya") is not None


def test_a_restore_over_data_is_refused_unless_replace_and_leaves_it_untouched(
        filled, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(filled.settings, archive)
    before = _counts(filled)
    with pytest.raises(BackupError, match="--replace"):
        restore(filled.settings, archive)
    assert _counts(filled) == before
    restore(filled.settings, archive, replace=True)
    assert _counts(filled) == before


@pytest.mark.parametrize("damage", [
    "not a tar",          # a file that is no archive at all
    "no manifest",        # an archive without its manifest
    "bad chunk line",     # the chunks file cut in the middle of a line
])
def test_a_damaged_backup_gives_a_clear_error_and_changes_nothing(
        damage, tmp_path, folder, embedder):
    source = _services(Settings(data_dir=tmp_path / "a", knowledge_dir=folder), embedder)
    source.kb.sync(folder)
    good = tmp_path / "good.tar.gz"
    backup(source.settings, good)
    bad = tmp_path / "bad.tar.gz"
    if damage == "not a tar":
        bad.write_bytes(b"hello")
    else:
        _rewrite(good, bad, drop="manifest.json" if damage == "no manifest" else None,
                 cut="chunks.jsonl" if damage == "bad chunk line" else None)
    target = _services(Settings(data_dir=tmp_path / "b"), embedder)
    with pytest.raises(BackupError):
        restore(target.settings, bad)
    assert not any(_counts(target).values()) and target.store.count() == 0


def _rewrite(good, bad, drop: str | None, cut: str | None) -> None:
    with tarfile.open(good, "r:gz") as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == drop:
                continue
            if member.name == cut:
                data = data[: len(data) // 2]
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


# ---- request ids and logs ------------------------------------------------------------------


@pytest.mark.parametrize("offered, kept", [
    ("lb-7f3a9c", True),              # a proxy's id is kept, so lines join across services
    ("a" * 65, False),                # too long: replaced
    ("abc\r\nSet-Cookie: x", False),  # header injection: replaced
    (None, False),                    # none offered: a new one
])
def test_request_ids_keep_a_proxy_id_only_when_it_is_a_short_token(offered, kept):
    rid = new_request_id(offered)
    assert (rid == offered) is kept and 1 <= len(rid) <= 64


def test_json_log_lines_carry_the_request_id_and_extra_fields():
    record = logging.LogRecord("coach.access", logging.INFO, __file__, 1, "GET %s", ("/",),
                               None)
    record.status = 200
    token = request_id.set("req-1")
    try:
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "GET /" and line["request_id"] == "req-1"
    assert line["status"] == 200 and line["level"] == "info" and line["time"].endswith("Z")


def _front_door(probe_report):
    def echo(request):
        return PlainTextResponse(request.headers["x-request-id"])

    app = Starlette(routes=[Route("/echo", echo)])
    return TestClient(FrontDoor(app, probe=lambda: probe_report))


def test_the_front_door_gives_each_request_an_id_the_handler_and_response_share(caplog):
    client = _front_door({"ok": True})
    with caplog.at_level(logging.INFO, logger="coach.access"):
        response = client.get("/echo", headers={"X-Request-ID": "lb-42"})
        fresh = client.get("/echo")
    assert response.text == response.headers["x-request-id"] == "lb-42"
    assert fresh.text == fresh.headers["x-request-id"] != "lb-42"
    lines = [r.getMessage() for r in caplog.records if r.name == "coach.access"]
    assert lines[0].startswith("GET /echo 200") and len(lines) == 2


@pytest.mark.parametrize("report, status", [
    ({"ok": True, "checks": []}, 200),   # ready: the load balancer sends traffic
    ({"ok": False, "checks": []}, 503),  # warming up or a part down: it waits
])
def test_healthz_answers_without_sign_in_with_the_probe_result(report, status):
    response = _front_door(report).get("/healthz")
    assert response.status_code == status and response.json() == report
