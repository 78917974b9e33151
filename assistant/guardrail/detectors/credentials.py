"""Credentials given in conversation rather than as ``password: X``: a user/password pair after
"login" or "credentials", "the new one is X" after a credential word earlier in the sentence,
and wallet recovery (seed) phrases. Used by the secrets detector."""

from __future__ import annotations

import re
from typing import Any

from assistant.guardrail.detectors.base import Document, Pattern
from assistant.guardrail.lazy_regex import lazy_compile

_PLACEHOLDER = lazy_compile(
    r"^(?:<[^>]*>|\$\{?[\w.-]*\}?|\{\{?[^}]*\}?\}|\[[^\]]*\]|\*+|x{3,}|\.{3,}|"
    r"(?:your|my|the|some|a|an)[_-]\w*|(?:your|my|the|some)(?:pass|pw|token|secret|key|api|value|"
    r"code|user|name)\w*|changeme|redacted|password|passwd|secret|token|"
    r"example\w*|sample\w*|dummy\w*|placeholder\w*|\w*_here|\w*-here)$",
    re.I,
)
_VALUE_END = r"(?=[.,;:?)\"'`”]*(?:\s|$))"
CREDENTIAL_WORD = (r"password|passwd|pass ?word|passcode|passphrase|pin|pin code|pw|pwd|"
                   r"door code|alarm code|access code|lock code|entry code|wi-?fi code")


def _not_prose(match: re.Match[str], doc: Document) -> float | None:
    """A value that cannot be an ordinary word: digits only (4-12), or letters mixed with
    digits or symbols; never a placeholder and never presented as an example."""
    value = match.group("value").strip("\"'`“”‘’")
    if len(value) < 4 or _PLACEHOLDER.match(value) or value.startswith(("(", "[", "<")):
        return None
    if value.isdigit():
        ok = 4 <= len(value) <= 12
    else:
        ok = any(c.isalpha() for c in value) and not value.isalpha()
        ok = ok and any(c.isdigit() or not c.isalnum() for c in value)
    if not ok or doc.is_sample(*match.span("value")):
        return None
    return 0.9


def _seed(match: re.Match[str], doc: Document) -> float | None:
    value = match.group("value")
    if len(set(value.split())) < 10 or doc.is_sample(*match.span("value")):
        return None
    return 0.95


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    return Pattern(f"secrets.{rule}", lazy_compile(regex, re.I), score, reason, **kw)


PATTERNS: tuple[Pattern, ...] = (
    # "my Netflix login, it's dan.p / Popcorn!2023"; "the credentials are admin / Hx92!kLp"
    _p("password", r"\b(?:log-?in|logon|sign-?in|credentials?|creds|user(?:name)?\s*(?:and|&|/)"
       r"\s*pass(?:word)?)\b[^.!?\n]{0,40}?(?:\bis|\bare|'s|:|=|\bit'?s|\bit\s+is)\s*[\"'`“]?"
       r"[\w.@+-]{2,64}\s*(?:/|\||:|,\s*(?:pass(?:word)?|pw|pwd)\s*[:=]?)\s*[\"'`“]?"
       r"(?P<value>\S{4,64}?)" + _VALUE_END, 0.9, "user name and password pair",
       group="value", hints=("log", "sign", "credential", "creds", "user"), validator=_not_prose),
    # "I changed the password yesterday, the new one is Marigold-5512"
    _p("password", rf"\b(?:{CREDENTIAL_WORD})s?\b[^.!?\n]{{0,80}}?(?:\b(?:the\s+)?(?:new\s+one|"
       r"replacement|new\s+(?:code|pin|password))(?:'s|\s+is|\s*:|\s*=)\s+(?:now\s+)?|"
       r"\bit(?:'s|\s+is)\s+now\s+|\bnow\s+it(?:'s|\s+is)\s+)"
       r"[\"'`“]?(?P<value>\S{4,64}?)" + _VALUE_END, 0.9,
       "password given after a credential word", group="value",
       hints=("pass", "pin", "pw", "code"), validator=_not_prose),
    # "seed phrase for the wallet: orbit velvet crane ... rally" (12 to 24 words)
    _p("seed_phrase", r"\b(?:seed|recovery|mnemonic|backup|secret\s+recovery|wallet)\s+"
       r"(?:phrase|words)\b[^:\n]{0,40}?(?::|\bis|\bare|=)\s*[\"'`“]?"
       r"(?P<value>(?:[a-z]{3,8}[\s,]+){11,23}[a-z]{3,8})\b", 0.95,
       "wallet recovery phrase", group="value", hints=("phrase", "words"), validator=_seed),
)
