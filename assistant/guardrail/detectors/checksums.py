"""python-stdnum's checksum validators, imported at first use. Importing the sixteen modules
the detectors use (and ``stdnum.util``, which imports ``pydoc``) cost every cold `coach`
command about 50 ms, though few texts hold a candidate number."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType


class Checksum:
    """Stands for the module ``stdnum.<name>``: ``is_valid`` imports it at the first call."""

    def __init__(self, name: str) -> None:
        self.name = name

    def is_valid(self, value: str) -> bool:
        return bool(_module(self.name).is_valid(value))

    def __repr__(self) -> str:
        return f"Checksum({self.name!r})"


@cache
def _module(name: str) -> ModuleType:
    return importlib.import_module(f"stdnum.{name}")
