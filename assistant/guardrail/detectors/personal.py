"""Personal data: email, phone, national identifiers, passport and licence numbers,
dates of birth, street addresses and the names tied to them; ages (``ages``), typed home
addresses (``addresses``) and employee numbers (``identifiers``) join from their modules."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant.guardrail.detectors.addresses import (
    ADDRESS_PATTERNS,
    EU_ADDRESS_PATTERNS,
    find_unnamed_streets,
    not_public,
)
from assistant.guardrail.detectors.ages import find_ages
from assistant.guardrail.detectors.base import Detector, Document, Pattern
from assistant.guardrail.detectors.checksums import Checksum
from assistant.guardrail.detectors.health import HEALTH_PATTERNS
from assistant.guardrail.detectors.identifiers import IDENTIFIER_PATTERNS
from assistant.guardrail.detectors.links import inside_link
from assistant.guardrail.detectors.names import NAME_PATTERNS, find_names
from assistant.guardrail.detectors.roles import is_role_address
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile

# python-stdnum's validators, each imported at its first use
luhn, cpf, sin, dni, nie = (Checksum(n) for n in ("luhn", "br.cpf", "ca.sin", "es.dni", "es.nie"))
nir, nhs, aadhaar, pan = (Checksum(n) for n in ("fr.nir", "gb.nhs", "in_.aadhaar", "in_.pan"))
codicefiscale, itin, ssn = (Checksum(n) for n in ("it.codicefiscale", "us.itin", "us.ssn"))

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d{{2}}|(?:19|20)\d{{2}}[/.-]\d{{1,2}}[/.-]"
        rf"\d{{1,2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?:19|20)\d{{2}}|"
        rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{{2}})?)")
# Month names of other languages, after a birth phrase only ("geb. 14. März 1987").
_MONTH_ABROAD = (r"(?:j[äa]nner|januar[iy]?|februar[iy]?|m[äa]rz|maart|mei|juni|juli|oktober|"
                 r"dezember|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|"
                 r"octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
                 r"septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|"
                 r"luglio|settembre|ottobre|dicembre|augustus|styczni[ae]|lutego|marca|kwietnia|"
                 r"maja|czerwca|lipca|sierpnia|wrze[śs]nia|pa[źz]dziernika|listopada|grudnia)")
# Dates only a birth phrase makes a date of birth: "04-Apr-1982", "born in March 1990",
# "14. März 1987", "3 de mayo de 1990", "19880903".
_BIRTH_DATE = (rf"(?:(?<=born in ){_MONTH},?\s+(?:19|20)\d{{2}}\b|{DATE}|"
               rf"\d{{1,2}}[-/ ]{_MONTH}[-/ ](?:19|20)?\d{{2}}|"
               rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+'?\d{{2}}\b|"  # "3 may 89"
               rf"\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTH_ABROAD}|{_MONTH})\s+(?:de\s+)?(?:19|20)\d{{2}}|"
               r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b)")
_STREET = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|"
           r"Place|Pl|Terrace|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Crescent|Close|"
           r"Gardens|Row|Mews|Trail|Alley|Plaza)")
PHONE_CONTEXT = ("phone", "call", "tel", "mobile", "cell", "whatsapp", "text me", "reach",
                 "fax", "contact", "number", "sms", "ring", "dial", "signal", "mobiel", "móvil",
                 "movil", "cellulare", "numéro", "número", "kontakt")
# With a phone word near (and no sample word), a national number of eight digits or more of
# these countries counts too ("call me at 0151 23456789"); otherwise only the configured
# regions are tried.
CONTEXT_REGIONS = ("DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "IE", "PL", "SE", "DK", "NO",
                   "PT", "AU", "NZ", "CA", "IN", "ZA", "NG", "JP", "BR", "MX")
_PHONE_CANDIDATE = lazy_compile(
    r"(?:(?<![\w.+/:-])|(?<=/)(?=\+))"  # not inside a word, number or path; "/+44" is fine
    r"(?:(?:\+|00)\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{1,6}(?:[\s.-]\d{2,8}){1,5}"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w/:-]|\.\d)|(?<![\w.+/-])\+?\d{10,13}(?![\w.-])"
)
_NOT_PHONE = lazy_compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|"
                          r"\d{1,3}(?:\.\d{1,3}){3}|\d{3}-\d{2}-\d{4}|(?:19|20)\d{2}\s*-\s*(?:19|20)"
                          r"\d{2})$")


_ID_BEFORE = lazy_compile(r"\b(?:nhs|ssn|sin|account|acct|passport|licen[cs]e|routing|iban|imei|"
                        r"serial|id|order|invoice|aadhaar|tax|ref|reference|ticket|case|vat|"
                        r"personnummer|pesel|bsn|tfn|nir|idnr|dni|nie|cpf|nric|"
                        r"codice fiscale|social security|insurance)\b[^\d]*$")
# An organisation's line, not a person's: freephone, premium and shared-cost numbers, and
# numbers given as a helpline or switchboard.
_SERVICE_TYPES = ("TOLL_FREE", "PREMIUM_RATE", "SHARED_COST")  # phonenumbers.PhoneNumberType
_SERVICE_LINE = lazy_compile(r"\b(?:helpline|help ?desk|hotline|switchboard|customer (?:service|"
                             r"care|support)|service ?desk|office hours|opening hours|reception|"
                             r"main line|enquiries|inquiries)\b")


def _checked(validator: object, sample_ok: bool = False) -> object:
    """Wrap a python-stdnum ``is_valid`` into a pattern validator."""

    def check(match: re.Match[str], doc: Document) -> float | bool:
        value = match.group("value") if "value" in match.groupdict() else match.group(0)
        if not validator.is_valid(value):  # type: ignore[attr-defined]
            return False
        return sample_ok or not doc.is_sample(*match.span())

    return check


_SAMPLE_SSNS = frozenset({"123456789", "111111111", "987654321", "123121234"})


def _ssn(match: re.Match[str], doc: Document) -> bool:
    digits = re.sub(r"\D", "", match.group("value"))
    if not ssn.is_valid(digits) and not itin.is_valid(digits):
        return False
    return digits not in _SAMPLE_SSNS or not doc.is_sample(*match.span())


def _has_digit(match: re.Match[str], doc: Document) -> bool:
    value = match.group("value")
    return any(c.isdigit() for c in value) and not doc.is_sample(*match.span())


def _nino(match: re.Match[str], doc: Document) -> bool:
    prefix = match.group(0)[:2].upper()
    return prefix not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


_NOT_A_PERSON = lazy_compile(
    r"\b(?:company|product|startup|brand|app|platform|business|firm|idea|project|band|website|"
    r"channel|podcast|newsletter|show|series|campaign|initiative|programme|program|scheme|"
    r"network|club|charity|organi[sz]ation|agency|tradition|format|feature|release)\b[^.!?]*$",
    re.I,
)


def _born_person(match: re.Match[str], doc: Document) -> bool:
    """"the product was born on 3 March 2015" is a founding date, not a date of birth."""
    return _NOT_A_PERSON.search(doc.before(match.start(), 50)) is None


# A holder named between an identifier's word and its value: "licence for Tom Baker:",
# "Steuer-ID von Frau Keller:".
_HOLDER = (r"(?:\s+(?i:for|of|von|de|van|di)\s+(?:(?i:mr|mrs|ms|miss|dr|frau|herr|mme|m|sr|sra)"
           r"\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}(?:'s)?)?")


def _uk_licence(match: re.Match[str], doc: Document) -> bool:
    """A UK driving licence number: surname, birth date (month + 50 for women), initials."""
    value = match.group(0)
    month = int(value[6:8]) % 50
    return 1 <= month <= 12 and not doc.is_sample(*match.span())


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    flags = kw.pop("flags", 0)
    return Pattern(f"personal.{rule}", lazy_compile(regex, flags), score, reason, **kw)


def _national_id(words: str, hints: tuple[str, ...]) -> Pattern:
    """A national identity or tax number after one of ``words`` (a holder may come between)."""
    return _p("national_id", rf"(?i:\b(?:{words})(?: number| no\.?| #| nr\.?)?)" + _HOLDER
              + r"\s*(?:is|:|#|-)?\s*(?P<value>[A-Z0-9][A-Z0-9 -]{4,16}[A-Z0-9])\b", 0.85,
              "national identity or tax number", group="value", digits=True, hints=hints,
              validator=_has_digit, generic=True)


PATTERNS: tuple[Pattern, ...] = (
    _p("email", r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}"
       r"(?![\w-])", 0.95, "email address", hints=("@",)),
    _p("ssn", r"(?<![\w-])(?P<value>\d{3}([- ])\d{2}\2\d{4})(?![\w-])", 0.9,
       "US social security number", digits=True, validator=_ssn, group="value"),
    _p("ssn", r"(?i:ssn|social security(?: number| no\.?)?|itin)\W{0,4}(?:is\W{0,3})?"
       r"(?P<value>\d{9})\b", 0.95, "US social security number", digits=True, validator=_ssn,
       group="value", hints=("ssn", "social security", "itin")),
    _p("national_id", r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", 0.85,
       "UK National Insurance number", digits=True, validator=_nino, generic=True),
    _p("national_id", r"(?:\bSIN\b|(?i:social insurance))\D{0,20}(?P<value>\d{3}[- ]?\d{3}[- ]?"
       r"\d{3})\b", 0.9, "Canadian social insurance number", digits=True, group="value",
       gate=lazy_compile("SIN|[Ss]ocial [Ii]nsurance|SOCIAL INSURANCE"), validator=_checked(sin),
       generic=True),
    _p("national_id", r"\b(?P<value>\d{4} \d{4} \d{4})\b(?! \d)", 0.75, "Indian Aadhaar number",
       digits=True, group="value", validator=_checked(aadhaar), context=("aadhaar", "aadhar"),
       generic=True),
    _p("national_id", r"\b[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]\b", 0.8, "Indian PAN",
       digits=True, validator=_checked(pan), generic=True),
    _p("national_id", r"\b(?:\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z])\b", 0.8, "Spanish DNI/NIE",
       digits=True, validator=lambda m, d: dni.is_valid(m.group(0)) or nie.is_valid(m.group(0)),
       generic=True),
    _p("national_id", r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b", 0.9,
       "Italian fiscal code", digits=True, validator=_checked(codicefiscale), generic=True),
    _p("national_id", r"\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b", 0.85,
       "French social security number (NIR)", digits=True, validator=_checked(nir), generic=True),
    _p("national_id", r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b", 0.9, "Brazilian CPF", digits=True,
       validator=_checked(cpf), generic=True),
    _p("national_id", r"(?i:nhs)\D{0,15}(?P<value>\d{3} ?\d{3} ?\d{4})\b", 0.9, "NHS number",
       digits=True, group="value", hints=("nhs",), validator=_checked(nhs), generic=True),
    _national_id("national id|id card|identity card|tax id|tin|bsn|tfn|tax file number|"
                 "steuer-?id|personnummer|pesel|nric|resident id|voter id",
                 ("id", "tin", "bsn", "tfn", "tax", "steuer", "personnummer", "pesel", "nric")),
    # the words of other countries, apart so the common "id" hint does not run them
    _national_id("steuer-?identifikationsnummer|idnr|f[øo]dselsnummer|henkil[öo]tunnus|hetu|cpr|"
                 "burgerservicenummer|sofinummer|dni|nif|nie|cnp|oib|ppsn?|amka|"
                 "sozialversicherungsnummer|ahv|insurance number",
                 ("idnr", "dselsnummer", "henkil", "hetu", "cpr", "burgerservice", "sofi", "dni",
                  "nif", "nie", "cnp", "oib", "pps", "amka", "sozialversicherung", "ahv",
                  "insurance")),
    _p("passport", r"(?i:passport|reisepass|passeport|pasaporte|paspoort|passaporto|pass-?nr|"
       r"passnummer)(?:\s+(?i:number|no\.?|num|nr\.?|#))?" + _HOLDER + r"\s*(?:is|:|#|-)?\s*"
       r"(?P<value>[A-Z0-9]{6,10})\b", 0.9, "passport number", group="value", digits=True,
       hints=("passport", "reisepass", "passeport", "pasaporte", "paspoort", "passaporto", "pass"),
       validator=_has_digit),
    _p("drivers_license", r"(?i:driver'?s?\s+licen[cs]e|driving\s+licen[cs]e|licen[cs]e\s+"
       r"(?:number|no\.?)|f[üu]hrerschein|permis de conduire|carnet de conducir|rijbewijs|"
       r"patente|prawo jazdy|\bDL)(?:\s*(?i:number|no\.?|nr\.?|#))?" + _HOLDER +
       r"\s*(?:is|:|#|-)?\s*"
       r"(?P<value>[A-Z0-9][A-Z0-9-]{4,17}[A-Z0-9])\b", 0.85, "driver's licence number",
       group="value", digits=True,
       hints=("licen", "dl", "hrerschein", "permis", "carnet", "rijbewijs", "patente", "prawo"),
       validator=_has_digit),
    _p("drivers_license", r"\b[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}\b", 0.85,
       "UK driving licence number", digits=True, validator=_uk_licence),
    _p("date_of_birth", rf"(?i:date of birth|\bd\.?o\.?b\b\.?|born(?: on)?|birth ?date|"
       rf"birthday|\bgeb\.|geboren(?: am)?|geburtsdatum|geboortedatum|n[ée]e? le|"
       rf"date de naissance|nacid[oa](?: el)?|fecha de nacimiento|\bnat[oa](?: il)?\b|"
       rf"data di nascita|urodzon[ya]|data urodzenia|\bb\.(?=\s*\d))"
       rf"(?:'s|\s*[:=-]|\s+(?:is|was|on|in|of|the)\b)*\s*:?\s*(?P<value>{_BIRTH_DATE})",
       0.9, "date of birth", group="value",
       hints=("birth", "dob", "d.o.b", "born", "birthday", "geb", "naissance", "nacid",
              "nacimiento", "nato", "nata", "nascita", "urodz", "né", "b. "),
       flags=re.I, validator=_born_person),
    _p("address", rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][a-z]+\.?\s+){{1,4}}{_STREET}\b\.?"
       r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|#)\.?\s*\w+)?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
       r"(?:,?\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?)?", 0.8, "street address", digits=True,
       validator=not_public),
    _p("address", r"\b(?:P\.?\s?O\.?\s?Box|Postfach)\s+\d{1,6}\b", 0.8, "post office box",
       digits=True, flags=re.I),
    _p("address", r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}\b", 0.7,
       "UK postcode", digits=True,
       context=("live", "address", "postcode", "post code", "road", "street", "london", "flat"),
       validator=not_public),
    _p("address", r"(?i:(?:i|we|he|she|they)\s+(?:live|lives|living)\s+(?:at|on)|home address"
       r"(?:\s+is)?|(?:my|our|his|her|their)\s+address\s+is|ship (?:it |this )?to|deliver(?:y)? "
       r"to)\s*:?\s*(?P<value>\d{1,5}\w?\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,4})", 0.85,
       "street address", group="value", digits=True, hints=("live", "address", "ship", "deliver")),
)


class PersonalDetector(Detector):
    """Personal data about an identifiable person."""

    name = "personal"
    category = "personal"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        PATTERNS + HEALTH_PATTERNS + IDENTIFIER_PATTERNS + ADDRESS_PATTERNS + EU_ADDRESS_PATTERNS
        + NAME_PATTERNS
    )

    def __init__(
        self, phone_regions: list[str] | None = None, role_words: list[str] | None = None
    ) -> None:
        """``role_words``: local parts of role addresses that are not personal (None: all are)."""
        self.regions = phone_regions or ["US", "GB"]
        self.role_words = frozenset(w.lower() for w in role_words or ())

    def extra(self, doc: Document) -> list[Finding]:
        return self.phones(doc) + find_ages(doc) + find_unnamed_streets(doc)

    def detect(self, doc: Document) -> list[Finding]:
        found = super().detect(doc)
        if self.role_words:
            found = [f for f in found if f.rule != "personal.email"
                     or not is_role_address(doc.text[f.start : f.end], self.role_words)]
        if found:
            found.extend(find_names(doc, found))
        return found

    def phones(self, doc: Document) -> list[Finding]:
        """Phone numbers: candidate digit runs confirmed by ``phonenumbers``."""
        if not doc.has_digits:
            return []
        out: list[Finding] = []
        for match in _PHONE_CANDIDATE.finditer(doc.view):
            value = match.group(0).strip()
            digits = sum(c.isdigit() for c in value)
            if digits < 7 or digits > 15 or _NOT_PHONE.match(value):
                continue
            if inside_link(doc, *match.span()):
                continue  # a document id, sheet anchor or path, not a phone
            if digits in (15, 16) and luhn.is_valid(re.sub(r"\D", "", value)):
                continue  # payment cards and IMEIs are other detectors' business
            score = self._phone_score(value, doc, *match.span())
            if score and not doc.in_identifier(*match.span()):  # "edit#gid=1280120992"
                out.append(doc.finding("personal", "personal.phone", *match.span(), score,
                                       "phone number"))
        return out

    def _phone_score(self, value: str, doc: Document, start: int, end: int) -> float:
        import phonenumbers  # loaded by the first text with a candidate number, not at start

        around = doc.window(start, end, 40, 10)
        context = any(word in around for word in PHONE_CONTEXT)
        if _ID_BEFORE.search(doc.before(start, 30)) and not any(
            word in around for word in PHONE_CONTEXT if word != "number"
        ):
            return 0.0
        international = value.startswith(("+", "00"))
        regions: list[str | None] = [None] if international else list(self.regions)
        if (context and not international and sum(c.isdigit() for c in value) >= 8
                and not doc.is_sample(start, end)):
            regions += [r for r in CONTEXT_REGIONS if r not in self.regions]
        possible = False
        for region in regions:
            try:
                number = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                service = {getattr(phonenumbers.PhoneNumberType, t) for t in _SERVICE_TYPES}
                if phonenumbers.number_type(number) in service or _SERVICE_LINE.search(
                        doc.window(start, end, 80, 40)):
                    return 0.0
                if doc.is_sample(start, end) and not context:
                    return 0.0
                return 0.95 if context or international else 0.8
            possible = possible or phonenumbers.is_possible_number(number)
        # an unbroken run needs a full national length ("call me on 07700900461")
        has_sep = bool(re.search(r"[\s().-]", value)) or international or (
            sum(c.isdigit() for c in value) >= 10)
        if possible and context and has_sep and not doc.is_sample(start, end):
            return 0.65
        return 0.0
