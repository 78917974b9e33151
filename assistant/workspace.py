"""`coach init`: a folder an admin owns, with the seed corpus and a commented coach.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.resources import resource, seed_corpus


class WorkspaceError(Exception):
    """The folder cannot be initialised without overwriting the admin's files."""


@dataclass(frozen=True)
class InitReport:
    folder: Path
    config: Path
    knowledge: Path
    documents: int


def init_workspace(folder: Path) -> InitReport:
    """Copy the seed corpus to FOLDER/knowledge and write FOLDER/coach.yaml.

    Nothing is overwritten: an existing coach.yaml or a non-empty knowledge/ is an error.
    """
    config, knowledge = folder / "coach.yaml", folder / "knowledge"
    if config.exists():
        raise WorkspaceError(f"{config} exists; remove it or choose another folder")
    if knowledge.exists() and any(knowledge.iterdir()):
        raise WorkspaceError(f"{knowledge} is not empty; remove it or choose another folder")
    knowledge.mkdir(parents=True, exist_ok=True)
    documents = 0
    for item in sorted(seed_corpus().iterdir(), key=lambda t: t.name):
        if item.is_file() and item.name.endswith(".md"):
            (knowledge / item.name).write_bytes(item.read_bytes())
            documents += 1
    config.write_text(resource("coach.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return InitReport(folder, config, knowledge, documents)
