"""Company confidential: markings, non-public figures and admin terms (with the hard cases:
case, spacing, punctuation, typos, split letters, look-alike letters, zero-width characters)."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check

CASES = [
    # upper-case marking at the start
    ("CONFIDENTIAL — Q3 board pack", "confidential.marking", "CONFIDENTIAL"),
    # statement that a deck is confidential
    ("This deck is strictly confidential.", "confidential.marking", None),
    # internal use only
    ("For internal use only: draft reorganisation plan.", "confidential.marking", None),
    # under NDA
    ("Everything in this memo is under NDA until launch.", "confidential.marking", None),
    # not for distribution
    ("Not for distribution outside the leadership team.", "confidential.marking", None),
    # do not distribute, upper case
    ("DO NOT DISTRIBUTE - target list", "confidential.marking", None),
    # sensitivity label
    ("Sensitivity: Confidential", "confidential.marking", None),
    # classification label
    ("Classification: Restricted", "confidential.marking", None),
    # privileged and confidential
    ("Privileged & Confidential - attorney work product", "confidential.marking", None),
    # embargo
    ("Embargoed until 9am Thursday: new CEO.", "confidential.marking", None),
    # bracketed label
    ("[Confidential] Draft: restructuring plan", "confidential.marking", None),
    # "keep this between us"
    ("Keep this between us: layoffs are planned.", "confidential.marking", None),
    # "keep it internal"
    ("The bonus pool is 8% of payroll; keep it internal.", "confidential.marking", None),
    # misspelt marking
    ("this roadmap is confidental", "confidential.marking", None),
    # marking with a digit look-alike
    ("the numbers are c0nfidential", "confidential.marking", None),
    # marking written letter by letter
    ("c o n f i d e n t i a l: draft headcount plan", "confidential.marking", None),
    # marking with a Cyrillic look-alike letter
    ("Сonfidential: do not share", "confidential.marking", None),
    # "not yet announced" label
    ("Not yet announced: we will close the Leeds office.", "confidential.marking", None),
    # a thing described as not public
    ("The deal is not public yet.", "confidential.marking", None),
    # internal revenue not announced
    ("Our Q3 revenue came in at $41.2M, which we haven't announced yet.", "confidential.figure",
     "$41.2M"),
    # margin forecast
    ("We're forecasting an EBITDA margin of 18% next year.", "confidential.figure", "18%"),
    # valuation approved by the board
    ("The board approved a valuation of €250 million.", "confidential.figure", None),
    # acquisition in talks
    ("We are in talks to acquire a start-up for $120M.", "confidential.figure", "$120M"),
    # preliminary results
    ("Preliminary results show revenue of $88M.", "confidential.figure", None),
    # next-quarter sales forecast
    ("Our forecast for next quarter is $52M in sales.", "confidential.figure", None),
    # internal ARR figure
    ("Our ARR is $27.5M, but that figure is internal.", "confidential.figure", None),
    # admin term, exact
    ("Project Halcyon launches in November.", "confidential.term", "Project Halcyon"),
    # admin term, lower case
    ("let's tease bluefin before the keynote", "confidential.term", "bluefin"),
    # admin term, upper case
    ("The BLUEFIN rollout slipped.", "confidential.term", None),
    # admin term followed by punctuation
    ("Is Bluefin, or is it not?", "confidential.term", None),
    # admin term with a possessive
    ("Bluefin's launch", "confidential.term", None),
    # multi-word term with extra spaces
    ("the Northwind   acquisition memo", "confidential.term", None),
    # multi-word term joined by a hyphen
    ("The Northwind-acquisition memo is on the drive.", "confidential.term", None),
    # term with punctuation inside
    ("Orion-X2 will ship soon", "confidential.term", None),
    # term with a non-breaking hyphen
    ("Can I share the Orion\u2011X2 specs?", "confidential.term", None),
    # term split into letters
    ("P r o j e c t   H a l c y o n is the rumour", "confidential.term", None),
    # term split with dots
    ("B.L.U.E.F.I.N. is coming", "confidential.term", None),
    # typo: a missing letter
    ("Could I mention Projct Halcyon in a story?", "confidential.term", None),
    # typo: swapped letters
    ("The Bluefni beta starts Monday", "confidential.term", None),
    # typo: a wrong letter
    ("Northwind acquisitian details", "confidential.term", None),
    # digit look-alike in a term
    ("We're piloting proj3ct halcyon with two clients.", "confidential.term", None),
    # Cyrillic look-alike letters in a term
    ("Рrоject Halcyon demo is on Friday.", "confidential.term", "Рrоject Halcyon"),
    # Greek look-alike letter in a term
    ("Blueﬁn and Ηalcyon", "confidential.term", None),
    # zero-width character inside a term
    ("Mentor asked about Halc\u200byon yesterday", "confidential.term", None),
    # codename alone (the term was listed as "Project Halcyon")
    ("Halcyon's launch date slipped to spring.", "confidential.term", None),
    # term across a line break
    ("the Northwind\nacquisition", "confidential.term", None),
]

NEGATIVES = [
    # public company figure
    "Apple reported revenue of $94.9 billion for the quarter.",
    # public acquisition
    "Microsoft acquired Activision Blizzard for $68.7 billion.",
    # figure from an annual report
    "According to its annual report, Unilever's turnover was €60.1 billion.",
    # public market cap news
    "Tesla's market cap fell by 12% after the earnings call.",
    # engagement percentages in advice
    "Engagement rates around 2% to 3% are normal on LinkedIn.",
    # growth of followers in advice
    "Growth of 15% in followers is a realistic quarterly goal.",
    # our engagement is not a financial figure
    "Our engagement grew 20% after we started posting twice a week.",
    # small ad budget advice
    "Set a small ad budget of $200 to test boosted posts.",
    # industry benchmark
    "The average CPM on Instagram is around $7, according to industry benchmarks.",
    # fictional company in an exercise
    "A fictional company with $10M revenue is a good exercise.",
    # advice to avoid confidential information
    "Confidential information should never appear in practice posts.",
    # question about what is confidential
    "What counts as confidential in our company? Ask legal.",
    # non-public mentioned as a category of things to avoid
    "Mentors should avoid asking about non-public projects.",
    # 'not yet announced' in advice
    "Never post about launches that are not yet announced.",
    # marking discussed in quotes
    "What does 'internal only' mean for Slack channels?",
    # a document marked confidential, in advice
    "A document marked confidential shouldn't be a practice example.",
    # negated statement
    "This deck is not confidential, share it widely.",
    # sessions are confidential spaces (no marking)
    "Mentoring sessions are safe spaces for honest feedback.",
    # do not share your password (not a marking)
    "Do not share your password with anyone.",
    # the word 'project' and 'atlas' separately
    "The atlas of social platforms in the guide is a nice overview.",
    # term letters inside another word
    "Our northwindow display is lovely.",
    # a longer word that starts with a term
    "Bluefinch is a bird, not a codename.",
    # different constellation
    "Orion is a constellation visible in winter.",
    # X2 alone
    "The X2 button on the camera starts recording.",
    # wind and acquisition apart
    "North wind delayed the shoot; talent acquisition is hiring.",
    # public round from the news
    "The start-up's Series B of $40M was announced in the press.",
    # salary advice
    "Nobody should post salary details or compensation bands.",
    # revenue advice without figures (a known false alarm of the meaning detector: a policy
    # statement reads like a disclosure; strict, so a fix shows up here)
    pytest.param("Revenue and margins are things we don't share externally.",
                 marks=pytest.mark.xfail(strict=True, reason="meaning: policy statement")),
    # dates and percentages in a content plan
    "Post on 2026-09-14; aim for 40% video and 60% text.",
    # NDA as a topic
    "An NDA is a legal agreement; ask legal for the template.",
]


@pytest.mark.parametrize(("text", "rule", "value"), CASES)
def test_confidential_found(guard, text: str, rule: str, value: str | None) -> None:
    check(guard, text, "confidential", rule, value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_confidential(guard, text: str) -> None:
    check(guard, text, "confidential", None, None)


def test_terms_take_effect_at_once(guard) -> None:
    text = "Kestrel is our next big launch."
    assert "confidential.term" not in [f.rule for f in guard.scan(text)]
    guard.terms.add("Kestrel")
    assert "confidential.term" in [f.rule for f in guard.scan(text)]  # (meaning may fire too)
    guard.terms.remove("KESTREL")
    assert "confidential.term" not in [f.rule for f in guard.scan(text)]


def test_term_list_round_trip(guard) -> None:
    assert guard.terms.add("project halcyon") is False  # already listed, other case
    assert "Project Halcyon" in guard.terms.list()
    with pytest.raises(ValueError):
        guard.terms.add("x!")


# Conversational secrecy cues: requests not to share, labels at the start of a sentence, and
# cues ("don't share", "not public yet", "embargoed", "before the announcement") that make a
# nearby figure confidential even without a finance word.
CUES = [
    # "don't share" makes a price change confidential ("prices" is not a finance word)
    ("We'll lift list prices 12% in April, don't share yet.", "confidential.figure", "12%"),
    # "before the announcement" covers a percentage with no finance word
    ("Partner rates go up 7% before the announcement on Friday.", "confidential.figure", "7%"),
    # "not public yet" in the previous sentence covers the figure
    ("This is not public yet. Store traffic drops 9% by June.", "confidential.figure", "9%"),
    # "aren't out until" the results day
    ("The results aren't out until May, but EBITDA fell 4%.", "confidential.figure", "4%"),
    # "can't say publicly" plus an amount
    ("I can't say publicly that we're buying a studio for $35m.", "confidential.figure", "$35m"),
    # request not to forward, at the start
    ("Don't forward this: the Berlin team moves to Prague.", "confidential.marking", None),
    # request not to mention it to someone
    ("Please don't mention it to the client until legal signs off.", "confidential.marking",
     None),
    # label "Strictly private:" at the start of a line
    ("Strictly private: the chair resigns next week.", "confidential.marking", None),
    # label "Not public yet, but ..."
    ("Not public yet, but we're closing the Oslo office.", "confidential.marking", None),
    # label after a lead-in word
    ("FYI - off the record: two VPs are leaving.", "confidential.marking", None),
    # restricted to a named group
    ("The memo is restricted to the steering group, page 2 has the plan.",
     "confidential.marking", None),
    # "without revealing that" a specific fact
    ("How can I present the roadmap without revealing that the app is being shut down?",
     "confidential.marking", None),
    # a question that asks for secrecy is no question about a marking
    ("Can you keep this between us? The plant is closing.", "confidential.marking", None),
]

CUE_NEGATIVES = [
    # idiom, nothing confidential
    "Don't mention it, happy to help with the slides!",
    # "Private:" as a personal note label
    "Private: my notes for tomorrow's reverse mentoring session.",
    # a topic that is sensitive, not a label
    "Sensitive topics like burnout deserve care in mentoring.",
    # "between sessions" is not "between us"
    "Between sessions, the mentee grew her following by 15%.",
    # "before the launch" with a screen brightness, not a business figure
    "Before the launch, test the demo on your phone at 50% brightness.",
    # public results with a figure
    "The press release is out; revenue rose 9% to $2.1bn, as announced.",
    # revealing something about oneself
    "How do I share my screen without revealing that I have 200 tabs open?",
    # building access rule
    "Access is restricted to employees with a badge, per the building rules.",
    # "the secret to" advice with a percentage
    "The secret to a good post is a strong hook; 80% of readers stop at line one.",
    # don't share your screen, not a request about content
    "Don't share your screen until the host admits everyone.",
    # a practice asked about, not a request to keep something secret
    "Is it ever OK to go off the record with a reporter?",
    "Can you give me examples of off the record remarks going wrong?",
    # a marking quoted inside a question about its meaning
    "What does 'strictly private and confidential' mean on a letter?",
]


@pytest.mark.parametrize(("text", "rule", "value"), CUES)
def test_secrecy_cue_found(guard, text: str, rule: str, value: str | None) -> None:
    check(guard, text, "confidential", rule, value)


@pytest.mark.parametrize("text", CUE_NEGATIVES)
def test_not_a_secrecy_cue(guard, text: str) -> None:
    check(guard, text, "confidential", None, None)
