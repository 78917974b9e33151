"""Scratch folders for files the app hands to Gradio (exports, invites). Gradio copies a
returned file into its own cache (purged by `delete_cache`), so our copy is only needed for
a moment; folders older than an hour are removed whenever a new one is made."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

MAX_AGE_SECONDS = 3600
ROOT_NAME = "coach-scratch"


def scratch_dir(prefix: str, root: Path | None = None) -> Path:
    """A new private folder under the scratch root, after purging stale ones."""
    base = root or Path(tempfile.gettempdir()) / ROOT_NAME
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    purge(base)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def purge(base: Path, max_age: float = MAX_AGE_SECONDS) -> int:
    """Remove folders under `base` older than `max_age` seconds; returns how many."""
    cutoff, removed = time.time() - max_age, 0
    for folder in base.iterdir():
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
