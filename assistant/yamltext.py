"""YAML text to Python data, one loader for the app: libyaml's safe loader when PyYAML was
built with it (about ten times faster than the pure-Python one, the same data), else
PyYAML's own safe loader. Errors are ``yaml.YAMLError`` either way."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The document in ``text`` (None when it is empty), safe tags only."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
