"""Sentence-meaning detector: disclosures with no format against advice using the same words."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import (
    EXEMPLARS_FILE,
    MeaningDetector,
    disclosure_scores,
    embedder,
    exemplar_index,
    load_rules,
    pieces,
    similarities,
    train_head,
)


def _rules(text: str) -> list[str]:
    return [f.rule for f in MeaningDetector().detect(Document(text))]


@pytest.mark.parametrize("text, family", [
    ("we're letting about a third of the call-centre staff go after Easter", "confidential"),
    ("we're buying a smaller rival in Lisbon, signing next week", "confidential"),  # deal
    ("our revenue fell badly this quarter and the board hasn't told anyone", "confidential"),
    ("ransomware locked our finance servers last night", "confidential"),  # incident
    ("the chair is stepping down at the AGM; only the board knows", "confidential"),
    ("Oscar got a formal warning from his manager", "personal"),  # HR about a person
    ("Dev from procurement is off for months with a heart condition", "personal"),  # health
    ("Greg is in the middle of a nasty divorce", "personal"),  # family
    ("the team Figma login is design@ with the password Pelican77", "secrets"),  # in words
])
def test_flags_disclosures(text: str, family: str) -> None:
    assert any(rule.startswith(family + ".") for rule in _rules(text)), _rules(text)


@pytest.mark.parametrize("text", [
    "layoff announcements on LinkedIn should be handled with empathy",  # advice, same words
    "how do brands announce an acquisition?",  # a how-to question
    "Meta announced layoffs in 2023",  # public news about another company
    "how should a leader talk about a restructure with the team?",  # communication question
    "mental health days are becoming common in tech companies",  # trend, no person
    "a strong password has at least twelve characters",  # credential advice, no value
    "the password is kept in the team's password manager",  # where, not what
    "- Do not comment on the company's share price or anything not yet public.",  # guidance
])
def test_leaves_generic_and_public_text(text: str) -> None:
    assert _rules(text) == []


def test_finding_spans_the_sentence_and_names_the_category() -> None:
    text = "Thanks for the notes. We are closing the Leeds office next month and 40 people go."
    findings = MeaningDetector().detect(Document(text))
    assert findings and findings[0].rule == "confidential.layoffs"
    assert text[findings[0].start : findings[0].end].startswith("We are closing")


def test_exemplar_file_parses_with_positives_and_negatives() -> None:
    rules = load_rules(EXEMPLARS_FILE)
    assert {r.category for r in rules} == {"confidential", "personal", "secrets"}
    for rule in rules:
        assert rule.positives and rule.negatives, rule.name
        assert not set(rule.positives) & set(rule.negatives), rule.name


def test_exemplar_file_without_negatives_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("confidential.layoffs:\n  positives: [we cut 40 jobs]\n")
    with pytest.raises(ValueError, match="negatives"):
        load_rules(bad)


# Secrecy cues as people type them: each lowers the bars (issue 9, recall helper).
@pytest.mark.parametrize("text", [
    "the client doesnt want it known that we won",  # "doesn't want it known"
    "its all very hush hush for now",  # "hush hush"
    "the team is not aware yet",  # "not aware yet"
    "he doesnt know it yet",  # "doesn't know yet"
    "the announcement isnt till march",  # "isn't till"
    "we cant say anything until the results",  # "can't say anything"
    "the plan is still internal",  # "still internal"
    "only three of us know about it",  # "only N of us know"
    "the official line is that she left for family reasons",  # a cover story
    "we need to keep this in the room",  # "keep it in the room"
    "staff hear about it at the town hall",  # told later
    "the press release goes out after the close",  # announced later, not yet
    "we're about to announce it",
    "she has no idea",
])
def test_secrecy_cues_lower_the_bar(text: str) -> None:
    assert MeaningDetector.adjust(text) > 0


@pytest.mark.parametrize("text", [
    "we announced the new ceo on our website last week",  # already public
    "the merger was all over the news",  # in the news
    "i read that a bank cut 5000 jobs, how did they tell their staff",  # someone else's news
])
def test_already_public_raises_the_bar(text: str) -> None:
    assert MeaningDetector.adjust(text) < 0


@pytest.mark.parametrize("text, family", [
    # a lower-case given name is a person for the personal rules
    ("priya in finance has been off with a back injury for weeks", "personal"),
    # how a credential is made is the credential
    ("the wifi password is the office postcode with an exclamation mark on the end", "secrets"),
    # typed in chat: "were" for "we're" frames our own plan
    ("were shutting the leeds depot and moving everything to the midlands", "confidential"),
])
def test_flags_chat_register_disclosures(text: str, family: str) -> None:
    assert any(rule.startswith(family + ".") for rule in _rules(text)), _rules(text)


def test_leaves_everyday_logistics() -> None:
    # an early closing is logistics, not a site closure (a negative exemplar's neighbour)
    assert _rules("our shop closes early on bank holidays so staff can get home") == []


def test_a_long_sentence_is_also_read_clause_by_clause() -> None:
    text = ("we need to cut a fifth of the support team before the summer, how do i prep my "
            "exec for the conversation")
    clauses = [text[a:b] for s, e, a, b in pieces(text) if (a, b) != (s, e)]
    assert clauses == ["we need to cut a fifth of the support team before the summer",
                       "how do i prep my exec for the conversation"]


def test_a_family_bar_set_high_silences_that_family() -> None:
    text = "we're letting about a third of the call-centre staff go after Easter"
    strict = MeaningDetector(thresholds={"confidential": 0.99})
    assert not [f for f in strict.detect(Document(text)) if f.category == "confidential"]
    assert [f for f in MeaningDetector().detect(Document(text)) if f.category == "confidential"]


def test_an_unknown_family_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown rule families"):
        MeaningDetector(thresholds={"confidental": 0.5})


@pytest.mark.parametrize("text, flagged", [
    # plan texts about the mentee's role: a CFO, but no change of who leads
    ("Opening: where the CFO stands", False),
    ("Wrap-up: what the CFO will post next week", False),
    ("Our CEO will share one post a week on LinkedIn", False),
    # a change of who leads, not yet public
    ("our CFO is leaving in March and nobody has been told", True),
    ("the board will appoint a new chief executive next month, still under wraps", True),
])
def test_a_leadership_change_needs_a_change(text: str, flagged: bool) -> None:
    assert ("confidential.leadership" in _rules(text)) is flagged, _rules(text)


def test_a_named_persons_hr_matter_is_personal_not_a_company_change() -> None:
    # a promotion and a likely resignation of a named colleague: personal data (redacted),
    # not an unannounced leadership change (blocked); a change by role stays confidential
    assert _rules("femi got passed over for the promotion again and he'll probably quit") == [
        "personal.hr"]
    assert _rules("our CFO is leaving in March and nobody has been told") == [
        "confidential.leadership"]


def test_pass_combo_and_pw_credentials_in_words() -> None:
    said = ["the wifi pass for the board room is Tangerine!9",
            "back door combo is 8264, lock up after",
            "pw for the team canva is PurpleRain55"]
    look_alikes = ["my bus pass is valid until june", "the meal combo is 5 quid",
                   "the door code is 4 digits", "the wifi pass is on the fridge"]
    assert [bool(_rules(t)) and _rules(t)[0].startswith("secrets.") for t in said] == [True] * 3
    assert [_rules(t) for t in look_alikes] == [[]] * 4


@pytest.mark.parametrize("text, rule", [
    # an incident told as an event, with no "we" or "our"
    ("an ex contractor still had access and copied the price list",
     "confidential.security_incident"),
    # a deal whose press release is still to come
    ("the takeover completes on friday, press release goes out monday", "confidential.deal"),
])
def test_event_and_later_announcement_framing(text: str, rule: str) -> None:
    assert _rules(text) == [rule]


def test_exemplars_must_be_plain_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("secrets.x:\n  positives:\n  - wifi pass: Otter5\n  negatives: [a b c]\n")
    with pytest.raises(ValueError, match="plain text"):
        load_rules(bad)


def test_head_learns_a_separable_direction() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(60, 8))
    labels = (vectors[:, 0] > 0).astype(float)
    w = train_head(vectors, labels)
    predicted = 1 / (1 + np.exp(-(vectors @ w[:-1] + w[-1]))) > 0.5
    assert (predicted == labels.astype(bool)).mean() > 0.95


def test_a_company_finding_needs_the_disclosure_head() -> None:
    # the same similarities: flagged with a confident head, not with a doubtful one
    text = "we're letting about a third of the call-centre staff go after Easter"
    index = exemplar_index()
    vector = embedder().embed([text])
    sims, neg = similarities(index, vector)
    detector = MeaningDetector()
    sure = detector.classify(index.rules, sims[0], float(neg[0]), text, head=0.9)
    doubtful = detector.classify(index.rules, sims[0], float(neg[0]), text, head=0.1)
    assert sure is not None and sure[0].name == "confidential.layoffs"
    assert doubtful is None
    assert float(disclosure_scores(index, vector)[0]) >= 0.5  # the real head agrees
