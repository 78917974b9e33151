"""Health checks for probes and operators: `coach health` and the web app's `/healthz`.

Each check reaches one external part the way the app does and reports what failed and what to
do. ``quick`` checks (database, vector store) are cheap enough for a load balancer's probe
every few seconds; the full set also loads the model files and asks the LLM endpoint.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services import Services


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_checks(settings: Settings, quick: bool = False) -> list[Check]:
    """Every check that applies to these settings, in a fixed order."""
    checks: list[tuple[str, Callable[[Settings], str]]] = [
        ("database", check_database), ("vector store", check_vector_store)]
    if not quick:
        checks.append(("embedding model", check_embedder))
        if {"entities"} & set(settings.guardrail.detectors):
            checks.append(("guardrail models", check_guardrail_models))
        if settings.llm.provider != "offline":
            checks.append(("llm endpoint", check_llm))
    return [_timed(name, fn, settings) for name, fn in checks]


def probe(services: Services) -> list[Check]:
    """The web app's quick checks, on its own database and store (no second Chroma client):
    not ready until the retriever has warmed up, so a load balancer waits for it."""

    def database(_: Settings) -> str:
        with services.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return services.db.engine.dialect.name

    def vector_store(_: Settings) -> str:
        if not services.retriever.ready.is_set():
            raise RuntimeError("warming up (opening Chroma, loading the model)")
        return f"{services.store.count()} chunks"

    return [_timed("database", database, services.settings),
            _timed("vector store", vector_store, services.settings)]


def report(checks: list[Check]) -> dict[str, object]:
    """The JSON form shared by `coach health --json` and `/healthz`."""
    return {"ok": all(c.ok for c in checks), "checks": [c.as_dict() for c in checks]}


def _timed(name: str, fn: Callable[[Settings], str], settings: Settings) -> Check:
    start = time.perf_counter()
    try:
        detail, ok = fn(settings), True
    except Exception as exc:  # a probe reports any failure instead of raising it
        detail, ok = f"{type(exc).__name__}: {exc}".strip(), False
    return Check(name, ok, detail, round((time.perf_counter() - start) * 1000, 1))


def check_database(settings: Settings) -> str:
    """Connects, and says whether the schema is at the newest migration (never migrates)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from assistant.migrations import config

    url = settings.database
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise RuntimeError(f"no database at {url.removeprefix('sqlite:///')} yet: start the app "
                           "or run `coach kb sync` once (or check data_dir)")
    engine = create_engine(url, connect_args={} if url.startswith("postgresql")
                           else {"timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(config()).get_current_head()
    where = f"{engine.dialect.name} at {engine.url.render_as_string(hide_password=True)}"
    if current is None:
        return f"{where}: empty (the app creates the schema when it starts)"
    if current != head:
        raise RuntimeError(f"{where}: schema at {current}, code expects {head}; "
                           "start one instance to migrate")
    return f"{where}: schema at {current}"


def check_vector_store(settings: Settings) -> str:
    from assistant.knowledge.store import ChunkStore

    if not settings.vector_store.host and not settings.chroma_path.is_dir():
        raise RuntimeError(f"no Chroma index at {settings.chroma_path} yet: run `coach kb sync` "
                           "(or check vector_store.path)")
    store = ChunkStore.from_settings(settings)
    collection = settings.vector_store.collection
    return f"Chroma at {store.where}: {store.count()} chunks in '{collection}'"


def check_embedder(settings: Settings) -> str:
    from assistant.knowledge.embeddings import build_embedder

    embedder = build_embedder(settings.embedding)
    vector = embedder.embed(["health check"])[0]
    return f"{embedder.name}: {len(vector)} dimensions"


def check_guardrail_models(settings: Settings) -> str:
    from assistant.guardrail.detectors.entities import load_pipeline

    nlp = load_pipeline()
    return f"spaCy {nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"


def check_llm(settings: Settings) -> str:
    """Lists the server's models (no tokens spent) and says whether the configured one is
    among them."""
    import httpx

    llm = settings.llm
    base = (llm.base_url or "https://api.openai.com/v1").rstrip("/")
    headers = {"Authorization": f"Bearer {llm.api_key.get_secret_value()}"} if llm.api_key else {}
    response = httpx.get(f"{base}/models", headers=headers, timeout=min(llm.timeout, 10.0))
    response.raise_for_status()
    names = [m.get("id", "") for m in response.json().get("data", [])]
    listed = "listed" if llm.model in names else f"not listed (server offers {len(names)})"
    return f"{base}: model {llm.model} {listed}"
