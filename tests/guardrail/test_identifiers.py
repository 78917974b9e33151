"""Employee and staff numbers, UK National Insurance numbers in lower case, and the same
words without an identifier."""

from __future__ import annotations

import pytest

from assistant.guardrail.detectors.identifiers import nino_valid
from tests.guardrail.conftest import check

CASES = [
    # letter prefix
    ("employee id E12345", "personal.employee_id", "E12345"),
    # leading zeros
    ("staff number 004512 is the one on my payslip", "personal.employee_id", "004512"),
    # "my employee number is"
    ("my employee number is 204518", "personal.employee_id", "204518"),
    # prefix with a dash after a colon
    ("Employee ID: EMP-20931 for the badge request", "personal.employee_id", "EMP-20931"),
    # "#" right after the keyword
    ("my employee # is 55213", "personal.employee_id", "55213"),
    # dashed staff id
    ("staff ID 88-4412", "personal.employee_id", "88-4412"),
    # "emp no." short form (respelt)
    ("emp no. 77821 for the expense claim", "personal.employee_id", "77821"),
    # payroll number with a letter
    ("payroll no: P00981", "personal.employee_id", "P00981"),
    # NI number in lower case with spaces
    ("my ni number: jz 48 39 21 c", "personal.national_id", "jz 48 39 21 c"),
    # NI number in lower case, no spaces, short form "ni no"
    ("ni no: ce123456d", "personal.national_id", "ce123456d"),
    # upper case after "NINO"
    ("my NINO is KR529163C", "personal.national_id", "KR529163C"),
]

NEGATIVES = [
    # headcount, not a staff number
    "staff numbers are up to 4512 this quarter",
    # headcount in the singular
    "the staff number was 4500 in 2019",
    # no digits after the keyword
    "employee id badges will be reissued in may",
    # too short to be a staff number
    "employee number 12 was the first hire",
    # inside a link
    "see https://intranet.example.com/hr/employee/12345678",
    # prefix "QQ" is never issued (Q is not a valid first letter)
    "ni no: qq 12 34 56 a",
    # prefix "GB" is never issued
    "ni number gb 12 34 56 a",
    # NI words without a number
    "national insurance numbers start with two letters",
]

NINO = [
    # valid prefix and suffix
    ("AB123456C", True),
    # D is not a valid first letter
    ("DA123456A", False),
    # O is not a valid second letter
    ("AO123456A", False),
    # BG is never issued
    ("BG123456A", False),
    # suffix must be A to D
    ("AB123456E", False),
    # spaces and lower case are fine
    ("jz 48 39 21 c", True),
]


@pytest.mark.parametrize(("text", "rule", "value"), CASES)
def test_identifier_found(guard, text: str, rule: str, value: str) -> None:
    check(guard, text, "personal", rule, value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_an_identifier(guard, text: str) -> None:
    check(guard, text, "personal", None, None)


@pytest.mark.parametrize(("value", "valid"), NINO)
def test_nino_prefix_rules(value: str, valid: bool) -> None:
    assert nino_valid(value) is valid


# Identifiers given apart from their word, in other languages, and handles (issue 9).
APART = [
    ("worker Ana Lima, ID W-55120, asked for her file", "personal.employee_id", "W-55120"),
    ("Staff member Jonas Berg (no. 7712) is on leave", "personal.employee_id", "7712"),
    ("Steuer-ID von Herrn Braun: 47036892816", "personal.national_id", "47036892816"),
    ("Passeport de Mme Dubois : 18AV12345", "personal.passport", "18AV12345"),
    ("Führerschein Nr. B072RRE2I55 für Herrn Braun", "personal.drivers_license", "B072RRE2I55"),
    ("licence for Mr Carter: CARTE651229J99XY", "personal.drivers_license", "CARTE651229J99XY"),
    ("his Telegram is @k_ivanenko, message him there", "personal.username", "@k_ivanenko"),
    ("the user's login is p.haddad82", "personal.username", "p.haddad82"),
]
APART_NEGATIVES = [
    "Follow us on Telegram @acmenews for release notes",
    "the login page is broken again",
    "her Instagram is private",
    "staff members, please wear your ID badge at all times",
]


@pytest.mark.parametrize(("text", "rule", "value"), APART)
def test_identifier_apart_from_its_word(guard, text: str, rule: str, value: str) -> None:
    check(guard, text, "personal", rule, value)


@pytest.mark.parametrize("text", APART_NEGATIVES)
def test_handles_of_organisations_and_words_not_flagged(guard, text: str) -> None:
    check(guard, text, "personal", None, None)
