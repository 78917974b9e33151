"""Personal data: email, phone, national IDs, passport, licence, date of birth, address,
health information and names tied to them; and look-alikes that are not personal data."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check, spans

CASES = [
    # plain email
    ("reach me at priya.raman@northbank-consulting.com", "personal.email", "priya.raman@"),
    # plus-addressed email
    ("send it to tomas.berg+social@gmail.com", "personal.email", None),
    # email with a subdomain and a country TLD
    ("k.wozniak@mail.firma.com.pl", "personal.email", None),
    # example.com addresses are still email addresses
    ("write to jane.doe@example.com", "personal.email", None),
    # UK mobile in international format
    ("My mobile is +44 7911 123456", "personal.phone", "+44 7911 123456"),
    # US number with parentheses
    ("Call Sarah on (415) 555-2671 today", "personal.phone", "(415) 555-2671"),
    # London landline, national format
    ("Her number is 020 7946 0958", "personal.phone", None),
    # Spanish mobile
    ("Mi teléfono es +34 612 345 678", "personal.phone", None),
    # Japanese mobile
    ("Reach Kenji on +81 90-1234-5678", "personal.phone", None),
    # German mobile with long subscriber part
    ("Mobile: +49 1512 3456789", "personal.phone", None),
    # US number with extension
    ("Call me: 212-736-5000 ext 204", "personal.phone", None),
    # UK drama-range number, possible only, but with phone context
    ("Ring Jane on 07700 900461", "personal.phone", None),
    # dotted US format
    ("His cell: 646.555.0143", "personal.phone", None),
    # SSN with dashes
    ("My social security number is 219-09-9998.", "personal.ssn", "219-09-9998"),
    # SSN after a label
    ("SSN: 536-22-8710", "personal.ssn", None),
    # SSN without separators after the keyword
    ("ssn 536228710 please", "personal.ssn", None),
    # UK National Insurance number with spaces
    ("His NI number is AB 12 34 56 C.", "personal.national_id", None),
    # Canadian SIN with keyword and Luhn
    ("The new hire's SIN is 130 692 544.", "personal.national_id", "130 692 544"),
    # Aadhaar with the Verhoeff checksum
    ("Aadhaar 2345 6789 0124", "personal.national_id", None),
    # Italian fiscal code
    ("Codice fiscale RSSMRA85T10A562S", "personal.national_id", None),
    # Brazilian CPF
    ("My CPF is 390.533.447-05.", "personal.national_id", None),
    # NHS number with checksum
    ("NHS number 943 476 5919", "personal.national_id", None),
    # Spanish DNI
    ("DNI 12345678Z for the contract", "personal.national_id", None),
    # Indian PAN
    ("PAN card ABCPE1234F", "personal.national_id", None),
    # German tax id after a keyword
    ("my tax id is 86095742719", "personal.national_id", None),
    # passport number after keyword
    ("Passport number: 533380006", "personal.passport", "533380006"),
    # passport with letter prefix
    ("My passport no. is X4821973", "personal.passport", "X4821973"),
    # driver's licence
    ("driver's license number D1234-56789-01234", "personal.drivers_license", None),
    # date of birth, numeric
    ("Date of birth: 14/07/1979", "personal.date_of_birth", "14/07/1979"),
    # born on, month name
    ("She was born on March 3, 1988 in Lyon.", "personal.date_of_birth", "March 3, 1988"),
    # DOB ISO
    ("DOB 1991-11-23", "personal.date_of_birth", None),
    # D.O.B. with dots
    ("D.O.B.: 03/15/1969", "personal.date_of_birth", None),
    # birthday with day-month-year
    ("birthday is 12 June 1990", "personal.date_of_birth", None),
    # US street address with ZIP
    ("Send it to 42 Maple Avenue, Springfield, IL 62704.", "personal.address", "42 Maple Avenue"),
    # "I live at" address
    ("I live at 17 Rosewood Lane, so courier it", "personal.address", None),
    # address with apartment
    ("8 Elm Street, Apt 4B, Boston, MA 02118", "personal.address", None),
    # German street address
    ("Deliver to Hauptstraße 12, 10115 Berlin", "personal.address", "Hauptstraße 12"),
    # PO box
    ("Write to me at PO Box 4471, Nairobi.", "personal.address", None),
    # UK postcode in an address context
    ("Flat 3, 27 Victoria Road, London SW1A 1AA", "personal.address", None),
    # diagnosis tied to a role
    ("Our CFO was diagnosed with type 2 diabetes.", "personal.health", "diabetes"),
    # medication tied to a name
    ("David has been taking sertraline since May.", "personal.health", "sertraline"),
    # condition tied to a named colleague
    ("My colleague Anna suffers from epilepsy.", "personal.health", None),
    # treatment
    ("He's undergoing chemotherapy this month", "personal.health", None),
    # blood pressure reading
    ("My blood pressure was 150/95 at the check-up.", "personal.biometric", "150/95"),
    # pregnancy
    ("She is 20 weeks pregnant.", "personal.health", None),
    # medication taken by a relative
    ("My wife takes insulin twice a day.", "personal.health", None),
    # title and name before the verb
    ("Mr. Okafor was prescribed lithium after his stay.", "personal.health", None),
    # first person on medication
    ("I'm on antidepressants, so mornings are hard.", "personal.health", None),
    # child's condition
    ("My son has ADHD, so I leave early.", "personal.health", None),
    # BMI of a named person
    ("Tom's BMI is 31 after the holidays.", "personal.biometric", None),
    # sick leave for a reason
    ("My manager is on sick leave for her back surgery.", "personal.health", None),
    # name tied to an email
    ("Please email John Smith at john@acme.com", "personal.person", "John Smith"),
    # name with a title tied to a phone
    ("Dr. Miguel Torres can be reached on +34 612 345 678", "personal.person", "Miguel Torres"),
    # name tied to a diagnosis
    ("Sarah was diagnosed with asthma last year.", "personal.person", "Sarah"),
    # email with look-alike Unicode letters
    ("priyа.raman@northbank.com", "personal.email", None),
    # "he's been on" a medication (contracted "has been")
    ("Marco says he's been on lithium since 2019.", "personal.health", "lithium"),
    # full-width digits in a phone number
    ("call +44 ７９１１ １２３４５６", "personal.phone", None),
    # birthday with "the" and an ordinal day
    ("my birthday is the 14th of July 1990", "personal.date_of_birth", "14th of July 1990"),
    # "birthday's" contraction
    ("my birthday's the 3rd of august 1991", "personal.date_of_birth", "3rd of august 1991"),
    # born in a month and year
    ("she was born in March 1990", "personal.date_of_birth", "March 1990"),
    # day, short month and year with dashes
    ("date of birth 04-Apr-1982", "personal.date_of_birth", "04-Apr-1982"),
    # two-digit year with dots
    ("d.o.b 12.05.86", "personal.date_of_birth", "12.05.86"),
    # a name given by its owner
    ("my name is Alicia Marie Brennan and i'm the new mentee", "personal.name",
     "Alicia Marie Brennan"),
    # a lower-case name that starts with a known given name
    ("my full name is deepak anand kumar, please use that", "personal.name",
     "deepak anand kumar"),
    # "names" without the apostrophe
    ("hi, my names Sophie Turner, I'm your mentee", "personal.name", "Sophie Turner"),
    # driving licence number after "dl#"
    ("dl# is S530-4721-9981", "personal.drivers_license", "S530-4721-9981"),
]

NEGATIVES = [
    # the all-zero SSN placeholder
    "The SSN field shows 000-00-0000 as a placeholder.",
    # SSN with a 666 area number is invalid
    "Try 666-12-3456 in the demo form.",
    # SSN area 9xx is not an SSN
    "Order 912-34-5678 shipped.",
    # sample SSN presented as an example
    "The example SSN 123-45-6789 appears in many tutorials.",
    # a date to post on
    "Post on 2026-09-14 at 9am.",
    # date range
    "The report covers 2020-2025 and predicts growth.",
    # times
    "The session runs from 14:00 to 15:30 in room 4.12.",
    # fictional 555 number presented as a sample
    "Use the sample number 555-0100 in screenshots.",
    # an order number
    "Order #482913 arrived with the ring light.",
    # ISBN
    "The ISBN is 978-0-306-40615-7.",
    # flight number and time
    "Flight BA 2490 lands at 14:35.",
    # plain year of birth is too coarse
    "I was born in the 1980s, so TikTok feels foreign.",
    # birthday without a date
    "My birthday is in spring.",
    # company founding date
    "The company was founded in 1998 in Leeds.",
    # awareness month, not a person's health
    "She posted about mental health awareness month.",
    # charity research, not a person's diagnosis
    "A video about diabetes research did well.",
    # general statement about audiences
    "Many people in any audience have a disability, so add captions.",
    # feelings about video, not a diagnosis
    "Executives often feel anxiety about being on camera.",
    # count of items with 'Ways'
    "There are 5 Ways to Improve Your Profile here.",
    # street mention without a number
    "Our office is on Main Street next to the station.",
    # building and floor
    "The team is based in Building 7, third floor.",
    # emergency numbers
    "Call 911 in an emergency, not the helpdesk.",
    # engagement percentages
    "Engagement rates around 2% to 3% are normal on LinkedIn.",
    # resolution and aspect ratio
    "Record in 9:16 vertical format at 1080x1920.",
    # name with no personal data
    "Dr. Patel will lead the session on AI ethics.",
    # age of mentor and executive (no identifier)
    "The mentor is 24 and the executive is 58.",
    # email field description
    "Enter your email address to receive the newsletter.",
    # large follower counts
    "We reached 10,000 followers in March.",
    # page numbers
    "Page 12-14 of the handbook covers approvals.",
    # a company's founding date after "born"
    "the company was born on 3 march 2015",
    # a product launch date
    "the launch date is 3 march 2026",
    # a birthday without a date
    "her birthday party is on saturday",
    # "my name is" followed by ordinary words
    "my name is on the slide deck, feel free to share",
    # "my names" meaning several names
    "my names for the new teams are on the wiki",
    # a spreadsheet anchor is not a phone number
    "the sheet is at docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=1280120992",
    # a document path with a long number
    "see https://docs.example.org/guides/2024/07/onboarding-123456789",
]


@pytest.mark.parametrize(("text", "rule", "value"), CASES)
def test_personal_found(guard, text: str, rule: str, value: str | None) -> None:
    check(guard, text, "personal", rule, value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_personal(guard, text: str) -> None:
    check(guard, text, "personal", None, None)


# Several items in one text: every listed value must be found as personal data and be gone
# from the screened text. Regression for a leak where a sample word inside a domain
# ("acme-example.com") made the whole sentence look like an example and hid the phone.
MIXED = [
    # the leak found by the egress test: email with a hyphenated "example" domain, then phone
    ("Questions go to maria.keller@acme-example.com or +44 20 7946 0958.",
     ["maria.keller@acme-example.com", "+44 20 7946 0958"]),
    # phone first, then the same email
    ("Call +44 20 7946 0958 or write to maria.keller@acme-example.com.",
     ["+44 20 7946 0958", "maria.keller@acme-example.com"]),
    # "sample" and "test" inside hyphenated domains are names, not sample cues (a personal
    # local part: "ops@" would be a role address, not personal data, since issue 9)
    ("Write to olga@sample-data.co.uk, 020 7946 0958, or ops2@demo-test.org.",
     ["olga@sample-data.co.uk", "020 7946 0958", "ops2@demo-test.org"]),
    # a URL whose host holds "example" before a national-format number
    ("Details on https://acme-example.com/team or ring 020 7946 0958",
     ["020 7946 0958"]),
    # only a comma between email and phone, no space
    ("maria.keller@acme-example.com,+44 20 7946 0958", ["+44 20 7946 0958"]),
    # semicolons only, three items in a row
    ("maria.keller@acme-example.com;+44 20 7946 0958;john@test-lab.io",
     ["maria.keller@acme-example.com", "+44 20 7946 0958", "john@test-lab.io"]),
    # a slash between email and international phone keeps the country code
    ("maria.keller@acme-example.com/+44 20 7946 0958", ["+44 20 7946 0958"]),
    # a pipe between the items, as in signatures
    ("maria.keller@acme-example.com | +44 20 7946 0958", ["+44 20 7946 0958"]),
    # phone in brackets right after the email
    ("maria.keller@acme-example.com (+44 20 7946 0958)", ["+44 20 7946 0958"]),
    # angle-bracketed address then a colon and the phone
    ("<maria.keller@acme-example.com>: +44 20 7946 0958", ["+44 20 7946 0958"]),
    # two people, each with an email and a phone, in one sentence
    ("Maria (maria@acme-example.com, +44 20 7946 0958) and Tom (tom@acme-example.com, "
     "+1 312 846 2290).",
     ["maria@acme-example.com", "+44 20 7946 0958", "tom@acme-example.com", "+1 312 846 2290"]),
    # email, phone and date of birth together
    ("Ana, ana.silva@sample-corp.pt, +351 912 345 678, born 4 May 1990.",
     ["ana.silva@sample-corp.pt", "+351 912 345 678", "4 May 1990"]),
    # US number after an email on a test-named domain
    ("Reach dev@qa-testing.net or (415) 555-2671 for access.",
     ["dev@qa-testing.net", "(415) 555-2671"]),
]


@pytest.mark.parametrize(("text", "values"), MIXED)
def test_every_item_of_a_mixed_sentence_is_found(guard, text: str, values: list[str]) -> None:
    from assistant.guardrail import Stage

    found = [v for _, v in spans(text, guard.scan(text), "personal")]
    screened = guard.screen(text, Stage.CONTEXT, audit=False).text
    for value in values:
        assert any(value in v for v in found), (value, found)
        assert value not in screened, screened


# A real sample cue outside the addresses still marks a value as an example: (text, value
# that must not be inside any personal finding).
SAMPLE_STILL_WORKS = [
    # "For example" in the prose, no phone context word
    ("For example, +44 20 7946 0958 is the format.", "7946 0958"),
    # "sample" as a word, with an address in the same sentence (the address itself is found)
    ("The sample SSN 123-45-6789 is shown at docs@acme-corp.com.", "123-45-6789"),
]


@pytest.mark.parametrize(("text", "value"), SAMPLE_STILL_WORKS)
def test_sample_words_outside_addresses_still_count(guard, text: str, value: str) -> None:
    found = [v for _, v in spans(text, guard.scan(text), "personal")]
    assert not any(value in v for v in found), found


# Ages of the people a mentor talks about (issue 9, recall helper).
AGES = [
    ("my exec is a 52 year old man who never posts", "52"),  # a work relation: "my exec"
    ("gareth is 61 and retiring next year", "61"),  # a lower-case known given name
    ("my deputy is 29 and already runs the team", "29"),  # "my deputy"
]

# Dates of birth and phone numbers as typed in chat (issue 9, recall helper).
CHAT_FORMS = [
    ("my dob is 3rd of may 89", "personal.date_of_birth", "3rd of may 89"),  # two-digit year
    ("call me on 07700900461", "personal.phone", "07700900461"),  # unbroken UK mobile
]


@pytest.mark.parametrize(("text", "rule", "value"), CHAT_FORMS)
def test_chat_forms_of_birth_dates_and_phones(guard, text: str, rule: str, value: str) -> None:
    check(guard, text, "personal", rule, value)


@pytest.mark.parametrize(("text", "value"), AGES)
def test_ages_of_work_relations_and_lower_case_names(guard, text: str, value: str) -> None:
    check(guard, text, "personal", "personal.age", value)



# Other languages and registers (issue 9, personal data in prose).
PROSE_ABROAD = [
    ("Klara Vogel, geb. 21.06.1979, Abteilung Einkauf", "personal.date_of_birth", "21.06.1979"),
    ("née le 4 juillet 1991 à Nantes", "personal.date_of_birth", "4 juillet 1991"),
    ("fecha de nacimiento: 12 de marzo de 1985", "personal.date_of_birth", "12 de marzo de 1985"),
    ("DOB 19910704 on the intake form", "personal.date_of_birth", "19910704"),
    ("Candidate: Matteo Ricci (41), Turin", "personal.age", "41"),
    ("my nam is tom baker", "personal.name", "tom baker"),
]
SERVICE_LINES = [
    # freephone and premium numbers are an organisation's
    "Bookings: 0800 046 1234, free from UK landlines",
    # a helpline's number, with the word
    "The IT helpdesk is on +1 212 736 3100 during office hours",
    # a VAT number is not a phone
    "VAT no. GB 987 6543 21 on every invoice",
]


@pytest.mark.parametrize(("text", "rule", "value"), PROSE_ABROAD)
def test_personal_data_in_other_languages(guard, text: str, rule: str, value: str) -> None:
    check(guard, text, "personal", rule, value)


@pytest.mark.parametrize("text", SERVICE_LINES)
def test_service_lines_are_not_personal_phones(guard, text: str) -> None:
    check(guard, text, "personal", None, None)


@pytest.mark.parametrize(("text", "value"), [
    ("call me at 0151 23456789 after lunch", "0151 23456789"),  # German mobile, national form
    ("mobiel 06-12345678", "06-12345678"),  # Dutch mobile after a Dutch phone word
])
def test_national_phones_of_other_countries_near_a_phone_word(guard, text: str, value: str
                                                              ) -> None:
    check(guard, text, "personal", "personal.phone", value)
