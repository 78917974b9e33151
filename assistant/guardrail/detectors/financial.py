"""Financial identifiers: payment cards (Luhn), IBAN (checksum), bank account and routing
numbers, SWIFT/BIC, card security codes and crypto wallet addresses."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant.guardrail.detectors.base import Detector, Document, Pattern
from assistant.guardrail.detectors.checksums import Checksum
from assistant.guardrail.detectors.links import inside_link
from assistant.guardrail.lazy_regex import lazy_compile

# python-stdnum's validators, each imported at its first use
bic, bitcoin, iban, luhn, rtn = (Checksum(n) for n in ("bic", "bitcoin", "iban", "luhn", "us.rtn"))
# Issuer prefixes of the major card networks.
_CARD_PREFIX = lazy_compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2)|35|50|5[6-9])")
TEST_CARDS = frozenset({
    "4111111111111111", "4242424242424242", "4012888888881881", "5555555555554444",
    "5105105105105100", "378282246310005", "371449635398431", "6011111111111117",
    "3530111333300000", "4000056655665556", "5200828282828210", "4000000000000002",
})
SAMPLE_IBANS = frozenset({"GB82WEST12345698765432", "DE89370400440532013000"})


def _card(match: re.Match[str], doc: Document) -> float | bool:
    digits = re.sub(r"\D", "", match.group(0))
    if not 13 <= len(digits) <= 19 or not luhn.is_valid(digits) or len(set(digits)) < 2:
        return False
    if not _CARD_PREFIX.match(digits):
        return False
    if re.search(r"imei|meid|serial|tracking|order|invoice", doc.window(*match.span(), 40, 5)):
        return False
    if digits in TEST_CARDS and doc.is_sample(*match.span()):
        return False
    return 0.95


def _iban(match: re.Match[str], doc: Document) -> bool:
    value = re.sub(r"\s", "", match.group(0))
    if not iban.is_valid(value):
        return False
    return value not in SAMPLE_IBANS or not doc.is_sample(*match.span())


def _routing(match: re.Match[str], doc: Document) -> bool:
    return rtn.is_valid(match.group("value"))


def _bic(match: re.Match[str], doc: Document) -> bool:
    return bic.is_valid(match.group("value"))


def _bitcoin(match: re.Match[str], doc: Document) -> bool:
    return bitcoin.is_valid(match.group(0))


def _eth(match: re.Match[str], doc: Document) -> bool:
    body = match.group(0)[2:]
    return len(set(body.lower())) > 4 and not doc.is_sample(*match.span())


def _account(match: re.Match[str], doc: Document) -> bool:
    digits = re.sub(r"\D", "", match.group("value"))
    if inside_link(doc, *match.span("value")):
        return False
    return 4 <= len(digits) <= 20 and len(set(digits)) > 1


def _iban_typed(match: re.Match[str], doc: Document) -> bool:
    """An IBAN typed in lower case after the word "iban" (checksum valid)."""
    value = re.sub(r"\s", "", match.group("value")).upper()
    if not iban.is_valid(value):
        return False
    return value not in SAMPLE_IBANS or not doc.is_sample(*match.span())


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    flags = kw.pop("flags", 0)
    return Pattern(f"financial.{rule}", lazy_compile(regex, flags), score, reason, **kw)


PATTERNS: tuple[Pattern, ...] = (
    _p("card", r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])", 0.95, "payment card number (Luhn)",
       digits=True, validator=_card),
    _p("iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", 0.95,
       "IBAN (checksum valid)", digits=True, validator=_iban, gate=lazy_compile(r"[A-Z]{2}\d\d")),
    _p("routing_number", r"(?i:routing|aba|rtn|transit)(?:\s+(?i:number|no\.?|#))?\D{0,6}"
       r"(?P<value>\d{9})\b", 0.9, "US bank routing number", group="value", digits=True,
       hints=("routing", "aba", "rtn", "transit"), validator=_routing),
    _p("sort_code", r"(?i:sort code|s/c)\D{0,6}(?P<value>\d{2}[- ]?\d{2}[- ]?\d{2})\b", 0.85,
       "UK bank sort code", group="value", digits=True, hints=("sort code", "s/c")),
    # "sort 20-45-77" (the dashed form only)
    _p("sort_code", r"(?i:\bsort)\s*:?\s*(?P<value>\d{2}-\d{2}-\d{2})\b", 0.85,
       "UK bank sort code", group="value", digits=True, hints=("sort",)),
    _p("bank_account", r"(?i:(?:bank\s+)?(?:account|acct|a/c|checking|savings)\s*(?:number|no\.?|"
       r"num|#)?)\s*(?:is|:|#|-)?\s*(?P<value>\d[\d -]{3,22}\d)\b", 0.85, "bank account number",
       group="value", digits=True, hints=("account", "acct", "a/c", "checking", "savings"),
       validator=_account),
    # "iban gb29 nwbk 6016 1331 9268 19" (upper case is found by the pattern above)
    _p("iban", r"(?i:\biban\b)\s*(?:no\.?|number|#)?\s*(?:is\b|:|-)?\s*(?P<value>[a-z]{2}\d{2}"
       r"(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?)\b", 0.95, "IBAN (checksum valid)",
       group="value", digits=True, hints=("iban",), validator=_iban_typed, flags=re.I),
    # "bank details: 30-94-57 01234567": a sort code and an 8-digit account without their names
    _p("bank_account", r"\b\d{2}-\d{2}-\d{2}\s*[,/]?\s*(?:(?i:acc(?:ount)?|acct|a/c)\.?\s*"
       r"(?:(?i:no|number)\.?|#)?\s*:?\s*)?(?P<value>\d{8})\b", 0.85,
       "UK sort code and account number", group="value", digits=True, validator=_account,
       context=("bank", "account", "acct", "a/c", "details", "pay", "transfer", "sort"),
       context_required=True),
    _p("swift_bic", r"(?i:swift|bic)(?:\s+(?i:code))?\s*(?:is|:|-)?\s*(?P<value>[A-Z]{6}[A-Z0-9]{2}"
       r"(?:[A-Z0-9]{3})?)\b", 0.85, "SWIFT/BIC code", group="value",
       hints=("swift", "bic"), validator=_bic),
    _p("card_security_code", r"(?i:\b(?:cvv2?|cvc2?|cid|card security code|security code on "
       r"(?:the|my) card))\s*(?:is|:|-|code)?\s*(?P<value>\d{3,4})\b", 0.9,
       "card security code", group="value", digits=True, hints=("cvv", "cvc", "cid", "security")),
    _p("card_expiry", r"(?i:\b(?:exp(?:iry|iration)?(?: date)?|valid thru|expires))\s*[:\-]?\s*"
       r"(?P<value>(?:0[1-9]|1[0-2])\s?/\s?(?:\d{2}|20\d{2}))\b", 0.6, "card expiry date",
       group="value", digits=True, hints=("exp", "valid thru"),
       context=("card", "visa", "mastercard", "amex", "cvv", "credit", "debit"),
       context_required=True),
    _p("crypto_wallet", r"\b(?:[13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[ac-hj-np-z02-9]{11,71})\b",
       0.95, "Bitcoin wallet address", digits=True, validator=_bitcoin),
    _p("crypto_wallet", r"\b0x[a-fA-F0-9]{40}\b", 0.9, "Ethereum wallet address",
       hints=("0x",), validator=_eth),
    _p("crypto_wallet", r"\b(?:[LM][a-km-zA-HJ-NP-Z1-9]{26,33}|ltc1[ac-hj-np-z02-9]{11,71}|"
       r"r[1-9A-HJ-NP-Za-km-z]{24,34}|4[0-9AB][1-9A-HJ-NP-Za-km-z]{93})\b", 0.8,
       "crypto wallet address", digits=True,
       hints=("wallet", "ltc", "litecoin", "xrp", "ripple", "monero", "xmr", "crypto", "send"),
       context=("wallet", "ltc", "litecoin", "xrp", "ripple", "monero", "xmr", "crypto", "send"),
       context_required=True),
)


class FinancialDetector(Detector):
    """Financial identifiers."""

    name = "financial"
    category = "financial"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = PATTERNS
