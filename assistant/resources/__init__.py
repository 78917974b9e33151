"""Files the package ships and reads at run time, through ``importlib.resources``.

``prompts`` and ``knowledge`` are links to the repository's top-level ``prompts/`` and
``knowledge/`` folders (the source of truth); building the wheel copies their files in, so an
installed package needs no checkout. ``minilm/tokenizer.json`` is the MiniLM tokenizer.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder shipped inside this package."""
    return files(__name__).joinpath(*parts)


def prompts_dir() -> Traversable:
    """The prompt templates (``prompts/*.md``)."""
    return resource("prompts")


def seed_corpus() -> Traversable:
    """The seed knowledge base (``knowledge/*.md``) that `coach init` copies."""
    return resource("knowledge")


def tokenizer_file() -> Traversable:
    """tokenizer.json of all-MiniLM-L6-v2 (Apache-2.0)."""
    return resource("minilm", "tokenizer.json")
