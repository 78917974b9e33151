"""A marking that labels a document holds it back at ingestion; prose about markings does not
(issue 9, item 5). Cases are written as documents are marked in practice: banners, footers,
classification fields, title tags, statements about the document itself; and handbook prose
that explains markings, headings that name a level, tables and definitions of levels."""

from __future__ import annotations

import pytest

from assistant.guardrail import Stage


def page(sentence: str) -> str:
    """A sentence in the middle of an ordinary handbook page."""
    return (f"# How we work\n\nWe write things down so that everyone can find them.\n\n"
            f"{sentence}\n\nQuestions go to the handbook channel.")


BODY = "\n\nThe team reviewed the quarter and agreed next steps for the spring."

LABELS = [
    # banner line on its own at the top
    "CONFIDENTIAL\n\nQ3 board pack" + BODY,
    # marking line on its own in the middle of a document
    "# Weekly update" + BODY + "\n\nInternal use only" + BODY,
    # banner with the document's title after a dash
    "Strictly confidential - prepared for the board" + BODY,
    # classification field at the top
    "Classification: Restricted\nOwner: Finance" + BODY,
    # sensitivity field (as Office sensitivity labels print it)
    "Sensitivity: Confidential" + BODY,
    # footer: organisation name and marking
    "Quarterly review" + BODY + "\n\nAcme Ltd | Company confidential",
    # page footer with a dash
    "Quarterly review" + BODY + "\n\nPage 4 of 12 - Internal use only",
    # marking in brackets at the end of the title heading
    "# Pricing review (Confidential)" + BODY,
    # bracketed tag opening the subject line
    "[INTERNAL ONLY] Weekly metrics digest" + BODY,
    # statement about the document itself
    "This document is confidential and intended only for the named recipients." + BODY,
    # distribution restriction as the first line
    "Not for distribution outside the leadership team." + BODY,
    # forwarding banner with the title
    "DO NOT FORWARD - board discussion notes" + BODY,
    # press embargo line
    "Embargoed until 09:00 GMT on 4 March" + BODY,
    # legal privilege banner
    "PRIVILEGED & CONFIDENTIAL - ATTORNEY-CLIENT COMMUNICATION" + BODY,
    # front-matter style field
    "---\nclassification: confidential\n---\n# Team plan" + BODY,
    # draft tag after the title
    "Hiring plan draft - not for circulation" + BODY,
    # restricted label with a scope
    "Restricted - Internal" + BODY,
    # the figures in this memo are confidential
    "# Memo" + BODY + "\n\nThe figures in this memo are strictly confidential.",
    # request not to forward this email
    "Please do not forward this email; the salary bands below are a draft." + BODY,
    # bold label with a colon
    "**Confidential**: Q4 reorganisation proposal" + BODY,
    # quoted banner in a Markdown blockquote
    "> CONFIDENTIAL: for the steering group only" + BODY,
    # everything below is under the NDA
    "# Supplier notes" + BODY + "\n\nEverything below is covered by our NDA with the supplier.",
    # UK government protective marking
    "OFFICIAL-SENSITIVE\n\nCase review notes" + BODY,
    # Traffic Light Protocol label
    "TLP:AMBER - limited disclosure, recipients' organisations only" + BODY,
    # US government marking
    "FOR OFFICIAL USE ONLY" + BODY,
]

PROSE = [
    # a policy sentence about how notes are shared
    page("Research notes should be shared on a need-to-know basis."),
    # an instruction in a condition ("do not post it")
    page("If you find an access key in a repository, do not post it in Slack; rotate it."),
    # other documents described as internal-only
    page("Our quarterly OKRs are internal-only, and the public roadmap links to a summary."),
    # how to store documents that carry a marking
    page("Documents marked CONFIDENTIAL must be stored in the restricted drive."),
    # when to apply a marking
    page("Mark a document Strictly Confidential when it contains client data."),
    # privilege explained
    page("Legal advice is protected by attorney-client privilege, so keep it out of channels."),
    # levels listed in a sentence
    page("We use four levels: public, internal only, confidential and restricted."),
    # contracts are under NDA (a fact about contracts, not this page)
    page("Customer contracts are covered by an NDA, which the legal team keeps on file."),
    # how press releases work
    page("Press releases are usually embargoed until the time of the announcement."),
    # a conditional rule
    page("When a file is not to be shared outside the team, put it in the restricted folder."),
    # anything under NDA
    page("Anything shared under NDA must stay in the deal room."),
    # a modal about who may see material
    page("Auditors may see internal use only material during the annual audit."),
    # a table of levels
    page("| Level | Who can see it |\n|---|---|\n| Confidential | Named people only |\n"
         "| Internal only | All staff |"),
    # a definition list of levels
    page("- **Confidential**: information that could harm the company if disclosed.\n"
         "- **Restricted**: data that only named people may see."),
    # a section heading naming a level
    page("## Internal only\n\nSome pages are visible to staff only; this section lists them."),
    # a link whose text is a level
    page("See [confidential](https://handbook.example.com/levels#confidential) for the rules."),
    # an instruction about a customer's card number
    page("If a customer emails you their card number, don't forward it to anyone."),
    # all board papers are confidential (a rule about a class of papers)
    page("All board papers are strictly confidential until the minutes are approved."),
    # how salary talks are handled
    page("Salary discussions happen on a need-to-know basis between the manager and HR."),
    # who handles embargoed information
    page("Results are held under embargo by the investor relations team before release."),
    # every vendor signs an NDA
    page("Every vendor we work with is bound by a non-disclosure agreement."),
    # a modal about incident timelines
    page("Teams should keep incident timelines internal only until the review is published."),
    # examples of charters that are internal only, mid-sentence
    page("You can read example charters (internal only) for use cases before you start."),
    # a section heading about a level, title case
    page("## Not for distribution\n\nThese rules explain how we label slides for clients."),
]


@pytest.mark.parametrize("text", LABELS)
def test_a_label_holds_the_document_back(guard, text: str) -> None:
    result = guard.screen(text, Stage.INGESTION)
    assert "confidential.marking" in result.rules, result.rules
    assert result.blocked


@pytest.mark.parametrize("text", PROSE)
def test_prose_about_markings_does_not(guard, text: str) -> None:
    result = guard.screen(text, Stage.INGESTION)
    assert "confidential.marking" not in result.rules, result.rules
    assert not result.blocked, result.rules


CHAT = [
    # a user marks their own text
    "this is confidential: the Leeds office closes in May",
    # a request about the user's own text
    "Keep this between us, the chair is stepping down.",
    # a marking the user puts first
    "Internal only - our churn went up last quarter",
]


@pytest.mark.parametrize("text", CHAT)
def test_a_marking_in_a_request_still_blocks(guard, text: str) -> None:
    result = guard.screen(text, Stage.INPUT)
    assert "confidential.marking" in result.rules and result.blocked


def test_prose_marking_is_a_note_at_ingestion_and_blocked_in_a_request(guard) -> None:
    text = page("Research notes should be shared on a need-to-know basis.")
    ingested = guard.screen(text, Stage.INGESTION)
    assert ingested.rules == ["confidential.mention"] and ingested.actions == ["allow"]
    assert ingested.text == text
    asked = guard.screen("Research notes should be shared on a need-to-know basis, right?",
                         Stage.INPUT)
    assert asked.rules == ["confidential.mention"] and asked.blocked


def test_the_audit_row_records_the_rule_and_category_never_the_text(guard) -> None:
    text = page("Research notes should be shared on a need-to-know basis.")
    guard.screen(text, Stage.INGESTION, user="ada")
    row = guard.audit.search(stage="ingestion", limit=1)[0]
    assert row["categories"] == ["confidential"] and row["rules"] == ["confidential.mention"]
    assert row["action"] == "allow"
    assert "need-to-know" not in repr(row)
