"""Ingestion screening: redact, don't hide. Redact-level findings are replaced in the stored
chunks and the document stays visible; block-level findings (credentials, markings, admin
terms) flag it and hold it back. Titles, owners and file names are screened too, and a term
added later re-screens documents already indexed."""

from __future__ import annotations

import pytest

DOC = """---
title: {title}
kind: guidance
topics: [linkedin]
status: approved
owner: {owner}
---
## Contacts
{body}
"""


def write(folder, name, body, title="Posting rhythm", owner="comms"):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(DOC.format(title=title, owner=owner, body=body), encoding="utf-8")


def stored_text(services, doc_id):
    return "\n".join(c.text for c in services.kb.chunks(doc_id))


def test_personal_data_is_redacted_in_the_chunks_and_the_document_stays_visible(
    services, tmp_path
):
    write(tmp_path / "kb", "contact.md",
          "Post twice a week. Questions to priya.natarajan@example.org or +44 7911 123456; "
          "Priya owns the LinkedIn calendar.")
    report = services.kb.sync(tmp_path / "kb")
    assert report.flagged == {}
    record = services.kb.get("contact")
    assert record.is_visible() and record.flags == []
    text = stored_text(services, "contact")
    assert "priya.natarajan" not in text and "7911 123456" not in text
    assert "[REDACTED_EMAIL_1]" in text and "[REDACTED_PHONE_1]" in text
    assert "Post twice a week." in text
    assert services.kb.redactions("contact") == {"personal.email": 1, "personal.phone": 1}
    hits = services.retriever.search("who owns the LinkedIn calendar", k=5)
    assert "contact" in {h.citation.doc_id for h in hits}


BLOCKED = [
    # a credential holds the document back
    ("key.md", "Use the key sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0 for the API.", "secrets"),
    # so does a confidentiality marking
    ("marked.md", "CONFIDENTIAL: post twice a week until the launch.", "confidential"),
]


@pytest.mark.parametrize(("name", "body", "category"), BLOCKED)
def test_block_level_findings_flag_and_hide(services, tmp_path, name, body, category):
    write(tmp_path / "kb", name, body)
    report = services.kb.sync(tmp_path / "kb")
    doc_id = name.removesuffix(".md")
    assert report.flagged == {doc_id: [category]}
    assert not services.kb.get(doc_id).is_visible()
    assert all(c.metadata["flagged"] for c in services.kb.chunks(doc_id))


FIELDS = [
    # a marking in the title only (issue 10 item 2)
    ({"title": "CONFIDENTIAL roadmap notes"}, ["confidential"]),
    # a key in the owner field
    ({"owner": "ops sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0"}, ["secrets"]),
]


@pytest.mark.parametrize(("fields", "flags"), FIELDS)
def test_blocking_content_in_fields_flags_the_document(services, tmp_path, fields, flags):
    write(tmp_path / "kb", "plain.md", "Post twice a week.", **fields)
    report = services.kb.sync(tmp_path / "kb")
    assert report.flagged == {"plain": flags}
    assert not services.kb.get("plain").is_visible()


def test_personal_data_in_title_owner_and_file_name_is_redacted(services, tmp_path):
    folder = tmp_path / "kb"
    write(folder, "from-dana.k@acme-example.com.md", "Post twice a week.",
          title="Notes from dana.k@acme-example.com", owner="dana.k@acme-example.com")
    services.kb.sync(folder)
    (record,) = services.kb.documents()
    assert record.is_visible()
    for value in (record.title, record.owner, record.source):
        assert "dana.k@" not in value and "[REDACTED_EMAIL_" in value
    for chunk in services.kb.chunks(record.doc_id):
        assert "dana.k@" not in chunk.metadata["title"] + chunk.metadata["source"] + chunk.text
    assert services.kb.redactions(record.doc_id) == {"personal.email": 3}


def test_a_term_added_later_flags_and_hides_documents_that_mention_it(services, tmp_path):
    write(tmp_path / "kb", "launch.md", "Rehearse the Kestrel Harbour launch posts twice.")
    write(tmp_path / "kb", "other.md", "Post twice a week.")
    services.kb.sync(tmp_path / "kb")
    assert services.kb.get("launch").is_visible()
    services.guardrail.terms.add("Kestrel Harbour", user="admin-1")  # what the UI and CLI call
    assert services.kb.get("launch").flags == ["confidential"]
    assert not services.kb.get("launch").is_visible()
    assert all(c.metadata["flagged"] for c in services.kb.chunks("launch"))
    assert services.kb.get("other").is_visible()
    hits = services.retriever.search("Kestrel Harbour launch posts", k=10)
    assert "launch" not in {h.citation.doc_id for h in hits}


def test_rescreen_skips_documents_already_flagged_for_it(services, tmp_path):
    write(tmp_path / "kb", "marked.md", "CONFIDENTIAL: post twice a week.")
    services.kb.sync(tmp_path / "kb")
    assert services.kb.rescreen() == []


def test_a_classification_field_in_front_matter_flags_the_document(services, tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "plan.md").write_text(
        "---\ntitle: Posting plan\nstatus: approved\nclassification: Confidential\n---\n"
        "Post twice a week.\n", encoding="utf-8")
    report = services.kb.sync(folder)
    assert report.flagged == {"plan": ["confidential"]}
    assert not services.kb.get("plan").is_visible()


def test_prose_about_markings_stays_visible(services, tmp_path):
    write(tmp_path / "kb", "levels.md",
          "Research notes should be shared on a need-to-know basis.\n\n"
          "## Internal only\n\nDocuments marked CONFIDENTIAL must stay in the restricted drive.")
    report = services.kb.sync(tmp_path / "kb")
    assert report.flagged == {}
    assert services.kb.get("levels").is_visible()
    assert "need-to-know basis" in stored_text(services, "levels")
