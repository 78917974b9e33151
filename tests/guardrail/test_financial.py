"""Financial identifiers: cards (Luhn), IBAN (checksum), bank accounts, routing numbers,
SWIFT/BIC, card security codes and crypto wallets."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check

CASES = [
    # Visa with spaces
    ("Charge my Visa 4532 7153 3790 1245, expiry 09/27.", "financial.card", "4532 7153 3790 1245"),
    # Mastercard without separators
    ("Card number 5425233430109903 with CVV 123.", "financial.card", None),
    # Amex 4-6-5 grouping
    ("Amex 3714 496353 98431 is the corporate card.", "financial.card", None),
    # Visa with dashes
    ("my credit card is 4485-2758-3921-6698", "financial.card", None),
    # Mastercard 2-series
    ("Use 2223 0031 2200 3222 for the ads account.", "financial.card", None),
    # Discover
    ("card: 6011 0009 9013 9424 exp 11/26", "financial.card", None),
    # JCB
    ("Pay via my JCB 3530 1113 3330 0000.", "financial.card", None),
    # documented test card without any sample context is still a card
    ("Refund to card 5555 5555 5555 4444 today.", "financial.card", None),
    # card with full-width digits
    ("card ４５３２ ７１５３ ３７９０ １２４５", "financial.card", None),
    # CVV after a card
    ("CVV 431 for the card", "financial.card_security_code", "431"),
    # German IBAN with spaces
    ("IBAN DE44 5001 0517 5407 3249 31", "financial.iban", "DE44 5001"),
    # UK IBAN compact
    ("Our account: GB33BUKB20201555555555", "financial.iban", None),
    # French IBAN with a letter in the BBAN
    ("IBAN FR14 2004 1010 0505 0001 3M02 606", "financial.iban", None),
    # Belgian IBAN
    ("BE71 0961 2345 6769 receives the payment.", "financial.iban", None),
    # Swiss IBAN with an odd last group
    ("CH93 0076 2011 6238 5295 7", "financial.iban", None),
    # Dutch IBAN
    ("IBAN NL91ABNA0417164300 (salary account)", "financial.iban", None),
    # US routing number with checksum
    ("Routing number 021000021, account 483920174.", "financial.routing_number", "021000021"),
    # account number after keyword
    ("My bank account number is 0012345678 at Chase.", "financial.bank_account", "0012345678"),
    # account number with spaces
    ("Account #: 7812 3345 9910 at Barclays", "financial.bank_account", None),
    # UK sort code
    ("Sort code 20-00-00, account 55779911", "financial.sort_code", "20-00-00"),
    # SWIFT code
    ("SWIFT code DEUTDEFF for the transfer", "financial.swift_bic", "DEUTDEFF"),
    # Bitcoin legacy address
    ("Send BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2.", "financial.crypto_wallet", None),
    # Bitcoin P2SH address
    ("Bitcoin: 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "financial.crypto_wallet", None),
    # Bitcoin bech32 address
    ("tips: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "financial.crypto_wallet", None),
    # Ethereum address
    ("ETH 0x52908400098527886E0F7030069857D2E4169EE7", "financial.crypto_wallet", None),
    # sort code then account number, no words between them
    ("bank details: 30-94-57 01234567", "financial.bank_account", "01234567"),
    # "acc" between the sort code and the account
    ("bank: barclays, sort 20-45-77, acc 43215678", "financial.bank_account", "43215678"),
    # "sort" without "code", dashed form
    ("sort 20-45-77 please", "financial.sort_code", "20-45-77"),
    # "s/c" short form
    ("acct no 12345678 s/c 20-45-77", "financial.sort_code", "20-45-77"),
    # IBAN typed in lower case after "iban"
    ("iban gb29 nwbk 6016 1331 9268 19", "financial.iban", "gb29 nwbk 6016 1331 9268 19"),
    # "crdt crd" respelt; the card is found by its checksum
    ("crdt crd 4917 6100 0000 0000", "financial.card", "4917 6100 0000 0000"),
]

NEGATIVES = [
    # card number that fails Luhn
    "An invalid card like 4111 1111 1111 1112 fails the Luhn check.",
    # made-up sequential card number
    "Test with 1234 5678 9012 3456, which is not a real card.",
    # Stripe test card presented as a test card
    "In the docs, 4242 4242 4242 4242 is Stripe's test card.",
    # IBAN with a wrong checksum
    "IBAN DE00 3704 0044 0532 0130 00 is wrong.",
    # documented sample IBAN presented as such
    "The sample IBAN GB82 WEST 1234 5698 7654 32 is from the documentation.",
    # IMEI is not a card even though it passes Luhn
    "IMEI 490154203237518 of the phone",
    # long order number
    "Order 1234567812345678 shipped.",
    # routing keyword with a number failing the checksum
    "routing 123456789 is not valid",
    # general talk about IBANs
    "IBANs start with a country code and two check digits.",
    # account count, not account number
    "We manage 12 accounts across 4 platforms.",
    # crypto talk without an address
    "Crypto posts attract spam bots; moderate comments.",
    # large follower number
    "The account has 1500000 followers.",
    # public revenue figure
    "Apple reported revenue of $94.9 billion.",
    # hex colour
    "Use #0x52908400 as the accent colour code.",
    # phone number is not a card
    "Call +44 7911 123456 for details.",
    # sort-code-like date and a batch number with no bank word
    "the 12-03-24 12345678 batch",
    # "sort" as a verb
    "sort the accounts by code before the review",
    # sample IBAN in lower case presented as such
    "the sample iban gb82 west 1234 5698 7654 32 is from the documentation",
    # an account number inside a link
    "the export is at https://bank.example.com/account/12345678/statements",
]


@pytest.mark.parametrize(("text", "rule", "value"), CASES)
def test_financial_found(guard, text: str, rule: str, value: str | None) -> None:
    check(guard, text, "financial", rule, value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_financial(guard, text: str) -> None:
    check(guard, text, "financial", None, None)
