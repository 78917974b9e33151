"""Renderings of a SessionPlan: Markdown, DOCX (python-docx) and PDF (fpdf2)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal

from assistant.planning.plan import SessionPlan, cite

Format = Literal["md", "docx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "docx", "pdf")
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_ASCII = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                        "›": ">", "‹": "<", "…": "...", "·": "-", "\u00a0": " "})


def export(plan: SessionPlan, fmt: Format) -> bytes:
    """The plan in one format, as bytes ready to write or download."""
    if fmt == "md":
        return plan.to_markdown().encode("utf-8")
    if fmt == "docx":
        return to_docx(plan)
    if fmt == "pdf":
        return to_pdf(plan)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _sections(plan: SessionPlan) -> list[tuple[str, list[str]]]:
    """The plan as (heading, lines) pairs shared by DOCX and PDF."""
    m = plan.mentee
    out = [("", [f"Mentee: {m.role} (familiarity: {m.familiarity})",
                 f"Duration: {plan.duration_minutes} minutes",
                 *([f"Goals: {'; '.join(m.goals)}"] if m.goals else [])]),
           ("Objectives", [f"{i}. {o}" for i, o in enumerate(plan.objectives, 1)])]
    if plan.carried_over:
        out.insert(1, ("Carried over from earlier sessions",
                       [f"• {c.kind}: {c.item}: {c.reason}" for c in plan.carried_over]))
    if plan.pre_reading:
        out.append(("Pre-reading", [f"• {r.text}{cite(r.citations)}" for r in plan.pre_reading]))
    start = 0
    for s in plan.agenda:
        lines = [f"Purpose: {s.purpose}", *[f"• {a}" for a in s.activities], "Talking points:",
                 *[f"• {p.text}{cite(p.citations)}" for p in s.talking_points]]
        out.append((f"{start}–{start + s.minutes} min: {s.title}", lines))
        start += s.minutes
    ex = plan.exercise
    out.append((f"Hands-on exercise: {ex.title}{cite(ex.citations)}",
                [*[f"{i}. {x}" for i, x in enumerate(ex.instructions, 1)],
                 f"Deliverable: {ex.deliverable}"]))
    if plan.misconceptions:
        out.append(("Misconceptions to address",
                    [f"• {c.text}{cite(c.citations)}" for c in plan.misconceptions]))
    if plan.glossary:
        out.append(("Glossary", [f"{g.term}: {g.definition}{cite(g.citations)}"
                                 for g in plan.glossary]))
    if plan.discussion_questions:
        out.append(("Discussion questions", [f"• {q}" for q in plan.discussion_questions]))
    out.append((f"Privacy for this session{cite(plan.privacy.citations)}",
                [*[f"Do: {d}" for d in plan.privacy.dos],
                 *[f"Don't: {d}" for d in plan.privacy.donts]]))
    if plan.follow_up:
        out.append(("Follow-up actions", [f"• {f.action} (owner: {f.owner}, due {f.due})"
                                          for f in plan.follow_up]))
    if plan.feedback_questions:
        out.append(("Feedback questions", [f"• {q}" for q in plan.feedback_questions]))
    out.append(("Sources", [f"{s.id}: {s.label}" for s in plan.sources]))
    return out


def to_docx(plan: SessionPlan) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(plan.title, level=0)
    for heading, lines in _sections(plan):
        if heading:
            document.add_heading(heading, level=2)
        for line in lines:
            if line.startswith("• "):
                document.add_paragraph(line[2:], style="List Bullet")
            else:
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(plan: SessionPlan) -> bytes:
    return sections_pdf(plan.title, _sections(plan))


def sections_pdf(title: str, sections: list[tuple[str, list[str]]], body_size: int = 10) -> bytes:
    """A simple A4 PDF: a title, then headed blocks of lines."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    unicode_font = UNICODE_FONT.is_file()
    if unicode_font:
        pdf.add_font("body", fname=str(UNICODE_FONT))
        family = "body"
    else:  # core fonts are Latin-1 only: fold typographic characters to plain ones
        family = "helvetica"

    def text(value: str) -> str:
        if unicode_font:
            return value
        return value.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, size=16)
    pdf.multi_cell(0, 8, text(title), new_x="LMARGIN", new_y="NEXT")
    for heading, lines in sections:
        if heading:
            pdf.ln(2)
            pdf.set_font(family, size=12)
            pdf.multi_cell(0, 7, text(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=body_size)
        for line in lines:
            pdf.multi_cell(0, body_size / 2, text(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
