"""A cheap gate before the meaning detector's MiniLM: static sentence vectors.

A word piece's static vector is the guardrail's MiniLM's own mean-pooled output for
``[CLS] piece [SEP]`` (model2vec's method, computed with the same ONNX session, lazily for
the pieces met and kept on disk under ``COACH_CACHE_DIR``, one file per model file). A
sentence's static vector is the mean of its pieces' vectors, weighted by log-rank (the
vocabulary is about frequency ordered, so common pieces weigh less), less the exemplars'
mean vector. A candidate reaches MiniLM only when its static similarity to the positives of
a rule that could accept it, shifted as ``classify`` shifts it, is at least the bar, which
``bench/meaning_gate_calibrate.py --keep 0.995`` sets so that 99.5% of the tune pieces that
the full detector flags pass."""

from __future__ import annotations

import hashlib
import os
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.guardrail.detectors.meaning import (
    TOP_K,
    MeaningDetector,
    Rule,
    credential_value,
    framed,
    inherit,
)
from assistant.guardrail.detectors.vector_cache import cache_dir
from assistant.lru import LRU

GATE_BAR = 0.207  # bench/meaning_gate_calibrate.py --keep 0.995 (int8 guardrail model)
TOKEN_BATCH = 256  # word pieces per forward() call when their vectors are made (one ONNX run each)
REMEMBER = 8192  # gate decisions kept per process, least recently used first out
SAVE_EVERY = 64  # new word-piece vectors kept in memory before the file is rewritten
FIRST_WORD = 1996  # BERT's vocabulary: "the"; pieces from here on are about frequency ordered
DIM = 384
CLS, SEP = 101, 102

if TYPE_CHECKING:  # numpy loads when the gate is built, not when the registry imports this
    import numpy as np

    Forward = Callable[[np.ndarray], np.ndarray]  # input ids (n, 3) -> hidden states (n, 3, DIM)


def model_forward(session: object, each: Callable[..., Iterable[Any]] = map) -> Forward:
    """The ONNX session as a function of input ids (attention on every position), one row
    per call: the guardrail's int8 model quantises its activations per call, so a row's
    output would otherwise depend on the other rows. ``each`` maps the calls over the rows
    (``OnnxMiniLM.map``: several at once)."""
    import numpy as np

    def one(row: np.ndarray) -> np.ndarray:
        feed = {"input_ids": row[None], "attention_mask": np.ones_like(row[None]),
                "token_type_ids": np.zeros_like(row[None])}
        return np.asarray(session.run(None, feed)[0])  # type: ignore[attr-defined]

    def run(ids: np.ndarray) -> np.ndarray:
        return np.concatenate(list(each(one, list(ids))))

    return run


class TokenVectors:
    """Static vectors of word pieces, made on first use and kept in ``path`` (an .npz of ids
    and vectors); a missing, unreadable or inconsistent file is rebuilt, never an error."""

    def __init__(self, forward: Forward, path: Path | None) -> None:
        import numpy as np

        self.forward = forward
        self.path = path
        self._row = np.full(0, -1, dtype=np.int64)  # word-piece id -> row of _vectors, or -1
        self._vectors = np.zeros((0, DIM), dtype=np.float32)
        self._unsaved = 0
        self._lock = threading.Lock()
        self._load()

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, ids: Sequence[int]) -> np.ndarray:
        """Vectors of ``ids`` (rows in order), making those not yet known in batches."""
        import numpy as np

        wanted = np.asarray(ids, dtype=np.int64)
        with self._lock:
            self._grow(int(wanted.max(initial=-1)) + 1)
            missing = np.unique(wanted[self._row[wanted] < 0])
            if len(missing):
                self._add(missing, self._make(missing))
                if self._unsaved >= SAVE_EVERY:
                    self.save()
            return self._vectors[self._row[wanted]]

    def _grow(self, size: int) -> None:
        import numpy as np

        if size > len(self._row):
            self._row = np.concatenate([self._row, np.full(size - len(self._row), -1)])

    def _make(self, ids: np.ndarray) -> np.ndarray:
        import numpy as np

        out = []
        for start in range(0, len(ids), TOKEN_BATCH):
            chunk = ids[start : start + TOKEN_BATCH]
            rows = np.stack([np.full(len(chunk), CLS), chunk, np.full(len(chunk), SEP)], axis=1)
            out.append(self.forward(rows).mean(axis=1))
        return np.concatenate(out).astype(np.float32)

    def _add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        import numpy as np

        self._grow(int(ids.max(initial=-1)) + 1)
        ids, first = np.unique(ids, return_index=True)
        fresh = self._row[ids] < 0
        self._row[ids[fresh]] = len(self._vectors) + np.arange(int(fresh.sum()))
        self._vectors = np.concatenate([self._vectors, vectors[first[fresh]]])
        self._unsaved += int(fresh.sum())

    def _load(self) -> None:
        """Add the vectors kept on disk (the count of unsaved ones is left as it was)."""
        import numpy as np

        if self.path is None:
            return
        try:
            with np.load(self.path, allow_pickle=False) as data:
                ids, vectors = data["ids"], data["vectors"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return  # no file yet, or a broken one: rebuilt as pieces are met
        if (ids.ndim == 1 and vectors.shape == (len(ids), DIM) and ids.dtype.kind == "i"
                and (ids >= 0).all() and np.isfinite(vectors).all()):
            unsaved = self._unsaved
            self._add(ids.astype(np.int64), vectors.astype(np.float32))
            self._unsaved = unsaved

    def save(self) -> None:
        """Write the known vectors (with those another process saved meanwhile) atomically;
        an unwritable directory only means they are made again next time."""
        import numpy as np

        if self.path is None:
            return
        self._load()
        ids = np.argsort(self._row)[len(self._row) - len(self._vectors) :]  # in row order
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.stem}.{os.getpid()}.partial.npz")
            np.savez(partial, ids=ids, vectors=self._vectors)
            os.replace(partial, self.path)  # readers never see half a file
            self._unsaved = 0
        except OSError:
            pass


def token_cache_path(model: Path) -> Path:
    """Where one model file's word-piece vectors are kept."""
    stat = model.stat()
    key = hashlib.sha256(f"{model}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
    return cache_dir() / f"static-tokens-{key[:32]}.npz"


class StaticEncoder:
    """Static sentence vectors: log-rank weighted mean of word-piece vectors, centred on the
    exemplars' mean and of unit length."""

    def __init__(self, tokenizer: object, tokens: TokenVectors, exemplars: Sequence[str]) -> None:
        import numpy as np

        self.tokenizer = tokenizer
        self.tokens = tokens
        self.centre = np.zeros(DIM, dtype=np.float32)
        self.centre = self.raw(list(exemplars)).mean(axis=0)

    def raw(self, texts: list[str]) -> np.ndarray:
        """Weighted means of the pieces' vectors (not centred, not normalised)."""
        import numpy as np

        encodings = [self.tokenizer.encode(t, add_special_tokens=False) for t in texts]  # type: ignore[attr-defined]
        ids = [e.ids for e in encodings]
        vectors = self.tokens.get([i for row in ids for i in row])
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        at = 0
        for row, pieces in enumerate(ids):
            if pieces:
                weights = np.log1p(np.clip(np.array(pieces) - FIRST_WORD + 1, 1, None))
                out[row] = weights @ vectors[at : at + len(pieces)] / weights.sum()
            at += len(pieces)
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        vectors = self.raw(texts) - self.centre
        return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


class MeaningGate:
    """Scores (piece, sentence) candidates with static vectors; ``passes`` is the cascade."""

    def __init__(self, encoder: StaticEncoder, rules: Sequence[Rule], bar: float = GATE_BAR
                 ) -> None:
        import numpy as np

        self.encoder = encoder
        self.rules = tuple(rules)
        self.bar = bar
        self.positives = encoder.encode([p for r in self.rules for p in r.positives])
        self.owner = np.array([k for k, r in enumerate(self.rules) for _ in r.positives])
        # framing depends on the family and the rule's own frames only, its cue aside: checked
        # once per (family, frames)
        self.family = {(r.category, r.frames): replace(r, requires=None) for r in self.rules}
        self._passed: LRU[tuple[str, str], bool] = LRU(REMEMBER)

    def able(self, piece: str, credential: bool | None = None) -> list[bool]:
        """Which rules could accept the piece: its cue present and the piece framed
        (``credential``: ``credential_value(piece)``, when the caller knows it already)."""
        frames = {key: credential if key[0] == "secrets" and credential is not None else
                  framed(rule, piece) for key, rule in self.family.items()}
        return [frames[r.category, r.frames] and (r.requires is None or r.requires.search(piece)
                                                  is not None) for r in self.rules]

    def scores(self, items: Sequence[tuple[str, str]]) -> np.ndarray:
        """Per (piece, sentence): the best static similarity among the rules that could
        accept the piece, shifted as ``classify`` shifts it; +inf for a stated credential
        (``classify`` accepts those on a low floor), -inf when no rule could accept it."""
        import numpy as np

        if not items:
            return np.zeros(0, dtype=np.float32)
        sims = self.encoder.encode([piece for piece, _ in items]) @ self.positives.T
        rule_sims = np.stack([np.sort(sims[:, self.owner == k], axis=1)[:, -TOP_K:].mean(axis=1)
                              for k in range(len(self.rules))], axis=1)
        stated = [credential_value(piece) for piece, _ in items]  # +inf, whatever else
        able = np.array([[False] * len(self.rules) if known else self.able(piece, known)
                         for (piece, _), known in zip(items, stated, strict=True)], dtype=bool)
        best = np.where(able, rule_sims, -np.inf).max(axis=1)
        out = np.empty(len(items), dtype=np.float32)
        shifts: dict[str, float] = {}  # a sentence's shift, once for all its clauses
        for row, (piece, sentence) in enumerate(items):
            if stated[row]:
                out[row] = np.inf
                continue
            shift = MeaningDetector.adjust(piece)
            if sentence != piece:
                if sentence not in shifts:
                    shifts[sentence] = MeaningDetector.adjust(sentence)
                shift = inherit(shift, shifts[sentence])
            out[row] = best[row] + shift
        return out

    def passes(self, items: Sequence[tuple[str, str]]) -> list[bool]:
        """Which candidates MiniLM must read (remembered: a batch's ``prepare`` and its
        ``detect`` ask about the same candidates)."""
        known = self._passed.get_many(items)
        new = list(dict.fromkeys(item for item in items if item not in known))
        if new:
            known.update(zip(new, (bool(s >= self.bar) for s in self.scores(new)), strict=True))
            self._passed.put_many((item, known[item]) for item in new)
        return [known[item] for item in items]

    def clear(self) -> None:
        """Forget the remembered decisions (benchmarks of the cold path)."""
        self._passed.clear()
