"""Credentials and secrets: provider keys, private keys, JWTs, passwords and PINs in context,
connection strings, bearer/session tokens and high-entropy tokens."""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from typing import Any, ClassVar

from assistant.guardrail.detectors.base import Detector, Document, Pattern, words
from assistant.guardrail.detectors.credentials import PATTERNS as CONVERSATIONAL
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile
from assistant.guardrail.normalize import Normalized

PLACEHOLDER = lazy_compile(
    r"^(?:<[^>]*>|\$\{?[\w.-]*\}?|\{\{?[^}]*\}?\}|\[[^\]]*\]|%[\w()]+s?|\*+|x{3,}|\.{3,}|…|"
    r"(?:your|my|the|some|a|an)[_-]\w*|(?:your|my|the|some)(?:pass|pw|token|secret|key|api|value|"
    r"code|user|name)\w*|changeme|redacted|none|null|undefined|n/?a|tbd|todo|"
    r"secret|password|passwd|token|example\w*|sample\w*|dummy\w*|placeholder|foo|bar|baz|"
    r"\w*_here|\w*-here|required|optional)$",
    re.I,
)
# Words that follow "password is" in ordinary prose and are not passwords.
PROSE_WORDS = frozenset(
    words("""
a an the not now still just only also very too so more less same different one another
required incorrect invalid wrong correct right strong weak secure insecure safe unsafe long
short empty blank case key part what how why when where who which whatever your my our their
his her its this that these those here there in on at for to of with by from as if or and
but be been being is are was were will would should can could must may might never always
often usually important enough mandatory optional needed necessary good bad easy hard simple
unique personal private known common ok okay fine protected managed shared stored saved
encrypted hashed set reset changed expired expiring updated sent generated visible hidden
masked case-sensitive sensitive confidential secret please
""")
)


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    size = len(value)
    return -sum(c / size * math.log2(c / size) for c in counts.values())


def looks_random(value: str) -> bool:
    """Mixed letters and digits (or symbols) with high entropy, not a word."""
    has_digit = any(c.isdigit() for c in value)
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    classes = has_digit + has_upper + has_lower
    return classes >= 2 and has_digit and entropy(value) >= 3.0


def _password_value(match: re.Match[str], doc: Document) -> float | None:
    value = match.group("value").strip("\"'`“”‘’")
    if len(value) < 3 or PLACEHOLDER.match(value) or value.lower() in PROSE_WORDS:
        return None
    if _CODE_REF.search(match.group("value")):
        return None
    if value.isalpha() and value.islower():
        if value.endswith(("ed", "ing", "ly", "ble", "less", "ful")):
            return None
        tail = doc.view[match.end("value") : match.end("value") + 3]
        quoted = match.group(0).rstrip()[-1:] in "\"'`”" or match.group("value")[:1] in "\"'`“"
        clause_end = not tail.strip() or tail.lstrip()[:1] in ".,;!?)\"'”"
        return 0.75 if (quoted or clause_end) else None
    return 0.9


_PW = (r"password|passwd|pass ?word|pwd|passphrase|passcode|pw|login password|wi-?fi (?:key|"
       r"password)|kennwort|mot de passe|contraseña")
_FOR = (r"(?:\s+(?:for|to|on|of|at|in)\s+(?:the\s+|my\s+|our\s+|his\s+|her\s+|their\s+|this\s+)?"
        r"[\w.@'-]+(?:\s+[\w.@'-]+){0,2})?")
# "..., it's X" / "which is X" after the keyword and its "for ..." part.
_ITS = r",?\s*(?:it'?s|it\s+is|which\s+is)(?:\s+now)?"
_VALUE_END = r"(?=[.,;:?)\"'`”]*(?:\s|$))"
_CODE_REF = lazy_compile(r"^(?:[(\[<{]|[a-z_]\w*(?:\.[a-z_]\w*)+(?:\(.*)?$)|\(")


def _strong_value(match: re.Match[str], doc: Document) -> float | None:
    """A value that cannot be prose: letters with digits or symbols, or mixed case + digits."""
    value = match.group("value").strip("\"'`“”‘’")
    if _CODE_REF.search(value) or PLACEHOLDER.match(value):
        return None
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    symbols = any(not c.isalnum() for c in value)
    upper_inside = any(c.isupper() for c in value[1:])
    if letters and digits and (symbols or upper_inside or not value.isalpha()):
        return 0.8 if not value.isalnum() or upper_inside else None
    return None


def _token_value(match: re.Match[str], doc: Document) -> float | None:
    value = match.group("value")
    if PLACEHOLDER.match(value) or value.lower() in PROSE_WORDS or _CODE_REF.search(value):
        return None
    if value.isalpha() and (value.islower() or value.istitle()):
        return None
    return 0.85 if looks_random(value) or len(value) >= 16 else 0.7


def _pin_value(match: re.Match[str], doc: Document) -> float | None:
    keyword = match.group("kw")
    if keyword.lower() == "pin" and keyword != "PIN" and not match.group("sep"):
        return None
    weak_sep = match.group("sep") in (None, "of", "-")
    if keyword.lower().startswith(("comb", "lock comb")) and weak_sep:
        return None  # "a combination of 2024 and 2025 data"
    if len(set(match.group("value"))) == 1 and doc.is_sample(*match.span()):
        return None
    return 0.9


def _connection(match: re.Match[str], doc: Document) -> float | None:
    password = match.group("pw")
    if PLACEHOLDER.match(password) or set(password) <= {"*", "x", "X", "."}:
        return None
    return 0.95


def _jwt(match: re.Match[str], doc: Document) -> float | None:
    header = match.group(0).split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))
    except ValueError:
        return None
    return 0.95 if b'"alg"' in decoded or b'"typ"' in decoded else None


def _aws_key(match: re.Match[str], doc: Document) -> float | None:
    if "EXAMPLE" in match.group(0) and doc.is_sample(*match.span()):
        return None
    return 0.98


def _high_entropy(match: re.Match[str], doc: Document) -> float | None:
    value = match.group(0)
    start = match.start()
    if start and doc.view[start - 1] in "/.@#":
        return None
    if not looks_random(value):
        return None
    threshold = 3.2 if _SECRET_WORD.search(doc.before(start, 40)) else 4.0
    if entropy(value) < threshold or len(re.findall(r"\d", value)) < 2:
        return None
    return 0.8 if threshold < 4 else 0.65


_SECRET_WORD = lazy_compile(r"(?i)(key|token|secret|password|credential|auth|bearer|session)")
_I = re.I
_KEY = r"(?<![A-Za-z0-9_-])"
_END = r"(?![A-Za-z0-9_-])"


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    flags = kw.pop("flags", 0)
    return Pattern(f"secrets.{rule}", lazy_compile(regex, flags), score, reason, **kw)


KEY_PATTERNS: tuple[Pattern, ...] = (
    _p("aws_access_key", _KEY + r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)"
       r"[A-Z0-9]{16}" + _END, 0.98, "AWS access key id", hints=("a",), validator=_aws_key),
    _p("github_token", _KEY + r"(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})",
       0.99, "GitHub token", hints=("gh", "github_pat")),
    _p("gitlab_token", _KEY + r"gl(?:pat|dt|rt|cbt|ptt)-[A-Za-z0-9_-]{20,}", 0.99,
       "GitLab token", hints=("gl",)),
    _p("stripe_key", _KEY + r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,}",
       0.99, "Stripe secret key", hints=("_live_", "_test_", "_prod_", "whsec_")),
    _p("slack_token", _KEY + r"xox[abposre]-[A-Za-z0-9-]{10,}", 0.99, "Slack token",
       hints=("xox",)),
    _p("webhook_url", r"https://(?:hooks\.slack\.com/services/[A-Za-z0-9/_-]{20,}|"
       r"(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[\w-]{20,}|"
       r"[\w-]+\.webhook\.office\.com/[\w/@-]{20,})", 0.95, "chat webhook URL with its secret",
       hints=("hooks.slack", "webhooks", "webhook.office")),
    _p("anthropic_key", _KEY + r"sk-ant-[A-Za-z0-9_-]{20,}", 0.99, "Anthropic API key",
       hints=("sk-ant",)),
    _p("openai_key", _KEY + r"sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}",
       0.97, "OpenAI-style API key", hints=("sk-",)),
    _p("llm_api_key", _KEY + r"(?:hf_[A-Za-z0-9]{30,}|gsk_[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{30,}|"
       r"xai-[A-Za-z0-9]{40,}|pplx-[A-Za-z0-9]{40,}|nvapi-[A-Za-z0-9_-]{40,})",
       0.98, "LLM or model-hub API key", hints=("hf_", "gsk_", "r8_", "xai-", "pplx-", "nvapi-")),
    _p("google_api_key", _KEY + r"AIza[0-9A-Za-z_-]{35}" + _END, 0.98, "Google API key",
       hints=("aiza",)),
    _p("google_oauth_token", _KEY + r"ya29\.[0-9A-Za-z_-]{20,}", 0.97, "Google OAuth token",
       hints=("ya29.",)),
    _p("twilio_key", r"\b[SA][KC][0-9a-f]{32}" + _END, 0.9, "Twilio key or account SID",
       validator=lambda m, d: m.group(0)[:2] in ("SK", "AC")),
    _p("sendgrid_key", _KEY + r"SG\.[\w-]{16,32}\.[\w-]{16,64}", 0.99, "SendGrid API key",
       hints=("sg.",)),
    _p("mail_api_key", _KEY + r"(?:key-[0-9a-zA-Z]{32}|[0-9a-f]{32}-us\d{1,2})" + _END, 0.9,
       "Mailgun or Mailchimp API key", hints=("key-", "-us")),
    _p("package_token", _KEY + r"(?:npm_[A-Za-z0-9]{36}|pypi-AgE[A-Za-z0-9_-]{50,})", 0.99,
       "package registry token", hints=("npm_", "pypi-")),
    _p("commerce_token", _KEY + r"(?:shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|sq0(?:atp|csp)-"
       r"[0-9A-Za-z_-]{22,}|EAAA[A-Za-z0-9_-]{60,})", 0.98, "Shopify or Square token",
       hints=("shp", "sq0", "eaaa")),
    _p("cloud_token", _KEY + r"(?:do[por]_v1_[a-f0-9]{64}|ATATT3[A-Za-z0-9_=-]{50,}|"
       r"lin_api_[A-Za-z0-9]{40}|ntn_[A-Za-z0-9]{40,}|secret_[A-Za-z0-9]{43}|"
       r"dp\.pt\.[A-Za-z0-9]{40,}|glc_[A-Za-z0-9+/=]{32,}|EAA[A-Za-z0-9]{90,})", 0.97,
       "cloud or SaaS API token",
       hints=("_v1_", "atatt3", "lin_api_", "ntn_", "secret_", "dp.pt.", "glc_", "eaa")),
    _p("telegram_token", _KEY + r"\d{8,10}:AA[0-9A-Za-z_-]{33}" + _END, 0.97,
       "Telegram bot token", digits=True, hints=(":aa",)),
    _p("azure_key", r"(?:AccountKey|SharedAccessKey|sig)=(?P<value>[A-Za-z0-9+/%]{30,}={0,2})",
       0.95, "Azure storage key or SAS signature", group="value",
       hints=("accountkey", "sharedaccesskey", "sig=")),
    _p("signed_url", r"(?i)[?&;](?:x-amz-signature|x-goog-signature|signature|sig|"
       r"x-amz-security-token)=(?P<value>[A-Za-z0-9%+/=_.-]{16,})", 0.95,
       "signature of a signed (presigned) URL", group="value",
       hints=("signature=", "sig=", "security-token=")),
    _p("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", 0.95,
       "JSON Web Token", hints=("eyj",), validator=_jwt),
)

PATTERNS: tuple[Pattern, ...] = (
    _p("private_key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:.*?-----END "
       r"(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=:,\-\s]*)|PuTTY-User-Key-File-\d",
       0.99, "private key", hints=("private key", "putty"), flags=re.S),
    _p("connection_string", r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,24}://(?P<cred>[^\s:/@'\"]{1,64}:"
       r"(?P<pw>[^\s@'\"/]{1,128}))@[\w.\[\]-]+", 0.95, "connection string with a password",
       group="cred", hints=("://",), validator=_connection),
    _p("password", r"(?i)\b(?:" + _PW + r")s?\b" + _FOR +
       r"\s*(?:'s|" + _ITS + r"|is\s+still|is\s+now|is\s+set\s+to|is|was|:|=|->|=>|will\s+be|"
       r"(?:was\s+|has\s+been\s+)?"
       r"(?:changed|set|reset|updated)\s+to|should\s+be|remains)\s*[\"'`“]?(?P<value>\S{2,64}?)"
       + _VALUE_END, 0.9, "password given in context", group="value",
       hints=("pass", "pw", "kennwort", "contrase", "mot de passe"), validator=_password_value),
    _p("password", r"(?i)\b(?:(?:use|with|using|try|enter|type)\s+(?:the\s+)?|(?:changed|set|reset|"
       r"updated)\s+(?:the\s+|my\s+|his\s+|her\s+|our\s+|their\s+)?(?:[\w-]+\s+)?)"
       r"(?:password|passcode|passphrase|pin)\s+(?:to\s+)?[\"'`“]?(?P<value>\S{3,64}?)"
       + _VALUE_END, 0.85, "password given in context", group="value",
       hints=("pass", "pin"), validator=_password_value),
    _p("password", r"(?i)\b(?:" + _PW + r"|pass)\s+[\"'`“]?(?P<value>\S{6,64}?)" + _VALUE_END,
       0.8, "password given in context", group="value", hints=("pass", "pw"),
       validator=_strong_value),
    _p("password", r"(?i)\bpass\s*[:=]\s*[\"'`“]?(?P<value>\S{3,64}?)" + _VALUE_END, 0.85,
       "password given in context", group="value", hints=("pass",), validator=_password_value),
    _p("pin", r"(?i)\b(?P<kw>pin|pin ?(?:code|number|no\.?|#)|passcode|security code|access code|"
       r"door code|alarm code|gate code|safe code|unlock code|verification code|one[- ]time "
       r"(?:pass)?code|otp|2fa code|mfa code|atm pin|debit card pin|host key|entry code|"
       r"keypad code|lock code|building code|garage code|(?:lock\s+)?combination|combo|"
       r"code\s+(?:to|for)\s+(?:get(?:ting)?\s+in(?:to)?|open(?:ing)?|unlock(?:ing)?|enter(?:ing)?)"
       r"(?:\s+(?:the|my|our|his|her|their|this)\s+[\w'-]+(?:\s+[\w'-]+)?)?)\b"
       + _FOR + r"\s*(?P<sep>" + _ITS + r"|is now|is|was|=|:|-|of|will be|(?:has been |was |"
       r"is )?(?:changed|set|reset|updated) to|now)?\s*[\"']?(?P<value>\d{4,8}|\d{1,3}(?:-\d{1,3})"
       r"{2,3})(?![\w-])", 0.9, "PIN or access code given in context", group="value", digits=True,
       hints=("pin", "code", "otp", "host key", "combination", "combo"), validator=_pin_value),
    _p("bearer_token", r"(?i)\b(?:bearer|basic|token)\s+(?P<value>[A-Za-z0-9._~+/=-]{16,})",
       0.9, "bearer or basic auth credential", group="value", hints=("bearer", "basic", "token"),
       validator=_token_value, generic=True),
    _p("api_key", r"(?i)\b(?:api[_ -]?key|apikey|api[_ -]?secret|api[_ -]?token|secret[_ -]?key|"
       r"client[_ -]?secret|access[_ -]?(?:token|key)|auth[_ -]?token|refresh[_ -]?token|"
       r"session[_ -]?(?:id|token|key|cookie)|sessionid|app[_ -]?secret|x-api-key|token|secret|"
       r"credentials?|signing[_ -]?key|encryption[_ -]?key|license[_ -]?key|"
       r"aws_secret_access_key)\b[\"']?\s*(?:[:=]|=>|is|was|is now)\s*[\"'`]?"
       r"(?P<value>[A-Za-z0-9._~+/=-]{8,})", 0.85, "key or token assigned in context",
       group="value", hints=("key", "token", "secret", "session", "credential"),
       validator=_token_value, generic=True),
)

ENTROPY = _p("high_entropy_token", r"(?<![\w+/=-])[A-Za-z0-9+/_=-]{20,}(?![\w+/=-])", 0.7,
             "random-looking token (high entropy)", digits=True, validator=_high_entropy,
             generic=True)
_JOIN = lazy_compile(r"(?<=[A-Za-z0-9_+/=-])[ \t]*\r?\n[ \t]*(?=[A-Za-z0-9_+/=-])")


class SecretsDetector(Detector):
    """Credentials and secrets."""

    name = "secrets"
    category = "secrets"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = KEY_PATTERNS + PATTERNS + CONVERSATIONAL + (ENTROPY,)

    def extra(self, doc: Document) -> list[Finding]:
        """Keys split across lines; passwords after a keyword spelt with spaced letters."""
        found: list[Finding] = []
        spaced = _unspaced(doc)
        if spaced is not None:
            for pattern in PATTERNS:
                found.extend(self.run(pattern, spaced))
        if "\n" not in doc.view:
            return found
        for window in _split_tokens(doc):
            for pattern in (*KEY_PATTERNS, ENTROPY):
                found.extend(f for f in self.run(pattern, window)
                             if "\n" in doc.text[f.start : f.end])
        return found


_SPACED = lazy_compile(r"\b[A-Za-z](?:[ .-][A-Za-z]){3,}\b")


def _unspaced(doc: Document) -> Document | None:
    """The view with letter-by-letter words ("p a s s w o r d") glued back, or None."""
    if _SPACED.search(doc.view) is None:
        return None
    base = doc.norm.offsets
    chars: list[str] = []
    offsets: list[int] = []
    last = 0
    for m in (*_SPACED.finditer(doc.view), None):
        stop = m.start() if m else len(doc.view)
        keep = list(range(last, stop))
        if m:
            keep += [i for i in range(m.start(), m.end()) if doc.view[i].isalpha()]
        chars.extend(doc.view[i] for i in keep)
        offsets.extend(base[i] if base else i for i in keep)
        last = m.end() if m else last
    offsets.append(len(doc.text))
    return Document(doc.text, Normalized(doc.text, "".join(chars), offsets))


_LEFT = lazy_compile(r"[A-Za-z0-9_+/=.:-]{4,}$")
_RIGHT = lazy_compile(r"[A-Za-z0-9_+/=.-]{4,}")


def _split_tokens(doc: Document) -> list[Document]:
    """Documents made of a token broken by line breaks, glued back, mapped to the original."""
    base = doc.norm.offsets
    windows: list[Document] = []
    for join in _JOIN.finditer(doc.view):
        left = _LEFT.search(doc.view, max(0, join.start() - 300), join.start())
        if left is None:
            continue
        pieces = [(left.start(), left.end())]
        pos = join.end()
        while True:
            right = _RIGHT.match(doc.view, pos)
            if right is None:
                break
            pieces.append((right.start(), right.end()))
            nxt = _JOIN.match(doc.view, right.end())
            if nxt is None or right.end() - right.start() < 8:
                break
            pos = nxt.end()
        glued = "".join(doc.view[a:b] for a, b in pieces)
        if len(glued) < 16 or not re.search(r"[\d_-]", glued):
            continue
        offsets = [base[i] if base else i for a, b in pieces for i in range(a, b)]
        offsets.append(len(doc.text))
        sub = Document(doc.text, Normalized(doc.text, glued, offsets))
        windows.append(sub)
    return windows
