"""Loaders: every supported format gives text with headings; bad files give a clear reason."""

from __future__ import annotations

import io

import docx
import pytest
from fpdf import FPDF

from assistant.knowledge.loaders import LoadError, load_file


def _pdf_bytes(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Posting rhythm", level=2)
    document.add_paragraph("Post twice a week and reply to comments within a day.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GOOD = [
    # Markdown: front matter becomes metadata, the body stays Markdown
    ("a.md", b"---\ntitle: T\nkind: guidance\n---\n## Intro\nHello world.", "## Intro", "T"),
    # Plain text: no metadata
    ("b.txt", b"Plain guidance about Reels.", "Reels", None),
    # HTML: the <title> is the title, headings become Markdown headings
    ("c.html", b"<html><head><title>Guide</title><script>x()</script></head>"
               b"<body><h2>Hooks</h2><p>Open with a question.</p></body></html>", "## Hooks",
     "Guide"),
    # UTF-8 with a byte-order mark
    ("d.md", "\ufeff# Über\nÄrger vermeiden.".encode(), "Über", None),
]


@pytest.mark.parametrize(("name", "raw", "expected_text", "expected_title"), GOOD)
def test_supported_formats_load(tmp_path, name, raw, expected_text, expected_title):
    path = tmp_path / name
    path.write_bytes(raw)
    loaded = load_file(path, max_bytes=1_000_000)
    assert expected_text in loaded.text
    assert loaded.front_matter.get("title") == expected_title
    assert len(loaded.version) == 16


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "guide.pdf"
    path.write_bytes(_pdf_bytes(["Short-form video hooks", "Keep it under thirty seconds."]))
    loaded = load_file(path, 1_000_000)
    assert "thirty seconds" in loaded.text
    assert loaded.format == "pdf"


def test_docx_headings_become_markdown(tmp_path):
    path = tmp_path / "guide.docx"
    path.write_bytes(_docx_bytes())
    loaded = load_file(path, 1_000_000)
    assert "## Posting rhythm" in loaded.text
    assert "reply to comments" in loaded.text


BAD = [
    # an empty file
    ("empty.md", b"", "empty"),
    # whitespace only
    ("blank.txt", b"   \n\n  ", "empty"),
    # binary junk behind a text extension
    ("junk.md", bytes(range(256)) * 4, "binary"),
    # invalid UTF-8
    ("latin.txt", "café".encode("latin-1") + b" and more text", "UTF-8"),
    # front matter that is not YAML
    ("bad.md", b"---\ntitle: [unclosed\n---\nbody", "front matter"),
    # front matter that is a list, not a mapping
    ("list.md", b"---\n- a\n- b\n---\nbody", "front matter"),
    # a PDF that is not a PDF
    ("broken.pdf", b"%PDF-1.4\n this is not really a pdf", "PDF"),
    # a DOCX that is not a zip
    ("broken.docx", b"PK\x03\x04 not a zip at all", "DOCX"),
    # a front matter with nothing after it
    ("only-meta.md", b"---\ntitle: T\n---\n", "no text"),
    # unsupported type
    ("image.png", b"\x89PNG\r\n", "unsupported"),
]


@pytest.mark.parametrize(("name", "raw", "reason"), BAD)
def test_bad_files_raise_a_clear_reason(tmp_path, name, raw, reason):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(LoadError, match=reason):
        load_file(path, max_bytes=1_000_000)


def test_files_over_the_limit_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 2_000)
    with pytest.raises(LoadError, match="over the"):
        load_file(path, max_bytes=1_000)
