"""Company confidential: confidentiality markings (plain, misspelt or disguised), non-public
financial figures, and the admin-managed list of confidential terms."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant.guardrail.detectors.base import Detector, Document, Pattern
from assistant.guardrail.detectors.placement import is_label, trim
from assistant.guardrail.detectors.terms import TermMatcher, make_term, term_finding
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile

CONF = r"c[o0]nf[i1]?d[e3]n(?:t[i1]?|c[i1]|s[i1]|t[a4][i1](?=l))[a4]?[l1]"
_I = re.I


def _p(rule: str, regex: str, score: float, reason: str, flags: int = _I, **kw: Any) -> Pattern:
    return Pattern(f"confidential.{rule}", lazy_compile(regex, flags), score, reason, **kw)


def _not_negated(match: re.Match[str], doc: Document) -> bool:
    before = doc.before(match.start(), 25)
    return not re.search(r"\b(?:not|never|no longer|isn't|aren't|wasn't|non)\b[\w\s-]*$", before)


_QUOTES = "'\"‘’“”`"
# A quote that opens (after a space or a bracket, before a word) or closes (after a word).
_OPEN = lazy_compile(rf"(?:^|(?<=[\s(\[]))[{_QUOTES}](?=\w)")
_CLOSE = lazy_compile(rf"(?<=[\w.!?])[{_QUOTES}](?=[\s.,;:!?)\]]|$)")
_SENTENCE_END = lazy_compile(r"[.!?\n](?:\s|$)")
# A question about a marking or the practice it names, not a marking applied: "what does
# 'commercial in confidence' mean", "is it ever ok to go off the record", "examples of when
# speaking off the record backfired", "how do I mark a slide as confidential".
_ASKED = lazy_compile(
    r"^[\s>*#-]*(?:what(?:'s|\s+(?:does|do|is|are|did))|why\s+(?:do|does|is|are)|when\s+(?:is|"
    r"are|should|can|does)|is\s+it\s+(?:ever|always|normal|ok|okay|fine|acceptable|appropriate|"
    r"wise|legal|true)|are\s+there|how\s+(?:do|does|should|can|to|would)\s+(?:(?:i|you|we|one|"
    r"people|a|an|the|execs?|leaders?|companies)\s+)?(?:mark|label|classify|explain|use|handle|"
    r"go|speak|talk|treat|define)|(?:can|could)\s+you\s+(?:give|show|explain|list)|"
    r"(?:give|show)\s+me|explain|examples?\s+of|define|difference\s+between|"
    r"meaning\s+of)\b", re.I)


def _quoted(view: str, start: int, end: int) -> bool:
    """The span sits inside quotes within its sentence ("what does 'strictly private and
    confidential' mean")."""
    left = max((m.end() for m in _SENTENCE_END.finditer(view, 0, start)), default=0)
    stop = _SENTENCE_END.search(view, end)
    right = stop.start() + 1 if stop else len(view)
    opens = [m.start() for m in _OPEN.finditer(view, left, start + 1)]
    closes = [m.start() for m in _CLOSE.finditer(view, left, start)]
    if not opens or (closes and closes[-1] > opens[-1]):
        return False
    return _CLOSE.search(view, end - 1, right) is not None


def _asked_about(view: str, start: int) -> bool:
    """The span is what a question asks about: its sentence opens as a question about a
    marking or a practice (see ``_ASKED``)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(view, 0, start)), default=0)
    return _ASKED.match(view, left) is not None


def _used(match: re.Match[str], doc: Document) -> bool:
    """A marking in quotes or asked about is being talked about ("what does 'internal only'
    mean?", "is it ever ok to go off the record?")."""
    start, end = match.span()
    if _quoted(doc.view, start, end) or _asked_about(doc.view, start):
        return False
    return _not_negated(match, doc)


# Words that mark what follows as secret when used as a label ("Strictly private: ...").
LABEL_WORDS = (r"strictly\s+private|private\s+(?:and|&)\s+sensitive|sensitive|restricted|"
               r"not\s+public(?:\s+yet)?|"
               r"not\s+announced(?:\s+yet)?|off\s+the\s+record|(?:for\s+your\s+)?eyes\s+only|"
               r"under\s+embargo|between\s+us")
# Requests and statements that content must stay secret, in conversational form.
REQUESTS = (
    r"\b(?:please\s+|pls\s+)?(?:do\s+not|don'?t|dont|never)\s+(?:(?:forward|share|repeat|circulate|"
    r"leak|post|publish)\s+(?:this|it|that|these|any\s+of\s+(?:this|it))\b(?!\s+(?:is|was)\b)|"
    r"(?:mention|tell)\s+(?:this|it|that)\s+to\b)|"
    r"\b(?:is|are|remains?|stays?)\s+(?:strictly\s+)?restricted\s+to\s+(?:the\s+)?(?:leadership|"
    r"board|exec\w*|senior|management|directors?|partners?|deal|project|steering|named|core|"
    r"[\w-]+\s+team)\b|"
    r"\bwithout\s+(?:leaking|revealing|disclosing|giving\s+away|letting\s+(?:slip|on))\s+that\b"
    r"(?!\s+(?:i|i'm|i've|you|you're|we're\s+(?:just|only)|it's\s+(?:just|only))\b)|"
    r"\b(?:can'?t|cannot|can\s+not|not\s+allowed\s+to|not\s+supposed\s+to)\s+(?:say|share|"
    r"talk\s+about|mention|announce|disclose)\s+(?:\w+\s+){0,2}?(?:publicly|externally|"
    r"outside(?:\s+\w+)?|yet)\b"
)

PHRASES: tuple[Pattern, ...] = (
    _p("marking", rf"\b(?:strictly|highly|company|business|commercially|private\s+(?:and|&))"
       rf"[\s-]+{CONF}\b|\bprivileged\s+(?:and|&)\s+{CONF}\b|\b{CONF}\s+(?:and|&)\s+"
       r"(?:proprietary|privileged)\b", 0.95, "confidentiality marking",
       hints=("conf", "c0nf"), validator=_used, generic=True),
    _p("marking", r"\b(?:for\s+)?internal[\s-]+(?:use|distribution|circulation|eyes)[\s-]+only\b|"
       r"\binternal[\s-]+only\b|\bfor\s+internal\s+(?:use|purposes)\b|\bnot\s+for\s+(?:external"
       r"\s+|public\s+|outside\s+)?(?:distribution|circulation|publication|release|disclosure|"
       r"sharing|use outside)\b|\bdo\s+not\s+(?:distribute|forward|circulate|disclose|leak|"
       r"share\s+(?:this\s+|it\s+)?(?:externally|outside|publicly|with\s+(?:anyone|clients|"
       r"press|the press|media)))\b|\bnot\s+to\s+be\s+(?:shared|distributed|disclosed|"
       r"forwarded)\b", 0.9, "confidentiality marking",
       hints=("internal", "not for", "do not", "not to be"), validator=_used, generic=True),
    _p("marking", r"\b(?:under|covered\s+by|subject\s+to|bound\s+by|protected\s+by|per|as\s+per)"
       r"\s+(?:an?\s+|the\s+|our\s+|my\s+|their\s+)?(?:mutual\s+|signed\s+)?(?:nda|"
       r"non-?disclosure(?:\s+agreement)?)\b|\bembargoed\s+(?:until|till|to)\b|\bunder\s+embargo"
       r"\b|\battorney[\s-]+client\s+privilege|\bneed[\s-]+to[\s-]+know\s+basis\b|"
       r"\b(?:classification|sensitivity|classified\s+as|marked(?:\s+as)?|label)\s*:\s*"
       r"(?:confidential|internal|restricted|secret|sensitive)\b", 0.9,
       "confidentiality marking", validator=_used,
       hints=("nda", "disclosure", "embargo", "privilege", "need", "classifi", "sensitiv",
              "marked", "label"), generic=True),
    _p("marking", r"\b(?:CONFIDENTIAL|PROPRIETARY|RESTRICTED|TOP SECRET|INTERNAL ONLY|"
       r"INTERNAL USE|NOT FOR DISTRIBUTION|DO NOT DISTRIBUTE|COMPANY SECRET|OFFICIAL[\s-]SENSITIVE|"
       r"FOR OFFICIAL USE ONLY|FOUO|TLP:\s?(?:RED|AMBER(?:\+STRICT)?))\b", 0.9,
       "confidentiality marking", flags=0, generic=True),
    _p("marking", rf"(?m)(?:^|(?<=[.!?] ))(?:(?:fyi|heads[\s-]?up|psst|btw|note|ps)\W{{0,3}}\s*)?"
       rf"[\s\[(*_#>|-]*(?:{CONF}|not\s+yet\s+(?:announced|public)|embargoed|"
       rf"not\s+for\s+publication|{LABEL_WORDS})\s*[\])*_|]*\s*(?:[:\-–—|]|,\s*but\b|$)|[\[(]\s*(?:{CONF}|internal|"
       r"restricted|internal\s+only)\s*[\])]", 0.9, "confidentiality label",
       hints=("conf", "c0nf", "not yet", "embargo", "publication", "internal", "restricted",
              "private", "sensitive", "not public", "not announced", "record", "eyes only",
              "between us"), generic=True),
)
# Statements that something is secret and requests to keep it so.
STATEMENTS: tuple[Pattern, ...] = (
    _p("marking", rf"\b(?:this|the|these|those|that|it|all\s+of\s+this|everything\s+(?:here|"
       rf"below|above))\s+(?:[\w'-]+\s+){{0,4}}(?:is|are|remains?|stays?)\s+(?:strictly\s+|highly"
       rf"\s+|still\s+|completely\s+|totally\s+)?(?:(?:marked|classified|labell?ed)\s+(?:as\s+)?)?"
       rf"(?:{CONF}|secret|proprietary|top\s+secret)\b|"
       rf"\bkeep\s+(?:this|it|that|these|everything)\s+(?:strictly\s+)?(?:{CONF}|secret|between"
       r"\s+us|under\s+wraps|quiet|to\s+yourself|internal|private)\b|\bbetween\s+(?:you\s+and\s+me|us)\b|"
       r"\boff\s+the\s+record\b", 0.85, "statement that the content is confidential",
       hints=("conf", "c0nf", "secret", "propriet", "between", "record", "keep"), generic=True,
       validator=_used),
    _p("marking", r"\b(?:this|it|these|the\s+(?:deal|acquisition|merger|launch|figures?|numbers?|"
       r"results?|product|plan|news|reorg|restructuring|layoffs?))\s+(?:is|are|has|have|was)\s+(?:not|n't)"
       r"\s+(?:yet\s+)?(?:been\s+)?(?:made\s+)?(?:public|announced|disclosed)(?:\s+yet)?\b|"
       r"\b(?:this|it|these|the\s+(?:deal|acquisition|merger|launch|product|plan|news))\s+"
       r"(?:is|are)\s+(?:still\s+)?(?:unannounced|"
       r"non-?public|under\s+wraps|in\s+stealth(?:\s+mode)?)\b", 0.85,
       "content described as not public", hints=("public", "announce", "disclos", "wraps",
                                                 "stealth"), generic=True),
    _p("marking", REQUESTS, 0.85, "request to keep the content secret", validator=_used,
       hints=("not", "n't", "dont", "never", "restricted", "without"), generic=True),
)
MARKINGS = PHRASES + STATEMENTS
# Plain forms are judged by MARKINGS; these words are flagged anywhere when disguised.
DISGUISED = tuple(
    make_term(text, "confidential.marking", "disguised confidentiality marking", always=False,
              generic=True)
    for text in ("confidential", "internal only", "internal use only", "do not distribute",
                 "not for distribution", "under nda", "strictly confidential", "top secret",
                 "proprietary")
)

AMOUNT = lazy_compile(
    r"(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf|jpy|inr|us\$|a\$|c\$)\s?)\s?\d[\d,.]*(?:\s?(?:k|m|mm|bn|b|"
    r"million|billion|thousand|trillion)\b)?|\b\d[\d,.]*\s?(?:k|m|mm|bn|b|million|billion|"
    r"thousand|trillion)?\s?(?:dollars|euros|pounds|usd|eur|gbp)\b|\b\d[\d,.]*\s?(?:million|"
    r"billion|bn|mm|trillion)\b|\b\d+(?:\.\d+)?\s?(?:%|percent\b|per\s?cent\b|pct\b|bps\b|"
    r"basis points\b)|\b\d+(?:\.\d+)?x\s+(?:revenue|arr|multiple|ebitda)", re.I)
FINANCE = lazy_compile(
    r"\b(?:revenues?|sales|bookings|arr|mrr|ebitda|ebit|gross\s+margins?|margins?|operating\s+"
    r"income|net\s+income|profits?|losses|earnings|eps|forecasts?|guidance|valuation|valued\s+"
    r"at|pre-?money|post-?money|deal|acquisition|acquire|acquiring|merger|buyout|takeover|"
    r"funding|raising|raise|round|series\s+[a-f]|term\s+sheet|burn(?:\s+rate)?|runway|"
    r"cash\s+(?:flow|position|balance)|pipeline|quota|contract\s+value|acv|tcv|deal\s+size|"
    r"layoffs?|redundanc\w+|headcount|cost\s+cuts?|synergies|price\s+increase|salary|salaries|"
    r"compensation|bonus(?:es)?|payroll|pay\s+rise|budget|fees?|retainer|bid|offer|discount|"
    r"growth|grew|decline|churn|net\s+retention|target)\b", re.I)
_WEAK_FINANCE = lazy_compile(r"^(?:budget|fees?|retainer|bid|offer|discount|growth|grew|decline|"
                             r"churn|target|round|raise|deal|pipeline)$", re.I)
STRONG_INTERNAL = lazy_compile(
    rf"\b(?:internal(?:ly)?|{CONF}|not\s+(?:yet\s+)?(?:public|announced|disclosed|released)|"
    r"(?:have|has)(?:n't|\s+not)\s+(?:yet\s+)?(?:been\s+)?(?:announced|disclosed|published|"
    r"made\s+public|released)|"
    r"unannounced|non-?public|draft|preliminary|board(?:\s+(?:deck|meeting|only|pack))?|"
    r"don'?t\s+share|do\s+not\s+share|between\s+us|under\s+nda|secret|leak(?:ed)?|"
    r"before\s+(?:the\s+)?(?:announcement|earnings|launch)|in\s+talks|negotiat\w+|term\s+sheet|"
    r"off\s+the\s+record|embargo\w*)\b", re.I)
# Cues that the content is secret: any figure near one is treated as non-public.
SECRECY = lazy_compile(
    rf"\b(?:{CONF}|don'?t\s+(?:share|forward|mention|tell)|do\s+not\s+(?:share|forward|mention|"
    r"tell)|between\s+(?:us|you\s+and\s+me)|under\s+(?:nda|wraps|embargo)|embargo\w*|"
    r"leak(?:ed|ing)|off\s+the\s+record|not\s+(?:yet\s+)?(?:public|announced)(?:\s+yet)?|"
    r"(?:is|are|isn'?t|aren'?t|not)\s+(?:out|public|announced|released)\s+(?:yet|until|till)|"
    r"before\s+(?:the\s+|it'?s\s+|it\s+is\s+|we\s+)?(?:announcement|announced?|earnings|"
    r"investor\s+day|press\s+release|go(?:es)?\s+public)|until\s+the\s+(?:announcement|"
    r"earnings|investor\s+day|press\s+release|results)|can'?t\s+(?:say|share|talk\s+about|"
    r"mention)\s+(?:\w+\s+){0,2}?(?:publicly|yet|outside)|keep\s+(?:it|this)\s+(?:quiet|private|"
    r"to\s+yourself)|restricted\s+to|strictly\s+private)\b", re.I)
INTERNAL = lazy_compile(
    r"\b(?:our|we|we're|we've|we'll|us|my|projected|projection|forecast(?:ed)?|plan(?:ned)?|"
    r"expect(?:ed)?|estimate[sd]?|next\s+(?:quarter|year|fiscal|month)|upcoming|q[1-4]\s+"
    r"(?:plan|target|forecast|budget)|fy\s?\d{2,4}\s+(?:plan|target|budget|forecast)|"
    r"proposed|pending|closing)\b", re.I)
PUBLIC = lazy_compile(
    r"\b(?:reported|announced|published|public(?:ly)?|according\s+to|filed|filing|press\s+"
    r"release|earnings\s+(?:call|release|report)|annual\s+report|10-?[kq]|disclosed|listed|"
    r"publicly\s+traded|wikipedia|news|headlines?|said|stated|posted\s+revenue|market\s+cap|"
    r"statista|gartner|forrester|mckinsey|survey|study|studies|research|industry|average|"
    r"benchmark|typical(?:ly)?)\b", re.I)


# A marking talked about, not applied: scored below any label so a label wins a tie.
MENTION_SCORE = 0.6


class ConfidentialDetector(Detector):
    """Markings, non-public figures and admin terms."""

    name = "confidential"
    category = "confidential"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = MARKINGS

    def __init__(self, terms: TermMatcher | None = None) -> None:
        self.disguised = TermMatcher(DISGUISED, fuzzy_min_length=99)
        self.terms = terms or TermMatcher(())

    def detect(self, doc: Document) -> list[Finding]:
        """Markings that label the text stay ``confidential.marking``; the same words in prose
        about markings become a low-severity ``confidential.mention``."""
        found: list[Finding] = []
        for pattern in self.PATTERNS:
            statement = pattern in STATEMENTS
            for f in self.run(pattern, doc):
                start, end = trim(doc.view, *doc.view_span(f.start, f.end))
                if start >= end:
                    continue
                label = is_label(doc, start, end, statement)
                found.append(doc.finding(
                    f.category, f.rule if label else "confidential.mention", start, end,
                    f.score if label else MENTION_SCORE,
                    f.reason if label else "confidentiality marking mentioned in prose", f.generic))
        found.extend(self.extra(doc))
        return found

    def extra(self, doc: Document) -> list[Finding]:
        found = [term_finding(doc, t, s, e, o) for t, s, e, o in self.terms.find(doc)]
        found.extend(
            term_finding(doc, t, s, e, o) for t, s, e, o in self.disguised.find(doc) if o
        )
        found.extend(self.figures(doc))
        return found

    def figures(self, doc: Document) -> list[Finding]:
        """Money or percentages about the firm's finances, stated as internal, not public."""
        if not doc.has_digits:
            return []
        out: list[Finding] = []
        for match in AMOUNT.finditer(doc.view):
            left, right = doc.sentence(*match.span())
            sentence = doc.view[left:right]
            words = [m.group(0) for m in FINANCE.finditer(sentence)]
            near = doc.view[max(0, left - 100) : right]
            # A secrecy cue nearby covers any figure; other internal cues need a finance word.
            strong = bool(words) and STRONG_INTERNAL.search(sentence) is not None
            score = 0.0
            if strong or SECRECY.search(near):
                score = 0.9
            elif words and not PUBLIC.search(sentence) and INTERNAL.search(sentence):
                specific = [w for w in words if not _WEAK_FINANCE.match(w)]
                score = 0.8 if specific else 0.0
            if score:
                out.append(doc.finding("confidential", "confidential.figure", *match.span(),
                                       score, "non-public financial figure"))
        return out
