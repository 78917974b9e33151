"""Identifiers of a person given after their words: employee and staff numbers, and UK
National Insurance numbers typed in lower case ("ni no: ce 12 34 56 d")."""

from __future__ import annotations

import re
from typing import Any

from assistant.guardrail.detectors.base import Document, Pattern
from assistant.guardrail.detectors.links import inside_link
from assistant.guardrail.lazy_regex import lazy_compile

# HMRC prefix rules: first letter not D F I Q U V, second not D F I O Q U V, and a few
# pairs never issued.
_NINO = lazy_compile(r"^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")
_NINO_UNUSED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
_HEADCOUNT = lazy_compile(r"\b(?:the|total|our|a)\s+(?:staff|personnel|worker)\s+$", re.I)


def nino_valid(value: str) -> bool:
    """A UK National Insurance number that follows the prefix and suffix rules."""
    compact = re.sub(r"\s", "", value).upper()
    return _NINO.match(compact) is not None and compact[:2] not in _NINO_UNUSED


def _nino(match: re.Match[str], doc: Document) -> bool:
    return nino_valid(match.group("value")) and not doc.is_sample(*match.span("value"))


def _employee(match: re.Match[str], doc: Document) -> bool:
    """Three digits or more, not inside a link, not "the staff number was 450" (headcount)."""
    value = match.group("value")
    if sum(c.isdigit() for c in value) < 3 or inside_link(doc, *match.span("value")):
        return False
    keyword = match.group("kw").lower()
    headcount = keyword in ("staff", "personnel", "worker") and value.isdigit()
    if headcount and value[0] != "0" and _HEADCOUNT.search(doc.before(match.start(), 20)
                                                           + keyword + " "):
        return False
    return not doc.is_sample(*match.span("value"))


def _handle(match: re.Match[str], doc: Document) -> bool:
    """A handle looks like one ("@lena.kovacs", "jsmith88", "m.oconnor1979"), not a word
    ("her instagram is private", "the login is broken")."""
    value = match.group("value")
    shaped = value.startswith("@") or any(c.isdigit() or c in "._" for c in value)
    return shaped and not inside_link(doc, *match.span("value")) and not doc.is_sample(
        *match.span("value"))


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    return Pattern(f"personal.{rule}", lazy_compile(regex, re.I), score, reason, **kw)


IDENTIFIER_PATTERNS: tuple[Pattern, ...] = (
    # "employee id E12345", "staff no 004512", "Employee ID: EMP-20931", "payroll number 77821"
    _p("employee_id", r"\b(?P<kw>employee|staff|personnel|payroll|worker|badge)\s*(?:(?:id|number|"
       r"no|num|ref(?:erence)?|code)\b\.?|#)(?:\s*(?:number|no\.?|#))?\s*(?:is\b|was\b|:|#|-|=)?"
       r"\s*(?P<value>(?:[a-z]{1,4}[-/]?)?\d(?:[\d-]{1,10}\d)?[a-z]?)(?![\w/-])", 0.85,
       "employee or staff number",
       group="value", digits=True, hints=("employee", "staff", "personnel", "payroll", "worker",
                                          "badge"), validator=_employee),
    # the number given apart from its word: "employee Sven Andersson, ID EMP-20931",
    # "Staff member Aisha Bello (ID: 004512)"
    _p("employee_id", r"\b(?P<kw>employee|staff|personnel|worker)(?:\s+member)?\s+(?-i:[A-Z][\w'-]+"
       r"(?:\s+[A-Z][\w'-]+){0,3}),?\s*\(?\s*(?:id|no\.?|number|#)\s*(?:is\b|:|#|-)?\s*"
       r"(?P<value>(?:[a-z]{1,4}[-/]?)?\d(?:[\d-]{1,10}\d)?[a-z]?)(?![\w/-])", 0.85,
       "employee or staff number", group="value", digits=True,
       hints=("employee", "staff", "personnel", "worker"), validator=_employee),
    # "Her Instagram is @lena.kovacs", "my github handle: olu_a", "the login is m.oconnor1979"
    _p("username", r"(?:(?:\b(?:my|his|her|their|your)\s+|(?-i:\b[A-Z][a-z]+)'s\s+)(?:instagram|"
       r"insta|twitter|tiktok|github|gitlab|telegram|snapchat|snap|skype|discord|reddit|threads|"
       r"bluesky|mastodon|signal)(?:\s+(?:handle|username|user ?name|account|id|name))?|"
       r"\b(?:user ?name|login|log-in|handle|user ?id))\s*(?:is\b|was\b|:|=|-)?\s*"
       r"(?P<value>@?[a-z0-9][\w.-]{1,30}[a-z0-9_])(?![\w@.-])", 0.8, "username or handle",
       group="value",
       hints=("instagram", "insta", "twitter", "tiktok", "github", "gitlab", "telegram", "snap",
              "skype", "discord", "reddit", "threads", "bluesky", "mastodon", "signal", "user",
              "login", "log-in", "handle"), validator=_handle),
    # "ni no: ce 12 34 56 d", "national insurance is pn832911d" (upper case is found anyway)
    _p("national_id", r"(?:\bni\b|\bnino\b|\bn\.i\.|national insurance)(?:\s+(?:number|no\.?|num|"
       r"#))?\s*(?:is\b|was\b|:|#|-)?\s*(?P<value>[a-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[a-d])\b", 0.85,
       "UK National Insurance number", group="value", digits=True,
       hints=("ni", "nino", "n.i.", "national insurance"), validator=_nino,
       gate=lazy_compile(r"\d\d ?\d\d ?\d\d ?[a-dA-D]\b")),
)
