"""Exports are renderings of the model: Markdown, DOCX and PDF carry the same content."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from assistant.planning.export import export
from assistant.planning.plan import SessionPlan
from tests.planning.conftest import sample_plan

PLAN = SessionPlan.model_validate(sample_plan(title="LinkedIn — “first steps” › CFO"))


def text_of(fmt: str, data: bytes) -> str:
    if fmt == "md":
        return data.decode("utf-8")
    if fmt == "docx":
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("md", b"# "), ("docx", b"PK"), ("pdf", b"%PDF")],  # each format's file signature
)
def test_every_format_has_the_plan_content(fmt, magic):
    data = export(PLAN, fmt)
    assert data.startswith(magic)
    text = " ".join(text_of(fmt, data).split())
    for expected in ("first steps", "Post twice a week. [S1]", "Doc › Intro", "Paste secrets.",
                     "Publish."):
        assert expected in text, (fmt, expected)


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="md, docx, pdf"):
        export(PLAN, "rtf")  # type: ignore[arg-type]
