"""Prompt templates: files in prompts/ (shipped as package data) with declared variables.

A template is Markdown with YAML front matter declaring its ``variables``; the body uses
``{{name}}``. A placeholder that is not declared, a declared variable the body never uses, or
a missing or unknown value at render time is an error. Retrieved text is fenced as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.planning.evidence import Passage
from assistant.resources import prompts_dir
from assistant.yamltext import load_yaml

PROMPTS_DIR = Path(str(prompts_dir()))  # installed packages are folders, not zip files
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


class PromptError(ValueError):
    """A template that is missing, malformed, or rendered with the wrong variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]
    body: str

    def render(self, **values: object) -> str:
        missing = self.variables - values.keys()
        unknown = values.keys() - self.variables
        if missing or unknown:
            raise PromptError(
                f"prompt {self.name!r}: missing variables {sorted(missing)}, "
                f"unknown variables {sorted(unknown)}"
            )
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.body)


@cache
def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> Prompt:
    """Load prompts/<name>.md and check its declared variables against its placeholders."""
    path = folder / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"no prompt template {path}")
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise PromptError(f"{path}: front matter with `variables:` is required")
    head, body = text[4:].split("\n---\n", 1)
    declared = frozenset((load_yaml(head) or {}).get("variables") or [])
    used = frozenset(_PLACEHOLDER.findall(body))
    if declared != used:
        raise PromptError(
            f"{path}: undeclared placeholders {sorted(used - declared)}, "
            f"declared but unused {sorted(declared - used)}"
        )
    return Prompt(name, declared, body.strip() + "\n")


def escape(text: str) -> str:
    """Text that cannot close or open a fence: angle brackets become look-alike quotes."""
    return text.replace("<", "‹").replace(">", "›")


def fence(passages: list[Passage], quotes: dict[str, list[str]] | None = None) -> str:
    """Passages as <source> data blocks; ``quotes`` replaces a passage's text by sentences."""
    blocks = []
    for p in passages:
        body = "\n".join(quotes[p.id]) if quotes and quotes.get(p.id) else p.text
        blocks.append(
            f'<source id="{p.id}" title="{escape(p.source.title)}" '
            f'section="{escape(p.source.section)}">\n{escape(body)}\n</source>'
        )
    return "\n".join(blocks) or "(no sources)"


def fence_text(tag: str, text: str) -> str:
    return f"<{tag}>\n{escape(text)}\n</{tag}>"
