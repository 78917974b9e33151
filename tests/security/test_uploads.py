"""Uploads under attack: oversize files and non-admin uploads are refused at the upload route,
one malformed DOCX never aborts a batch, decompression bombs are refused before parsing, and
scratch files do not pile up."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from assistant.knowledge.loaders import LoadError, load_file
from tests.knowledge.test_loaders import _docx_bytes
from tests.security.conftest import MAX_FILE_MB, SECURE_PASSWORDS

UNPACKED_LIMIT = 5_000_000


def _rewrite(raw: bytes, replace: dict[str, bytes], add: dict[str, int] | None = None) -> bytes:
    """A copy of a DOCX with parts replaced, plus parts of N zero bytes (highly compressible)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, replace.get(info.filename, src.read(info.filename)))
        for name, size in (add or {}).items():
            with dst.open(name, "w") as part:
                for _ in range(size // 1_000_000):
                    part.write(bytes(1_000_000))
    return out.getvalue()


def truncated() -> bytes:
    raw = _docx_bytes()
    return raw[: len(raw) // 2]


def xml_broken() -> bytes:
    return _rewrite(_docx_bytes(), {"word/document.xml": b"<w:document><w:body><w:p>unclosed"})


def bomb() -> bytes:
    return _rewrite(_docx_bytes(), {}, add={"word/media/padding.bin": 2 * UNPACKED_LIMIT})


MALFORMED = [
    # the first half of a real DOCX: not a readable zip
    ("truncated.docx", truncated, "corrupt or unreadable"),
    # a zip whose main part is broken XML (lxml raises XMLSyntaxError)
    ("xml-broken.docx", xml_broken, "corrupt or unreadable"),
    # a small file whose parts unpack past the limit
    ("bomb.docx", bomb, "decompression bomb"),
]


@pytest.mark.parametrize(("name", "build", "reason"), MALFORMED)
def test_malformed_docx_is_a_clear_load_error(tmp_path, name, build, reason):
    path = tmp_path / name
    path.write_bytes(build())
    with pytest.raises(LoadError, match=reason):
        load_file(path, max_bytes=10_000_000, max_unpacked=UNPACKED_LIMIT)


def _batch(folder: Path) -> list[str]:
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: Good\nstatus: approved\n---\n# Good\n"
                                    "Reply to comments within a day.\n")
    (folder / "fine.docx").write_bytes(_docx_bytes())
    for name, build, _ in MALFORMED:
        (folder / name).write_bytes(build())
    return [name for name, _, _ in MALFORMED]


def test_one_malformed_docx_never_aborts_a_sync(tmp_path, secure_services):
    from assistant.services import Services

    services = Services(secure_services.settings.model_copy(
        update={"data_dir": tmp_path / "data"}))
    services.embedder = secure_services.embedder
    bad = _batch(tmp_path / "kb")
    report = services.kb.sync(tmp_path / "kb")
    assert sorted(report.added) == ["fine", "good"]
    assert sorted(report.errors) == sorted(bad)


@pytest.fixture(scope="module")
def admin_client(secure_app):
    from gradio_client import Client

    return Client(secure_app, auth=("ada", SECURE_PASSWORDS["ada"]), verbose=False)


def test_one_malformed_docx_never_aborts_an_upload_batch(tmp_path, admin_client):
    from gradio_client import handle_file

    bad = _batch(tmp_path / "batch")
    files = [handle_file(str(p)) for p in sorted((tmp_path / "batch").iterdir())]
    message, _ = admin_client.predict(files, "guidance", "", "draft", "", "", api_name="/kb_upload")
    lines = message.splitlines()
    assert len(lines) == len(files)
    for name in bad:
        assert any(name in line and "not indexed" in line for line in lines), message
    for name in ("good.md", "fine.docx"):
        assert any(name in line and "chunks" in line for line in lines), message


UPLOADS = [
    # an admin's file within ingestion.max_file_mb: accepted
    ("ada", 1_000, 200),
    # an admin's file over ingestion.max_file_mb: refused by the upload route
    ("ada", int(MAX_FILE_MB * 1_000_000) + 200_000, 413),
    # a mentor may not upload at all, even a small file
    ("maya", 1_000, 403),
    # nor an executive
    ("erik", 1_000, 403),
]


@pytest.mark.parametrize(("user", "size", "status"), UPLOADS)
def test_upload_route_limits(signed_in, secure_services, user, size, status):
    client = signed_in(user)
    before = _cache_files()
    response = client.post("/gradio_api/upload", files={"files": ("notes.txt", b"a" * size)})
    assert response.status_code == status, response.text
    if status != 200:
        assert _cache_files() - before == set()  # nothing kept on disk


def _cache_files() -> set[Path]:
    from gradio.utils import get_upload_folder

    root = Path(get_upload_folder())
    return {p for p in root.rglob("notes.txt")} if root.exists() else set()


def test_upload_route_refuses_strangers(secure_app):
    import httpx

    response = httpx.post(f"{secure_app}/gradio_api/upload",
                          files={"files": ("notes.txt", b"hello")})
    assert response.status_code in (401, 403)


def test_stale_scratch_folders_are_purged(tmp_path):
    from ui.scratch import MAX_AGE_SECONDS, scratch_dir

    old = scratch_dir("coach-export-", root=tmp_path)
    (old / "plan.pdf").write_bytes(b"%PDF")
    past = time.time() - MAX_AGE_SECONDS - 60
    os.utime(old, (past, past))
    fresh = scratch_dir("coach-export-", root=tmp_path)
    new = scratch_dir("coach-journey-", root=tmp_path)
    assert not old.exists() and fresh.is_dir() and new.is_dir()


def test_the_gradio_cache_is_purged(secure_services):
    from ui.app import build_app

    frequency, age = build_app(secure_services).delete_cache
    assert 0 < frequency <= 3600 and 0 < age <= 3600
