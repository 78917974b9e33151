"""Detectors by name: settings choose them, unknown names are a settings error, new
detectors plug in through the registry, heavy resources load once per process."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.guardrail import Finding, Guardrail, GuardrailSettings, Stage
from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.registry import (
    BUILTIN_ORDER,
    DetectorContext,
    available,
    register,
)
from assistant.guardrail.scanner import Scanner, resolve

SECRET = "sk-proj-Qm8vT2xLr4NcWp7Ja9HbZs3Ke6Fd1Yg0"


def test_default_settings_run_every_registered_detector() -> None:
    settings = GuardrailSettings()
    assert settings.detectors == available()
    assert settings.detectors[: len(BUILTIN_ORDER)] == list(BUILTIN_ORDER)
    assert [d.name for d in Scanner(settings).detectors] == settings.detectors


CHOSEN = [
    # only personal data: the key is not looked for
    (["personal"], f"mail a@x.com the key {SECRET}", ["personal"]),
    # only secrets: the email is not looked for
    (["secrets"], f"mail a@x.com the key {SECRET}", ["secrets"]),
    # both
    (["secrets", "personal"], f"mail a@x.com the key {SECRET}", ["personal", "secrets"]),
]


@pytest.mark.parametrize(("names", "text", "categories"), CHOSEN)
def test_settings_choose_detectors(names: list[str], text: str, categories: list[str]) -> None:
    guard = Guardrail(GuardrailSettings(detectors=names))
    assert guard.screen(text, Stage.INPUT).categories == categories


def test_unknown_detector_is_a_settings_error_naming_it() -> None:
    with pytest.raises(ValidationError, match="unknown detector.*nosuch.*available: secrets"):
        GuardrailSettings(detectors=["secrets", "nosuch"])


def test_unknown_detector_through_load_settings(monkeypatch) -> None:
    from assistant.settings import SettingsError, load_settings

    monkeypatch.setenv("COACH_GUARDRAIL__DETECTORS", '["secrets", "typo"]')
    with pytest.raises(SettingsError, match="guardrail.detectors.*typo"):
        load_settings()


class ShoutDetector:
    """A test detector: flags the word SHOUT as a personal datum, via a shared resource."""

    name = "shout-test"
    category = "personal"

    def __init__(self, word: str) -> None:
        self.word = word

    def detect(self, doc: Document) -> list[Finding]:
        start = doc.view.find(self.word)
        if start < 0:
            return []
        return [doc.finding("personal", "personal.shout", start, start + len(self.word), 0.9,
                            "test word")]


BUILDS: list[str] = []


def _load_word() -> str:
    BUILDS.append("built")
    return "SHOUT"


def _shout(ctx: DetectorContext) -> ShoutDetector:
    return ShoutDetector(ctx.resource("test:shout-word", _load_word))


@pytest.fixture
def shout():
    """The test detector, registered for one test only (other tests keep the defaults)."""
    from assistant.guardrail.detectors import registry

    register("shout-test")(_shout)
    yield
    registry._FACTORIES.pop("shout-test")


def test_a_registered_detector_plugs_in_and_its_resource_loads_once(shout) -> None:
    settings = GuardrailSettings(detectors=["secrets", "shout-test"])
    first = Guardrail(settings)
    second = Guardrail(settings)
    assert first.screen("they SHOUT", Stage.INPUT).text == "they [REDACTED_SHOUT_1]"
    assert second.scan("SHOUT again")[0].rule == "personal.shout"
    assert BUILDS == ["built"]  # one process, one load, whatever the number of guardrails


def test_a_name_cannot_be_registered_twice_by_another_factory() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register("secrets")(lambda ctx: ShoutDetector("x"))


def _f(rule: str, start: int, end: int, score: float, generic: bool) -> Finding:
    return Finding(rule.split(".")[0], rule, start, end, score, "r", generic)


RESOLVE = [
    # a specific rule beats a generic one of equal score on the same span
    ([_f("personal.phone", 0, 10, 0.8, False), _f("personal.national_id", 0, 10, 0.8, True)],
     "personal.phone"),
    # ... and a slightly stronger generic one
    ([_f("secrets.openai_key", 0, 20, 0.85, False),
      _f("secrets.high_entropy_token", 0, 20, 0.9, True)], "secrets.openai_key"),
    # a much stronger generic finding still wins
    ([_f("personal.phone", 0, 10, 0.5, False), _f("secrets.api_key", 0, 10, 0.9, True)],
     "secrets.api_key"),
]


@pytest.mark.parametrize(("findings", "winner"), RESOLVE)
def test_generic_flag_decides_overlaps(findings: list[Finding], winner: str) -> None:
    (best,) = resolve(findings)
    assert best.rule == winner
