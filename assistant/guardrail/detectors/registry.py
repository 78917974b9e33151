"""Detectors by name: one small protocol, factories registered by name, and the context
they are built from. ``GuardrailSettings.detectors`` picks which run.

A detector module registers a factory::

    @register("entities")
    def _entities(ctx: DetectorContext) -> Detector:
        nlp = ctx.resource("spacy:en_core_web_sm", load_model)  # loads once per process
        return EntityDetector(nlp)

Every module in this package is imported once, the first time the registry is asked for
names, so a new module only needs the decorator. Import heavy libraries inside the factory
or the ``resource`` builder, never at module level.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from assistant.guardrail.detectors.base import Document
from assistant.guardrail.detectors.terms import TermMatcher
from assistant.guardrail.finding import Finding

if TYPE_CHECKING:
    from assistant.guardrail.config import GuardrailSettings

T = TypeVar("T")
# Built-ins first, in this order (ties in overlap resolution go to the earlier detector).
BUILTIN_ORDER = ("secrets", "financial", "personal", "network", "confidential")


class Detector(Protocol):
    """What every detector offers: a name, the category it reports, and ``detect``."""

    @property
    def name(self) -> str: ...

    @property
    def category(self) -> str: ...

    def detect(self, doc: Document) -> list[Finding]: ...


_RESOURCES: dict[str, Any] = {}
_RESOURCE_LOCK = threading.Lock()


@dataclass
class DetectorContext:
    """What factories may use: settings, the admin term matcher, shared heavy resources."""

    settings: GuardrailSettings
    terms: TermMatcher | None = None

    def resource(self, key: str, build: Callable[[], T]) -> T:
        """A per-process lazy cache: ``build`` runs once per key, whatever the guardrail."""
        if key not in _RESOURCES:
            with _RESOURCE_LOCK:
                if key not in _RESOURCES:
                    _RESOURCES[key] = build()
        return _RESOURCES[key]  # type: ignore[no-any-return]


Factory = Callable[[DetectorContext], Detector]
_FACTORIES: dict[str, Factory] = {}
_discovered = False


def register(name: str) -> Callable[[Factory], Factory]:
    """Register a detector factory under ``name`` (a settings-facing, lower-case name)."""

    def add(factory: Factory) -> Factory:
        existing = _FACTORIES.get(name)
        if existing is not None and existing.__qualname__ != factory.__qualname__:
            raise ValueError(f"detector name {name!r} is already registered")
        _FACTORIES[name] = factory
        return factory

    return add


def available() -> list[str]:
    """Registered detector names: the built-ins in their order, then the others by name."""
    _discover()
    rest = sorted(n for n in _FACTORIES if n not in BUILTIN_ORDER)
    return [n for n in BUILTIN_ORDER if n in _FACTORIES] + rest


def unknown(names: list[str]) -> list[str]:
    """The names that no detector is registered under."""
    known = set(available())
    return [n for n in names if n not in known]


def build(names: list[str], context: DetectorContext) -> list[Detector]:
    """The detectors named, built from ``context``, in the given order."""
    missing = unknown(names)
    if missing:
        raise ValueError(f"unknown detector(s) {', '.join(missing)}; "
                         f"available: {', '.join(available())}")
    return [_FACTORIES[name](context) for name in dict.fromkeys(names)]


def _discover() -> None:
    """Import every module of this package once, so their @register calls run."""
    global _discovered
    if _discovered:
        return
    package = importlib.import_module("assistant.guardrail.detectors")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    _discovered = True


def _builtins() -> None:
    from assistant.guardrail.detectors.confidential import ConfidentialDetector
    from assistant.guardrail.detectors.financial import FinancialDetector
    from assistant.guardrail.detectors.network import NetworkDetector
    from assistant.guardrail.detectors.personal import PersonalDetector
    from assistant.guardrail.detectors.secrets import SecretsDetector

    register("secrets")(lambda ctx: SecretsDetector())
    register("financial")(lambda ctx: FinancialDetector())
    register("personal")(lambda ctx: PersonalDetector(
        ctx.settings.phone_regions,
        None if ctx.settings.role_addresses_personal else ctx.settings.role_address_words,
    ))
    register("network")(lambda ctx: NetworkDetector())
    register("confidential")(lambda ctx: ConfidentialDetector(ctx.terms))


_builtins()
