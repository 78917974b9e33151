"""The public result types: stages, findings and screen results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Stage(StrEnum):
    """Where in the flow a text is screened."""

    INPUT = "input"
    CONTEXT = "context"
    INGESTION = "ingestion"
    OUTPUT = "output"


@dataclass(frozen=True)
class Finding:
    """One detected span: what it is (category, rule), where (original offsets), why."""

    category: str
    rule: str
    start: int
    end: int
    score: float
    reason: str
    generic: bool = False  # a broad rule: loses to a specific one on the same span

    @property
    def label(self) -> str:
        """Placeholder label: the rule name after the family, e.g. EMAIL."""
        return self.rule.rsplit(".", 1)[-1].upper()


@dataclass
class ScreenResult:
    """The decision on one text."""

    text: str
    blocked: bool
    action: str
    findings: list[Finding] = field(default_factory=list)
    message: str = ""
    actions: list[str] = field(default_factory=list)  # the action of each finding, in order

    @property
    def categories(self) -> list[str]:
        return sorted({f.category for f in self.findings})

    @property
    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings})
