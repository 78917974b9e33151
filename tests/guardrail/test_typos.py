"""Typos and short forms of context words respelt in the normalised view, with offsets that
map a finding on the respelt word back to what was typed."""

from __future__ import annotations

import pytest

from assistant.guardrail.normalize import normalize
from tests.guardrail.conftest import spans

RESPELT = [
    # one letter missing
    ("the wifi pasword is X", "the wifi password is X"),
    # one letter missing, capitalised
    ("Passwrd: X", "Password: X"),
    # two letters swapped
    ("home adress: 3 Mill Lane", "home address: 3 Mill Lane"),
    # one letter missing inside the word
    ("pasport number 1", "passport number 1"),
    # swapped letters in a long word
    ("soical secuirty", "social security"),
    # chat short form of a birthday
    ("b-day is 5 May 1990", "birthday is 5 May 1990"),
    # typo of a short word from the table
    ("date of brith", "date of birth"),
    # "nme" is only in the table (too short for edit distance)
    ("my nme is Kwame", "my name is Kwame"),
    # two-word short form with full stops
    ("soc. sec. 1", "social security. 1"),
    # "crd" is a card only after "credit"
    ("crdt crd 4917", "credit card 4917"),
    # "acc" is an account only before "no"
    ("acc no 1234", "account no 1234"),
    # "emp" is an employee only before "id"
    ("emp id E1", "employee id E1"),
    # "lic" after "driving"
    ("driving lic no 5", "driving licence no 5"),
    # national insurance short form
    ("nat ins no", "national insurance no"),
    # shouted typo keeps its case
    ("PASWORD", "PASSWORD"),
    # disclosure words typed in chat, for the meaning detector
    ("the aquisition is signed", "the acquisition is signed"),
    ("we got breeched, the custmer db is out", "we got breached, the customer db is out"),
    ("revnue was down this quater", "revenue was down this quarter"),
]

UNCHANGED = [
    # plural of a context word is not a typo
    "passwords and accounts",
    # a real word one edit from "employee"
    "the employer id",
    # a real word one edit from "national"
    "a rational plan",
    # a real word one edit from "driving"
    "diving lessons",
    # inflection of "license"
    "licensed software",
    # a street name one edit from "birth" (short words are not edited by distance)
    "14 Birch Rd",
    # inside a link or an address
    "see adress.org/pasword and adress@x.com",
    # "acc" not before a number word
    "acc the report",
    # "crd" without "credit" (a Kubernetes CRD)
    "apply the crd first",
    # "ph" not before a number word
    "the ph of the water",
    # real words one edit from a disclosure word
    "we reached the playoffs and announce the designation of an investor",
]


@pytest.mark.parametrize(("text", "view"), RESPELT)
def test_typos_respelt(text: str, view: str) -> None:
    assert normalize(text).view == view


@pytest.mark.parametrize("text", UNCHANGED)
def test_real_words_left_alone(text: str) -> None:
    assert normalize(text).view == text


def test_respelt_span_maps_to_typed_word() -> None:
    text = "x pasword y"
    norm = normalize(text)
    start = norm.view.index("password")
    assert text[slice(*norm.span(start, start + len("password")))] == "pasword"


# Typos of context words reach the detectors: (text, category, rule, value typed).
FOUND = [
    # password keyword with a letter missing
    ("the passwrd is Gr33nTea#", "secrets", "secrets.password", "Gr33nTea#"),
    # short form of password
    ("psw is Kx9!pLq2", "secrets", "secrets.password", "Kx9!pLq2"),
    # passport keyword misspelt
    ("passprt number is 807221446", "personal", "personal.passport", "807221446"),
    # date of birth keyword misspelt
    ("date of birht 02/02/1995", "personal", "personal.date_of_birth", "02/02/1995"),
    # "soc sec" before an SSN with spaces
    ("soc sec number is 512 44 7788", "personal", "personal.ssn", "512 44 7788"),
    # "my nme is" before a name
    ("my nme is kwame asante", "personal", "personal.name", "kwame asante"),
]


@pytest.mark.parametrize(("text", "category", "rule", "value"), FOUND)
def test_typos_reach_detectors(guard, text: str, category: str, rule: str, value: str) -> None:
    found = spans(text, guard.scan(text), category)
    assert (rule, value) in found, found
