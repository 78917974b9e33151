"""Text normalisation with an offset map back to the original text.

Two views are built:
- ``view``: NFKC, zero-width characters dropped, look-alike letters mapped to ASCII,
  typos of context words respelt (``typos``), case and spacing kept. Regex detectors run on it.
- ``skeleton``: the view casefolded, accents and digit look-alikes folded, and every
  character that is not a letter or digit dropped ("P r o-j 3 c t" -> "proiect").
  Term lists and obfuscated markings are matched on it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.guardrail import typos

ZERO_WIDTH = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)

# Cyrillic, Greek and other letters that look like ASCII ones (both cases).
_HOMOGLYPH_PAIRS = (
    "аa вb еe ёe гr іi їi јj кk мm нh оo пn рp сc тt уy хx ѕs ԁd ԛq ԝw һh ӏl "
    "ɡg ɑa ɩi ɪi ʏy ᴅd ᴇe ᴋk ᴍm ᴏo ᴘp ᴛt ᴜu ıi ȷj ℓl "
    "АA ВB ЕE ЁE КK МM НH ОO РP СC ТT УY ХX ЅS ІI ЇI ЈJ ԚQ ԜW ӀI "
    "αa βb γy εe ζz ηn ιi κk νv οo ρp τt υu χx ϲc ϳj ωw "
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX "
    "‘' ’' ‚' ‛' “\" ”\" „\" ‐- ‑- ‒- –- —- ―- −- ⁃-"
)
HOMOGLYPHS: dict[str, str] = {p[0]: p[1] for p in _HOMOGLYPH_PAIRS.split()}

LEET = str.maketrans({"0": "o", "1": "i", "l": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ALNUM = re.compile(r"[a-z0-9]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Map one character to its view form ("" when dropped)."""
    if ch in ZERO_WIDTH:
        return ""
    if ch in HOMOGLYPHS:
        return HOMOGLYPHS[ch]
    out = unicodedata.normalize("NFKC", ch)
    if len(out) == 1 and out in HOMOGLYPHS:
        return HOMOGLYPHS[out]
    return "".join(HOMOGLYPHS.get(c, c) for c in out)


@lru_cache(maxsize=4096)
def _skeleton_char(ch: str) -> str:
    """Casefold, strip accents and fold digit look-alikes; keep letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.translate(LEET) if c.isascii() and c.isalnum())


class Skeleton:
    """Letters and digits only; ``pos[i]`` is the view index of ``text[i]`` (built lazily)."""

    def __init__(self, text: str, pos: list[int] | None = None, low: str = "") -> None:
        self.text = text
        self._pos = pos
        self._low = low

    @property
    def pos(self) -> list[int]:
        if self._pos is None:
            self._pos = [m.start() for m in _ALNUM.finditer(self._low)]
        return self._pos


@dataclass
class Normalized:
    """The original text, its view, and the map from view offsets to original offsets."""

    original: str
    view: str
    offsets: list[int] | None = None  # None: the view is the original
    _skeleton: Skeleton | None = field(default=None, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of view[start:end]."""
        if self.offsets is None:
            return start, end
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    @property
    def skeleton(self) -> Skeleton:
        if self._skeleton is None:
            self._skeleton = build_skeleton(self.view)
        return self._skeleton

    def is_word_start(self, view_index: int) -> bool:
        return view_index == 0 or not self.view[view_index - 1].isalnum()

    def is_word_end(self, view_index: int) -> bool:
        """True when view[view_index] is the last character of a word."""
        nxt = view_index + 1
        return nxt >= len(self.view) or not self.view[nxt].isalnum()


def normalize(text: str) -> Normalized:
    """Build the regex view of ``text`` with an offset map (identity for plain ASCII without
    typos of context words)."""
    view, offsets = (text, None) if text.isascii() else _fold(text)
    edits = typos.respellings(view)
    if edits:
        view, offsets = typos.apply(view, offsets, edits)
    return Normalized(text, view, offsets)


def _fold(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        folded = ch if ch.isascii() else _fold_char(ch)
        for out in folded:
            chars.append(out)
            offsets.append(index)
    offsets.append(len(text))
    return "".join(chars), offsets


def build_skeleton(view: str) -> Skeleton:
    """Fold a view into its skeleton, keeping the view index of every kept character."""
    if view.isascii():
        low = view.lower().translate(LEET)
        return Skeleton(_NOT_ALNUM.sub("", low), None, low)
    chars: list[str] = []
    pos: list[int] = []
    for index, ch in enumerate(view):
        for out in _skeleton_char(ch):
            chars.append(out)
            pos.append(index)
    return Skeleton("".join(chars), pos)


def skeleton_of(text: str) -> str:
    """The skeleton string of any text (used for terms)."""
    return build_skeleton(normalize(text).view).text
