"""The guardrail: screen a text at a stage, apply the policy, write the audit row."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable

from assistant.guardrail.audit import AuditEntry, AuditLog, TermRepository, digest
from assistant.guardrail.config import GuardrailSettings
from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.terms import TermMatcher, make_term
from assistant.guardrail.finding import Finding, ScreenResult, Stage
from assistant.guardrail.policy import Redactor, action_for, message, overall
from assistant.guardrail.scanner import Scanner
from assistant.guardrail.stream import StreamScreener
from assistant.storage import Database

log = logging.getLogger(__name__)
ScanMany = Callable[[list[str], Stage], list[list[Finding]]]


class Guardrail:
    """Screens text at every stage; detection, policy and audit kept apart."""

    def __init__(
        self,
        settings: GuardrailSettings,
        terms: TermRepository | None = None,
        audit_log: AuditLog | None = None,
    ) -> None:
        self.settings = settings
        self._terms = terms
        self._log = audit_log
        self._audit = audit_log if settings.audit else None
        self.scanner = Scanner(settings)
        self._terms_seen: tuple[int, int] | None = None
        self._terms_checked = 0.0

    @property
    def terms(self) -> TermRepository:
        if self._terms is None:
            raise RuntimeError("this guardrail has no database; build it with build_guardrail")
        return self._terms

    @property
    def audit(self) -> AuditLog:
        """The audit log, for the admin's views."""
        if self._log is None:
            raise RuntimeError("this guardrail has no database; build it with build_guardrail")
        return self._log

    def warm(self) -> None:
        """Load the detectors' models now (the web app does, in the background)."""
        self.scanner.warm()

    def scan(self, text: str, stage: Stage | None = None) -> list[Finding]:
        """Detection only: resolved findings at or above the policy's minimum score, from the
        detectors that run at ``stage`` (all of them when no stage is given)."""
        self._refresh_terms()
        return self.scanner.scan(text, self.settings.min_score, self._skip(stage))

    def scan_many(self, texts: list[str], stage: Stage | None = None) -> list[list[Finding]]:
        """``scan`` of each text, the models' work batched."""
        self._refresh_terms()
        return self.scanner.scan_many(texts, self.settings.min_score, self._skip(stage))

    def _skip(self, stage: Stage | None) -> frozenset[str]:
        return frozenset(self.settings.stage_detectors_off.get(str(stage), ())) if stage else (
            frozenset())

    def screen(
        self, text: str, stage: Stage, user: str | None = None, *, audit: bool = True
    ) -> ScreenResult:
        """Screen one text; writes an audit row when there are findings."""
        result = self._decide(text, stage)
        if audit and result.findings:
            self._record([self._entry(text, result, stage, user)])
        return result

    def screen_many(
        self, texts: list[str], stage: Stage, user: str | None = None,
        scan_many: ScanMany | None = None,
    ) -> list[ScreenResult]:
        """Screen a batch (model work batched), writing its audit rows in one transaction.
        ``scan_many``: what finds the texts' findings instead of ``self.scan_many`` (worker
        processes, ``workers.py``); the policy and the audit stay here."""
        scanned = [t for t in texts if self._scannable(t, stage)]
        found = dict(zip(scanned, (scan_many or self.scan_many)(scanned, stage), strict=True))
        results = [self._decide(t, stage, found.get(t)) for t in texts]
        self._record([self._entry(t, r, stage, user) for t, r in zip(texts, results, strict=True)
                      if r.findings])
        return results

    def mentions(self, texts: list[str], terms: list[str]) -> list[bool]:
        """Which texts contain one of ``terms`` (matched as admin terms are: spacing, case,
        look-alikes, one typo); cheap enough to run over a whole knowledge base."""
        matcher = term_matcher(terms, self.settings)
        return [bool(text.strip()) and bool(matcher.find(Document(text))) for text in texts]

    def stream(self, stage: Stage = Stage.OUTPUT, user: str | None = None) -> StreamScreener:
        """A screener for a streamed answer that holds back a window of characters."""
        return StreamScreener(self, stage, user, self.settings.stream_window)

    def decide(
        self, text: str, findings: list[Finding], stage: Stage, redactor: Redactor | None = None,
        offset: int = 0,
    ) -> ScreenResult:
        """Apply the policy to findings of ``text`` (finding offsets minus ``offset``)."""
        actions = [(f, action_for(f, self.settings, stage)) for f in findings]
        action = overall(a for _, a in actions)
        blocked = [f for f, a in actions if a == "block"]
        redacted = [f for f, a in actions if a == "redact"]
        if action == "block":
            out = ""
        elif redacted:
            out = (redactor or Redactor()).apply(text, redacted, offset)
        else:
            out = text
        return ScreenResult(out, action == "block", action, findings,
                            message(stage, action, blocked, redacted), [a for _, a in actions])

    def _scannable(self, text: str, stage: Stage) -> bool:
        """Enabled, and within the input limit at the input stage."""
        too_long = stage is Stage.INPUT and len(text) > self.settings.max_input_chars
        return self.settings.enabled and not too_long

    def _decide(self, text: str, stage: Stage, findings: list[Finding] | None = None
                ) -> ScreenResult:
        if not self.settings.enabled:
            return ScreenResult(text, False, "allow", [], "")
        if not self._scannable(text, stage):
            limit = self.settings.max_input_chars
            return ScreenResult("", True, "block", [],
                                f"Your request was not sent because it is longer than {limit} "
                                "characters.")
        return self.decide(text, self.scan(text, stage) if findings is None else findings, stage)

    def _entry(self, text: str, result: ScreenResult, stage: Stage, user: str | None) -> AuditEntry:
        return AuditEntry(str(stage), user, result.action, result.categories, result.rules,
                          [self._hash(text[f.start : f.end]) for f in result.findings])

    def _hash(self, value: str) -> str:
        return self._log.digest(value) if self._log is not None else digest(value)

    def _record(self, entries: list[AuditEntry]) -> None:
        if self._audit is None or not entries:
            return
        self._audit.record(entries)
        for e in entries:
            log.info("guardrail stage=%s action=%s categories=%s rules=%s", e.stage, e.action,
                     ",".join(e.categories), ",".join(e.rules))

    def _refresh_terms(self) -> None:
        """Rebuild the term matcher when this or another process changed the list."""
        if self._terms is None:
            return
        now = time.monotonic()
        local = self._terms.local_version
        if self._terms_seen is not None and self._terms_seen[0] == local and (
            now - self._terms_checked < self.settings.terms_refresh_seconds
        ):
            return
        self._terms_checked = now
        version = (local, self._terms.version())
        if version == self._terms_seen:
            return
        self._terms_seen = version
        self.scanner.set_terms(term_matcher(self._terms.list(), self.settings))

    def term_names(self) -> tuple[str, ...]:
        """The admin's confidential terms now (none without a database)."""
        return tuple(self._terms.list()) if self._terms is not None else ()


def term_matcher(names: Iterable[str], settings: GuardrailSettings) -> TermMatcher:
    """The matcher of the admin's confidential terms (and their codenames)."""
    terms = [make_term(t, "confidential.term", "admin-listed confidential term")
             for name in names for t in codename_variants(name)]
    return TermMatcher(terms, settings.fuzzy_min_length)


_CODENAME = re.compile(r"^(?:project|operation|codename|code name|programme|program|initiative)\s+"
                       r"(?P<name>\S.*)$", re.I)


def codename_variants(term: str) -> list[str]:
    """'Project Halcyon' is also matched as 'Halcyon': the codename alone reveals the project."""
    match = _CODENAME.match(term.strip())
    return [term, match.group("name")] if match else [term]


def build_guardrail(
    settings: GuardrailSettings, db: Database, audit_key: bytes | None = None
) -> Guardrail:
    """The guardrail with its term list and audit log in ``db`` (hashes keyed by
    ``audit_key``; without one, a key that lives as long as the process)."""
    return Guardrail(settings, TermRepository(db), AuditLog(db, audit_key))
