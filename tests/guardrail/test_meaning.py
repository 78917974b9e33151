"""Sentence-meaning detector: disclosures with no format against advice using the same words."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.meaning import (
    CUE_BONUS,
    EXEMPLARS_FILE,
    HEAD_SKIP,
    NOTE,
    PENDING,
    PUBLIC_PENALTY,
    THRESHOLDS,
    WHEN,
    MeaningDetector,
    attributed,
    credential_value,
    disclosure_scores,
    embedder,
    exemplar_index,
    inherit,
    load_rules,
    other_firm,
    pieces,
    terse,
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
    # the same similarities near the bar: flagged with a confident head, not with a doubtful one
    text = "we're letting about a third of the call-centre staff go after Easter"
    index = exemplar_index()
    layoffs = next(i for i, r in enumerate(index.rules) if r.name == "confidential.layoffs")
    sims = np.zeros(len(index.rules), dtype=np.float32)
    sims[layoffs] = THRESHOLDS["confidential"] + 0.02
    detector = MeaningDetector()
    sure = detector.classify(index.rules, sims, 0.0, text, head=0.9)
    doubtful = detector.classify(index.rules, sims, 0.0, text, head=0.1)
    assert sure is not None and sure[0].name == "confidential.layoffs"
    assert doubtful is None
    vector = embedder().embed([text])
    assert float(disclosure_scores(index, vector)[0]) >= 0.5  # the real head agrees


def test_the_head_decides_only_near_the_bar() -> None:
    # far above the bar a sentence is a disclosure even when the head doubts its register
    text = "we're letting about a third of the call-centre staff go after Easter"
    rules = load_rules(EXEMPLARS_FILE)
    layoffs = next(i for i, r in enumerate(rules) if r.name == "confidential.layoffs")
    sims = np.zeros(len(rules), dtype=np.float32)
    sims[layoffs] = THRESHOLDS["confidential"] + HEAD_SKIP + 0.01
    found = MeaningDetector().classify(rules, sims, 0.0, text, head=0.1)
    assert found is not None and found[0].name == "confidential.layoffs"


def test_a_year_in_a_plan_is_no_history() -> None:
    # "in 2019" marks news; "the plan is to list in 2030" is a plan
    assert MeaningDetector.adjust("a rival listed on the stock market in 2019") < 0
    assert MeaningDetector.adjust("the plan is to list on the stock market in 2030") == 0


# Secrecy cues in chat, email and meeting-note registers (issue 9, voices dev set).
@pytest.mark.parametrize("text", [
    "pls dont forward, the figures are draft",  # "don't forward"
    "not for the deck: the real number is lower",  # "not for the deck"
    "you didn't hear it from me but the office shuts",  # hedged
    "i shouldn't be telling you this",  # "shouldn't be telling"
    "can't say much but talks are back on",  # "can't say much"
    "it's on the qt for now",  # "on the qt"
    "this is internal only",  # "internal only"
    "nothing public yet on the deal",  # "nothing public"
    "nobody can know before the signing",  # "nobody can know"
    "i have to prep them without telling them",  # "without telling them"
    "can i post before it's signed",  # "before it's signed"
    "no customer comms yet on the outage",  # "no comms yet"
    "internal announce next wk",  # announced later
])
def test_register_secrecy_cues_lower_the_bar(text: str) -> None:
    assert MeaningDetector.adjust(text) > 0


# Short forms of dates and pending steps frame a sentence as a plan (not advice).
@pytest.mark.parametrize("text", [
    "board sees the pack next wk",
    "the site shuts in jan",
    "letters go out on thurs",
    "numbers land tmrw",
    "two layers go by year-end",
    "announcement is the 14th",
])
def test_short_time_forms_are_times(text: str) -> None:
    assert WHEN.search(text) is not None


@pytest.mark.parametrize("text", [
    "the plan is to list the business",  # "the plan is to"
    "comms plan tbd",  # "tbd"
    "two buyers are in due diligence",  # in due diligence
    "the sale is agreed in principle",  # decided, not yet told
    "the decision is made, it goes to staff later",
])
def test_pending_steps_are_pending(text: str) -> None:
    assert PENDING.search(text) is not None


def test_a_question_about_the_writers_own_dated_matter_is_not_a_how_to() -> None:
    # own side and a time: a disclosure asked as a question keeps its bar
    assert MeaningDetector.adjust("how do i brief my team on the cuts next month?") == 0
    # a how-to question about anyone, or one marked general, keeps its penalty
    assert MeaningDetector.adjust("how do managers brief a team on cuts?") < 0
    assert MeaningDetector.adjust("how do i brief my team on cuts next month, in general?") < 0


def test_a_clause_inherits_its_sentences_penalty_else_the_larger_bonus() -> None:
    assert inherit(0.0, CUE_BONUS) == CUE_BONUS  # the secrecy cue sits in another clause
    assert inherit(CUE_BONUS, -PUBLIC_PENALTY) == -PUBLIC_PENALTY  # advice wins


def test_a_clause_is_framed_by_its_sentence() -> None:
    # a clause with no "we", time or cue of its own is read in its sentence's frame
    rules = load_rules(EXEMPLARS_FILE)
    layoffs = next(i for i, r in enumerate(rules) if r.name == "confidential.layoffs")
    sims = np.zeros(len(rules), dtype=np.float32)
    sims[layoffs] = 0.6
    clause = "two layers of management gone"
    sentence = "emea gets folded into global ops next month, two layers of management gone"
    found = MeaningDetector().classify(rules, sims, 0.2, clause, sentence, 0.9)
    assert found is not None and found[0].name == "confidential.layoffs"
    assert MeaningDetector().classify(rules, sims, 0.2, clause, clause, 0.9) is None


def test_a_label_starts_a_clause() -> None:
    text = "Notes from the exec sync today: the VP of sales is exiting and the package is agreed"
    clauses = [text[a:b] for s, e, a, b in pieces(text) if (a, b) != (s, e)]
    assert "the VP of sales is exiting and the package is agreed" in clauses


@pytest.mark.parametrize("text, stated", [
    ("use my login, username jmartin password tigerlily", True),  # no "is"
    ("for the demo use admin / admin123 on staging", True),  # a pair after a slash
    ("my username and password are in the vault", False),  # where, not what
    ("use the Q1 / Q2 numbers", False),  # a slash between labels
    ("the wifi password got changed to Winter#2026", True),  # "changed to" a value
    ("the wifi password has been changed to the new format", False),  # no value
])
def test_credential_pairs_without_is(text: str, stated: bool) -> None:
    assert credential_value(text) is stated


def test_company_rules_have_exemplars_in_question_and_note_form() -> None:
    # disclosures asked as questions and typed as meeting-note bullets, with look-alikes of
    # each form among the negatives, so neither form alone decides
    for rule in load_rules(EXEMPLARS_FILE):
        if rule.category != "confidential":
            continue
        for examples in (rule.positives, rule.negatives):
            assert any(e.rstrip().endswith("?") for e in examples), rule.name
        assert any(e.lstrip().startswith(("-", "*", "•")) or ": " in e
                   for e in rule.positives), rule.name


@pytest.mark.parametrize("text", [
    "let's pretend the ceo quits tomorrow, keep it quiet, what do we say?",  # a scenario
    "role play: our cfo is leaving next month and you're the journalist",
    "for the workshop, we're cutting 50 jobs in the case",
    "our new chair started last year, it was in the annual report",  # already public
])
def test_scenarios_and_published_facts_raise_the_bar(text: str) -> None:
    assert MeaningDetector.adjust(text) < 0


def test_a_monthly_date_is_no_one_date() -> None:
    # "the 14th" names a day a plan happens; "the 10th of every month" is a standing rule
    assert WHEN.search("the announcement is the 14th") is not None
    assert WHEN.search("the balance resets on the 10th of every month") is None


def test_asking_whether_to_tell_is_no_how_to_question() -> None:
    # asking whether to reveal something of one's own keeps the bar; about news it does not
    assert MeaningDetector.adjust("should i warn my friend that her team is on the list?") == 0
    assert MeaningDetector.adjust("is it ok to hint that we're buying a rival?") == 0
    assert MeaningDetector.adjust("can i mention publicly reported revenue in my post?") < 0


@pytest.mark.parametrize("text, rule", [
    ("sale of the print business to a rival agreed", "confidential.deal"),  # a headline
    ("Q2 operating margin came in at 2.7%, below budget", "confidential.financials"),
    ("Headcount: -45 in logistics (H2, not communicated)", "confidential.layoffs"),  # a table
    ("depot closure signed off by the board", "confidential.layoffs"),
    ("ransomware on the payroll servers overnight", "confidential.security_incident"),
    ("a reduction of some 60 posts in the call centre is envisaged", "confidential.layoffs"),
])
def test_flags_headline_note_and_formal_disclosures(text: str, rule: str) -> None:
    # no "we", no secrecy cue: a decision, a status or a moved figure told as a headline or
    # a note's line, or a plan in formal euphemism
    assert rule in _rules(text), _rules(text)


@pytest.mark.parametrize("text", [
    "Ford to cut 3,000 jobs in Germany, the company said",
    "Q2 operating margin came in at 2.7%, the retailer said in its results statement",
    "the closure of the steel plant was approved by the owners, reports say",
    "new chief executive appointed at Barclays, the bank announced",
])
def test_a_headline_told_on_its_sources_word_is_news(text: str) -> None:
    assert attributed(text) and not terse(text)
    assert _rules(text) == []


def test_a_headline_is_short_and_not_yet_announced_is_no_attribution() -> None:
    assert terse("board has appointed an interim CEO, not announced")  # a secrecy cue
    assert not terse("the plan was approved at the meeting and everyone there agreed that it "
                     "would be sensible to review it again in a few months")  # prose, too long
    assert not terse("the purchase is approved and the card holder will reach out to")  # wrapped
    assert not terse("If this happens, restore the agreed split.")  # a condition: advice


def test_a_clause_of_conditional_advice_is_no_headline() -> None:
    text = "If this happens, revisit the pair's goals and restore the agreed split."
    assert _rules(text) == []


def test_a_note_or_table_line_with_a_moved_figure_is_a_headline() -> None:
    # a figure of several digits moved ("down 37%"), a table row whose later cell is a figure
    assert terse("- Orders down 37% in the Benelux")
    assert terse("Net margin | FY | 3.4% (plan 5%)")
    assert not terse("Welcome | 10 min | chair")  # a figure in a second cell: an agenda's time


@pytest.mark.parametrize("text", [
    "the sale completes thursday", "offers due 21st", "the new rota applies from 3 Nov",
])
def test_a_day_told_bare_is_a_time(text: str) -> None:
    assert WHEN.search(text) is not None


def test_a_number_before_a_word_like_a_month_is_no_date() -> None:
    assert WHEN.search("we met 3 mayors at the expo") is None


def test_confirmed_alone_is_a_status_and_someone_confirming_it_is_news() -> None:
    assert not attributed("closure of the print room confirmed, 9 roles")
    assert attributed("the firm confirmed the closure of its print room")
    assert attributed("the print room will close, the landlord confirmed")


@pytest.mark.parametrize("text", [
    "Ericsson to sell its cable business",
    "Burberry swaps its chief executive after a profit warning",
    "have you seen Lufthansa's chief executive is leaving?",
])
def test_a_headline_about_another_firm_is_not_ours(text: str) -> None:
    assert other_firm(text) and not terse(text)
    assert MeaningDetector.adjust(text) < 0


@pytest.mark.parametrize("text", [
    "Finance to cut six roles in March",  # our own unit
    "Marta to leave the team in March",  # a colleague
    "Ericsson to buy our analytics arm, we sign friday",  # we are part of it
])
def test_our_units_colleagues_and_our_deals_are_not_another_firms_news(text: str) -> None:
    assert not other_firm(text)


def test_a_line_of_our_meeting_notes_frames_a_disclosure() -> None:
    assert NOTE.search("AOB - disposal of the print arm, offers in by the 9th")
    assert NOTE.search("Action items: close the Hull depot (HR to draft letters)")
    assert not NOTE.search("actions speak louder than words in a restructure")


@pytest.mark.parametrize("text, cue", [
    ("my manager let slip that the Hull site is closing", True),
    ("I overheard the CFO say the quarter is a disaster", True),
    ("word is the whole claims team goes in spring", True),
    ("a word is the smallest unit of meaning", False),
    ("how should a manager respond to rumours of a merger", False),
])
def test_a_leak_or_a_rumour_is_a_secrecy_cue(text: str, cue: bool) -> None:
    assert (MeaningDetector.adjust(text) > 0) == cue
