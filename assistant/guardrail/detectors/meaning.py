"""Sensitive meaning with no format: layoffs, deals, unreleased figures, prices, strategy,
leadership changes, security incidents, HR, health, family and legal matters about people,
and credentials described in words. Each sentence is embedded with the local MiniLM (ONNX,
from an installed package) and compared with labelled exemplars (data/meaning_exemplars.yaml):
it is flagged when it is near a rule's positives, clearly nearer to them than to the generic
and public negatives, and framed as our company's or a person's own matter, or secret."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.names import FIRST_NAMES
from assistant.guardrail.detectors.registry import DetectorContext, register
from assistant.guardrail.detectors.vector_cache import cached_vectors
from assistant.guardrail.finding import Finding

if TYPE_CHECKING:  # numpy and yaml load with the exemplars: a text with no sentence needs neither
    import numpy as np

EXEMPLARS_FILE = Path(__file__).resolve().parents[1] / "data" / "meaning_exemplars.yaml"
TOP_K = 2  # a rule's similarity: mean of its two nearest positives
# Per rule family: the similarity to a rule's positives needed, and how much nearer to them
# than to the nearest negatives (calibrated on the tune halves with bench/meaning_calibrate.py).
THRESHOLDS = {"confidential": 0.39, "personal": 0.38, "secrets": 0.38}
MARGINS = {"confidential": 0.01, "personal": 0.02, "secrets": 0.02}
CUE_BONUS = 0.08  # a secrecy cue lowers both bars by this much
PUBLIC_PENALTY = 0.08  # a how-to question or public-news cue raises both bars by this much
CACHED_BATCH = 64  # sentences per embedding call whose vectors are kept (not whole pages)
PREPARE_GROUP = 16  # sentences per embedding call when a batch of texts is prepared
MAX_SENTENCE = 600  # characters; longer lines are cut into pieces this long
CLAUSE_WORDS = 12  # a sentence this long is also read clause by clause

_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=\S)|\n+")
# Clause breaks in a long chatty sentence: "..., how do i ...", "... but honestly ...".
_CLAUSE = re.compile(r",\s+|\s+-+\s+|\s+(?:but|so|and then|because|cos|coz)\s+", re.I)
SECRECY = re.compile(
    r"\b(?:nobody(?:'s| has| else)?\s+(?:knows?|been told)|no\s?one\s+knows|(?:hasn'?t|have\s?n'?t|"
    r"has not|have not|not)\s+(?:yet\s+)?(?:been\s+)?(?:told|announced|published|public|disclosed|"
    r"reported|out)|between\s+(?:us|you and me)|under\s+wraps|embargo\w*|keep\s+(?:it|this|that)\s+"
    r"(?:quiet|to yourself|between us|secret)|only\s+(?:the\s+)?(?:board|execs?|leadership|"
    r"directors?|partners?|a few (?:of us|people))\s+knows?|(?:don'?t|do not|dont)\s+(?:tell|"
    r"share|mention)|quietly|in secret|secret(?:ly)?|confidential(?:ly)?|off the record|"
    r"before (?:it'?s|it is|we) announce|(?:will|to) be announced|goes public|not public|"
    r"(?:don'?t|dont|doesn'?t|doesnt|do not|does not)\s+(?:want|need)\s+(?:it|this|that|them)\s+"
    r"(?:known|out|public|shared|mentioned)|keep(?:ing)?\s+(?:(?:it|this|that)\s+)?(?:quiet|"
    r"hush|under (?:your|our) hat|in the room|internal)|hush[- ]hush|not\s+aware\s+yet|(?:doesn'?t|"
    r"doesnt|don'?t|dont|do not|does not)\s+know\s+(?:(?:it|this|that|about it)\s+)?yet|"
    r"(?:isn'?t|isnt|aren'?t|arent|is not|are not|not)\s+(?:out|public|official|announced)?\s*"
    r"(?:till|until|before)\b|(?:can'?t|cant|cannot)\s+say\s+anything|still\s+(?:secret|"
    r"internal|confidential|under wraps|private)|only\s+(?:\d+|two|three|four|five|a handful)\s+"
    r"(?:of us|people)\s+know|nobody\s+outside|not\s+(?:been\s+)?(?:made\s+)?(?:official|"
    r"shared)|(?:official|cover)\s+(?:line|story)\s+is)\b",
    re.I,
)
OWN = re.compile(
    r"\b(?:we|we're|we've|we'll|we'd|our|ours|us|i|i'm|i've|i'd|my|me|im|ive|were(?=\s+"
    r"(?:\w+ing|in|about|going|gonna)\b))\b|\b(?:the|this)\s+"
    r"(?:board|company|firm|business|team|department|division|office|studio|site|exec team|"
    r"leadership team|ceo|cfo|cto|coo|chair(?:man|woman)?|founder|head of \w+|director)\b",
    re.I,
)
# A specific time makes a statement a plan, not advice ("after Easter", "next month").
WHEN = re.compile(
    r"\b(?:next|this|last|coming)\s+(?:week|month|quarter|year|spring|summer|autumn|fall|winter|"
    r"monday|tuesday|wednesday|thursday|friday|weekend)|\b(?:on|by|before|after|in|from|until)"
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|spring|summer|autumn|winter|easter|christmas|"
    r"the holidays|q[1-4])\b|\b(?:tomorrow|tonight|yesterday|this morning|soon)\b",
    re.I,
)
# Something pending, not a general truth ("is being shut", "will be let go", "going to").
PENDING = re.compile(
    r"\b(?:(?:is|are|am)\s+(?:being|getting)|will|going\s+to|gonna|about\s+to|plan(?:s|ning)?"
    r"\s+to|wants?\s+to|intends?\s+to)\b|'ll\b",
    re.I,
)
PERSON = re.compile(
    r"\b(?:i|i'm|i've|my|me|he|she|he's|she's|his|her|him|they're|colleague|boss|manager|"
    r"team lead|director|ceo|cfo|cto|wife|husband|partner|son|daughter|mum|mom|dad|father|"
    r"mother|brother|sister)\b|(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b|^[A-Z][a-z]{2,}(?:'s)?\s+"
    r"(?:is|was|has|had|got|and|from|in|asked|didn'?t|resigned|lives)\b",
)
PUBLIC = re.compile(
    r"^[\s>*#-]*(?:how|what|why|when|which|who|is it|are there|should (?:a|an|the|companies|"
    r"brands|leaders|managers|employers|i|we)|can (?:a|an|companies|brands|managers|leaders)|"
    r"tips|ways|explain|give me)\b|\b(?:according to|reported|in (?:19|20)\d\d|press release|"
    r"headlines|research|survey|studies|analysts|industry|companies|brands|leaders|managers|employers|employees)\b",
    re.I,
)
# Already public: "we announced ... last week", "it was in the press" (read only without a
# secrecy cue, so "hasn't been announced" stays a secret).
ANNOUNCED = re.compile(
    r"\b(?:we|they|it|was|were|been|just|publicly|officially|already)\s+(?:publicly\s+|"
    r"officially\s+)?announced\b|\bannounced\s+(?:it\s+)?(?:publicly|on (?:our|the|its) "
    r"website|in the press|last|yesterday|this morning)\b|\b(?:in|all over) the (?:press|news|"
    r"papers)\b|\bpress release (?:went|is) out\b|\bis (?:now )?public\b",
    re.I,
)
_CREDENTIAL = (r"password|passwd|passcode|passphrase|pin|pw|log-?in|combination|(?:door|wi-?fi|"
               r"alarm|access|entry|lock|gate|safe|keypad|key pad)\s+code")
_NOT_VALUE = (r"the|a|an|on|in|at|kept|stored|saved|written|somewhere|same|not|still|changed|"
              r"changing|expired|reset|required|needed|too|very|usually|always|never|with|what|how|"
              r"strong|weak|long|short|easy|hard|different|shared|case|sensitive|wrong|correct|"
              r"missing|blank|empty|locked|managed|set|valid|invalid|here|there|below|above")
# A credential word (and what it is for), then "is"/":" and a value that is no description.
CREDENTIAL_VALUE = re.compile(
    rf"\b(?:{_CREDENTIAL})\b(?:\s+(?:for|to|of|on|in)\s+[^.?!:=]{{0,30}}?)?\s*(?:\b(?:is|are)\b|=|:)"
    rf"\s*(?!(?:{_NOT_VALUE})\b|[\w.]*\()\w[^\s()]*(?=[\s.,;!?]|$)|"
    rf"\buser(?:name)?\s+(?:is|=|:)\s*\S+[^.?!]{{0,30}}\bpass(?:word)?\s+(?:is|=|:)\s*\S+",
    re.I,
)
# "the password is the company name with 2023 on the end", "pin is my birthday backwards"
CREDENTIAL_RECIPE = re.compile(
    rf"\b(?:{_CREDENTIAL})\b[^.?!]{{0,30}}?\b(?:is|=)\s+(?:just\s+)?(?:the|our|my|his|her|their)\s+"
    r"(?:\w+(?:'s)?\s+){0,2}(?:name|birthday|birth year|postcode|number|initials)\s+(?:with|plus|"
    r"followed by|then|and|backwards|reversed|in reverse)\b",
    re.I,
)
CREDENTIAL_FLOOR = 0.25  # a stated credential value needs only this similarity to its exemplars


# Advice to anyone: an imperative or a generic subject, with no "we", "our", "I" or "my".
GENERIC = re.compile(
    r"^[\s>*#\d.)-]*(?:\*\*[^*]+\*\*|(?:do not|don't|never|avoid|always|treat|use|make sure|"
    r"consider|remember|try|keep|ask|check|think|plan|share|a|an|any|every|each|most|many|some|"
    r"executives?|leaders?|people|users|employees|teams)\b)",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|we're|we've|we'll|our|us|i|i'm|i've|my|me)\b", re.I)


_BULLET = re.compile(r"^[\s>*#\d.)-]+")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Rule:
    """One category of sensitive meaning and its exemplars."""

    name: str
    reason: str
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    requires: re.Pattern[str] | None = None  # a cue the meaning cannot do without

    @property
    def category(self) -> str:
        return self.name.split(".", 1)[0]


def load_rules(path: Path = EXEMPLARS_FILE) -> tuple[Rule, ...]:
    """The exemplar file as rules; a clear error when a rule lacks positives or negatives."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules = []
    for name, spec in data.items():
        positives = tuple(spec.get("positives") or ())
        negatives = tuple(spec.get("negatives") or ())
        if not positives or not negatives or "." not in name:
            raise ValueError(f"{path}: rule {name!r} needs a family prefix, positives and "
                             "negatives")
        requires = re.compile(spec["requires"], re.I | re.X) if spec.get("requires") else None
        rules.append(Rule(name, spec.get("reason", name), positives, negatives, requires))
    return tuple(rules)


@lru_cache(maxsize=1)
def embedder() -> Any:
    """The local MiniLM (ONNX int8), once per process, keeping the vectors of recent
    sentences (a sentence's vector does not depend on the others in its batch)."""
    from assistant.knowledge.embeddings import CachedEmbedder, OnnxMiniLM

    # short batches: one thread, no contention
    return CachedEmbedder(OnnxMiniLM(batch_size=64, threads=1), size=8192,
                          max_batch=CACHED_BATCH)


@dataclass(frozen=True)
class Index:
    """Exemplar embeddings: positives with their rule number, and all negatives."""

    rules: tuple[Rule, ...]
    positives: np.ndarray
    owner: np.ndarray
    negatives: np.ndarray


@lru_cache(maxsize=1)
def exemplar_index() -> Index:
    """Embeds the exemplars once per process (once per exemplar file, with the disk cache)."""
    import numpy as np

    from assistant.knowledge.embeddings import model_path

    rules = load_rules()
    positives = [p for r in rules for p in r.positives]
    owner = np.array([i for i, r in enumerate(rules) for _ in r.positives])
    negatives = [n for r in rules for n in r.negatives]
    vectors = cached_vectors(positives + negatives, model_path(), embedder().embed)
    return Index(rules, vectors[: len(positives)], owner, vectors[len(positives) :])


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of sentences (and lines) with at least three words and a letter."""
    start = 0
    for match in [*_SPLIT.finditer(text), None]:
        end = match.start() if match else len(text)
        for piece in range(start, end, MAX_SENTENCE):
            left, right = piece, min(end, piece + MAX_SENTENCE)
            chunk = text[left:right]
            stripped = chunk.strip()
            if len(stripped.split()) >= 3 and any(c.isalpha() for c in stripped):
                offset = left + (len(chunk) - len(chunk.lstrip()))
                yield offset, offset + len(stripped)
        start = match.end() if match else end


def similarities(index: Index, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: similarity to each rule's positives, and to the nearest negatives."""
    import numpy as np

    pos = vectors @ index.positives.T
    rule_sims = np.empty((len(vectors), len(index.rules)), dtype=np.float32)
    for r in range(len(index.rules)):
        rule_sims[:, r] = np.sort(pos[:, index.owner == r], axis=1)[:, -TOP_K:].mean(axis=1)
    neg = np.sort(vectors @ index.negatives.T, axis=1)[:, -TOP_K:].mean(axis=1)
    return rule_sims, neg


def about_person(sentence: str) -> bool:
    """A pronoun, a relation, a capitalised word past the start or a known given name in
    lower case ("sarah in finance ..."); a list item's first word is no name."""
    if PERSON.search(_BULLET.sub("", sentence)) is not None:
        return True
    return any(w in FIRST_NAMES for w in _WORD.findall(sentence.lower()))


def framed(rule: Rule, sentence: str) -> bool:
    """Our own matter (confidential), about a person (personal), or a value (credentials);
    and the rule's own cue, where it has one (a leadership change needs a change)."""
    if rule.requires is not None and not rule.requires.search(sentence):
        return False
    if rule.category == "secrets":
        return credential_value(sentence)
    if rule.category == "personal":
        return about_person(sentence)
    return any(p.search(sentence) for p in (OWN, WHEN, SECRECY, PENDING))


def credential_value(sentence: str) -> bool:
    """A credential's value, or how it is made ("the company name with 2023 on the end")."""
    return CREDENTIAL_VALUE.search(sentence) is not None or (
        CREDENTIAL_RECIPE.search(sentence) is not None)


def _could_frame(sentence: str) -> bool:
    """Cheap pre-check, equal to ``framed`` for at least one rule family."""
    return any(p.search(sentence) for p in (OWN, WHEN, SECRECY, PENDING)) or credential_value(
        sentence) or about_person(sentence)


def pieces(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(sentence start, end, piece start, end): each sentence, and each clause of at least
    four words of a long one, so a disclosure inside a chatty sentence is read on its own."""
    for start, end in sentences(text):
        yield start, end, start, end
        sentence = text[start:end]
        if len(sentence.split()) < CLAUSE_WORDS:
            continue
        left = 0
        for match in [*_CLAUSE.finditer(sentence), None]:
            right = match.start() if match else len(sentence)
            clause = sentence[left:right]
            if len(clause.split()) >= 4 and (left, right) != (0, len(sentence)):
                yield start, end, start + left, start + right
            left = match.end() if match else right


def _candidates(doc: Document) -> list[tuple[int, int, int, int]]:
    """Only pieces that some rule could accept are embedded (see ``framed`` and ``pieces``)."""
    return [p for p in pieces(doc.view) if _could_frame(doc.view[p[2] : p[3]])]


class MeaningDetector:
    """Flags whole sentences whose meaning is a non-public disclosure."""

    name: ClassVar[str] = "meaning"
    category: ClassVar[str] = "confidential"  # findings carry their rule's own category
    sentence_level: ClassVar[bool] = True

    def __init__(self, thresholds: Mapping[str, float] | None = None,
                 margins: Mapping[str, float] | None = None) -> None:
        unknown = (set(thresholds or {}) | set(margins or {})) - set(THRESHOLDS)
        if unknown:
            raise ValueError(f"unknown rule families {sorted(unknown)}; known: "
                             f"{sorted(THRESHOLDS)}")
        self.thresholds = {**THRESHOLDS, **(thresholds or {})}
        self.margins = {**MARGINS, **(margins or {})}

    def detect(self, doc: Document) -> list[Finding]:
        spans = _candidates(doc)
        if not spans:
            return []
        index = exemplar_index()
        texts = [doc.view[p[2] : p[3]] for p in spans]
        rule_sims, neg = similarities(index, embedder().embed(texts))
        out: list[Finding] = []
        done: set[int] = set()  # one finding per sentence, from its first accepted piece
        for row, ((start, end, _, _), text) in enumerate(zip(spans, texts, strict=True)):
            if start in done:
                continue
            found = self.classify(index.rules, rule_sims[row], float(neg[row]), text,
                                  doc.view[start:end])
            if found is not None and not doc.is_sample(start, end):
                done.add(start)
                rule, confidence = found
                out.append(doc.finding(rule.category, rule.name, start, end, confidence,
                                       rule.reason))
        return out

    def prepare(self, docs: list[Document]) -> None:
        """Embed the candidate sentences of a batch together (fills the vector cache); a
        text with more of them than the cache takes at once embeds them in ``detect``."""
        texts: dict[str, None] = {}
        for doc in docs:
            spans = _candidates(doc)
            if len(spans) <= CACHED_BATCH:
                texts.update((doc.view[p[2] : p[3]], None) for p in spans)
        batch = sorted(texts, key=len)  # neighbours of like length: little padding
        for start in range(0, len(batch), PREPARE_GROUP):
            embedder().embed(batch[start : start + PREPARE_GROUP])

    def classify(self, rules: tuple[Rule, ...], sims: np.ndarray, neg: float, text: str,
                 sentence: str | None = None) -> tuple[Rule, float] | None:
        """The rule a sentence (or a clause of ``sentence``) discloses and a confidence, or
        None. A clause keeps its sentence's advice or public-news penalty."""
        import numpy as np

        shift = self.adjust(text)
        if sentence is not None and sentence != text:
            shift = min(shift, self.adjust(sentence))
        cued = np.array([r.requires is None or r.requires.search(text) is not None
                         for r in rules])
        best = int(np.where(cued, sims, -np.inf).argmax())  # a rule lacking its cue cannot win
        sim = float(sims[best]) + shift
        family = rules[best].category
        bar = self.thresholds[family]
        if sim >= bar and sim - neg >= self.margins[family] and framed(rules[best], text):
            return rules[best], 0.6 + min(0.35, sim - bar)
        if not credential_value(text):
            return None
        credential = next((i for i, r in enumerate(rules) if r.category == "secrets"), None)
        if credential is not None and sims[credential] >= CREDENTIAL_FLOOR:
            return rules[credential], 0.8
        return None

    @staticmethod
    def adjust(sentence: str) -> float:
        """Secrecy cues lower the bars; how-to questions, public-news cues and advice to
        anyone raise them (advice that mentions secrecy, "anything not yet public", too)."""
        if GENERIC.search(sentence) and not _FIRST_PERSON.search(sentence):
            return -PUBLIC_PENALTY
        secret = SECRECY.search(sentence) is not None
        shift = CUE_BONUS if secret else 0.0
        if PUBLIC.search(sentence.strip()) or not secret and ANNOUNCED.search(sentence):
            shift -= PUBLIC_PENALTY
        return shift


@register("meaning")
def _meaning(ctx: DetectorContext) -> MeaningDetector:
    return MeaningDetector()
