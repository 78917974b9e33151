"""Home addresses typed in lower case or with UK and US forms; premises and landmarks that
are not personal data."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check

CASES = [
    # lower case with a "home address" cue and a postcode
    ("home address is 41 kestrel way, swindon SN1 4AB", "41 kestrel way"),
    # UK flat then house number
    ("send the book to flat 2, 10 high st, reading RG1 2AP", "10 high st"),
    # lower case with "im at" and no postcode
    ("im at 7 orchard close, bath if you want to drop it off", "7 orchard close"),
    # US street with apartment, city, state and ZIP, lower case
    ("can you courier it to 1234 maple ave apt 5, springfield, il 62704", "il 62704"),
    # US direction and numbered street with ZIP+4
    ("mail it to 88 W 12th St, New York, NY 10011-8202", "88 W 12th St"),
    # a street named only by its type after "the"
    ("she lives at 6 the crescent, harrogate", "6 the crescent"),
    # "no." before the house number does not cut the sentence
    ("i'm at no. 9 station rd", "9 station rd"),
    # a newer street type ("view")
    ("my new place is 17 park view, harrogate hg1 2aa", "17 park view"),
    # a landmark that something is sent to
    ("Courier to 1600 Pennsylvania Avenue NW, Washington, DC 20500", "1600 Pennsylvania Avenue"),
]

NEGATIVES = [
    # a landmark in passing
    "the pm spoke at 10 Downing Street last year",
    # a company's premises
    "visit us at our hq, 200 Aldersgate Street",
    # the office address for a meeting
    "meet at our office, 1 Canada Square, and ask for the lobby desk",
    # a landmark postcode
    "SW1A 2AA is the most famous postcode in the country",
    # lower-case street words without a cue
    "10 high street brands we should watch",
    # "way" as an ordinary word
    "we need to send 3 more slides the way legal wants",
    # a count, not an address
    "41 slides is too many for a 30 minute session",
    # a page reference
    "page 41 of the handbook covers this",
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_address_found(guard, text: str, value: str) -> None:
    check(guard, text, "personal", "personal.address", value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_home_address(guard, text: str) -> None:
    check(guard, text, "personal", None, None)


# Continental, Canadian and Australian forms (issue 9: street name then number, postcodes of
# other countries, unit prefixes).
ABROAD = [
    ("please forward my post to Herengracht 402, 1017 BX Amsterdam", "Herengracht 402, 1017 BX"),
    ("Meine Adresse: Schillerstraße 14, 60313 Frankfurt", "Schillerstraße 14, 60313 Frankfurt"),
    ("vivo en Calle de Alcalá 88, 28009 Madrid", "Calle de Alcalá 88, 28009 Madrid"),
    ("send the card to ul. Marszałkowska 10, 00-590 Warszawa", "ul. Marszałkowska 10, 00-590"),
    ("her flat: Drottninggatan 33, 111 51 Stockholm", "Drottninggatan 33, 111 51 Stockholm"),
    ("post it to 8 rue des Lilas, 69003 Lyon please", "8 rue des Lilas, 69003 Lyon"),
    ("I live at Unit 4/18 Bay Street, Glebe NSW 2037", "Unit 4/18 Bay Street, Glebe NSW 2037"),
    ("ship to Apartment 7, 310 Elgin Street, Ottawa ON K2P 1M3", "Apartment 7, 310 Elgin Street"),
    ("ship to 310 Elgin Street, Ottawa ON K2P 1M3", "Ottawa ON K2P 1M3"),
]
ABROAD_NEGATIVES = [
    # an organisation's premises abroad
    "Our Lisbon hub moved to Avenida da Liberdade 110, 1269-046 Lisboa.",
    "the conference venue is Messeplatz 1, 60327 Frankfurt",
    # English "via" before a capitalised name and a number
    "we sent it via Royal Mail 24.",
    # a chapter and a year, not a street and a postcode
    "See Appendix 2, 2024 Edition for the figures.",
]


@pytest.mark.parametrize(("text", "value"), ABROAD)
def test_address_abroad_found(guard, text: str, value: str) -> None:
    check(guard, text, "personal", "personal.address", value)


@pytest.mark.parametrize("text", ABROAD_NEGATIVES)
def test_premises_abroad_and_lookalikes_not_flagged(guard, text: str) -> None:
    check(guard, text, "personal", None, None)
