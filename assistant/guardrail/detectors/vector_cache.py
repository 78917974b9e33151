"""Vectors of fixed texts (the meaning detector's exemplars) kept on disk between processes,
keyed by the model file and the texts, so a cold command does not embed them again.
The directory is ``COACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/coach`` or ``~/.cache/coach``;
when it cannot be written the vectors are simply computed each time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def cache_dir() -> Path:
    if os.environ.get("COACH_CACHE_DIR"):
        return Path(os.environ["COACH_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coach"


def cached_vectors(texts: list[str], model: Path, embed: Callable[[list[str]], np.ndarray]
                   ) -> np.ndarray:
    """``embed(texts)``, read from the cache when this model file embedded these texts."""
    import numpy as np

    stat = model.stat()
    key = hashlib.sha256("\0".join([str(model), str(stat.st_size), str(stat.st_mtime_ns),
                                    *texts]).encode("utf-8")).hexdigest()[:32]
    path = cache_dir() / f"vectors-{key}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(texts):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = embed(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npy")
        np.save(partial, vectors, allow_pickle=False)
        os.replace(partial, path)  # readers never see half a file
    except OSError:
        pass
    return vectors
