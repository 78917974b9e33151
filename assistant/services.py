"""Builds every service from settings, in one place. Tests build their own copy."""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import Settings, load_settings

if TYPE_CHECKING:  # each service's module is imported when the service is first built
    from assistant.guardrail import Guardrail
    from assistant.journeys import Journeys
    from assistant.knowledge.base import KnowledgeBase
    from assistant.knowledge.embeddings import Embedder
    from assistant.knowledge.search import Retriever
    from assistant.knowledge.store import ChunkStore, StoredChunk
    from assistant.planning.chat import Chat
    from assistant.planning.guidance import GuidanceSearch
    from assistant.planning.planner import Planner
    from assistant.sessions import Sessions
    from assistant.signin import SignIn
    from assistant.storage import Database
    from assistant.users import UserDirectory


SNAPSHOT_MAX_CHUNKS = 20_000  # a copy holds ~2.5 KB a chunk; beyond this (an estimate, not
# measured) reading it in each process would no longer beat opening Chroma


class Services:
    """Lazily built services; each external system sits behind one adapter.

    Nothing heavy is imported until a service is first used, so a command pays only for
    the services it touches (`coach guard scan` never loads Chroma, LangChain or Gradio).
    """

    def __init__(self, settings: Settings, search_snapshot: bool = False) -> None:
        """``search_snapshot``: searches read a copy of the store kept in the data folder
        (`knowledge/snapshot.py`) instead of opening Chroma, for short-lived processes."""
        self.settings = settings
        self.search_snapshot = search_snapshot

    @classmethod
    def from_env(cls) -> Services:
        return cls(load_settings())

    @cached_property
    def db(self) -> Database:
        from assistant.storage import Database

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = Database(self.settings.database)
        database.upgrade()
        return database

    @cached_property
    def embedder(self) -> Embedder:
        from assistant.knowledge.embeddings import build_embedder

        return build_embedder(self.settings.embedding)

    @cached_property
    def store(self) -> ChunkStore:
        from assistant.knowledge.store import ChunkStore

        return ChunkStore.from_settings(self.settings)

    @cached_property
    def guardrail(self) -> Guardrail:
        from assistant.guardrail import build_guardrail
        from assistant.guardrail.audit import load_audit_key

        secret = self.settings.audit_key
        key = load_audit_key(secret.get_secret_value() if secret else None,
                             self.settings.data_dir)
        guardrail = build_guardrail(self.settings.guardrail, self.db, key)
        # A new confidential term re-screens the documents already indexed, whoever adds it.
        guardrail.terms.on_added.append(lambda term, user: self.kb.rescreen([term], user))
        return guardrail

    @cached_property
    def retriever(self) -> Retriever:
        from assistant.knowledge.search import Retriever

        copy = self.search_snapshot and self._chunks() <= SNAPSHOT_MAX_CHUNKS
        return Retriever(lambda: self.store, lambda: self.embedder, self.settings.retrieval,
                         generation=self.kb_generation,
                         snapshot=self.snapshot_path() if copy else None)

    def _chunks(self) -> int:
        from assistant.knowledge.tables import indexed_chunks

        with self.db.engine.connect() as connection:
            return indexed_chunks(connection)

    def snapshot_path(self) -> Path:
        """Where the copy of this store's collection is kept: one file per store location."""
        store = self.settings.vector_store
        where = (f"http://{store.host}:{store.port}" if store.host
                 else str(self.settings.chroma_path.resolve()))
        key = hashlib.sha256(f"{where}\0{store.collection}".encode()).hexdigest()[:16]
        return self.settings.data_dir / "search-snapshot" / f"{key}.npz"

    def kb_generation(self) -> int:
        from assistant.knowledge.tables import current_generation

        with self.db.engine.connect() as connection:
            return current_generation(connection)

    @cached_property
    def planner(self) -> Planner:
        from assistant.planning.factory import build_planner

        return build_planner(self)

    @cached_property
    def chat(self) -> Chat:
        from assistant.planning.factory import build_chat

        return build_chat(self)

    @cached_property
    def guidance(self) -> GuidanceSearch:
        """Search guidance for any role, screened like chat (input and context stages)."""
        from assistant.planning.guidance import GuidanceSearch

        return GuidanceSearch(self.retriever, self.guardrail)

    @cached_property
    def users(self) -> UserDirectory:
        from assistant.users import UserDirectory

        return UserDirectory(self.db)

    @cached_property
    def signin(self) -> SignIn:
        from assistant.signin import SignIn

        return SignIn(self.users, self.settings.security)

    @cached_property
    def sessions(self) -> Sessions:
        from assistant.sessions import Sessions

        return Sessions(self.users, self.settings.security)

    @cached_property
    def journeys(self) -> Journeys:
        from assistant.journeys import Journeys

        return Journeys(self.db, self.users, self.planner, self.guardrail)

    @cached_property
    def kb(self) -> KnowledgeBase:
        from assistant.knowledge.base import KnowledgeBase

        return KnowledgeBase(
            db=self.db,
            store=lambda: self.store,
            embedder=lambda: self.embedder,
            settings=self.settings,
            guardrail=self.guardrail,
            on_change=self._invalidate_retriever,
            on_indexed=self._warm_sentences,
        )

    def _warm_sentences(self, chunks: list[StoredChunk]) -> None:
        """Sentence vectors of a newly indexed document, for the first plans on its topic
        (and, with the meaning detector on, the guardrail's, for their output screen)."""
        from assistant.planning.warmup import warm_chunks, warm_guardrail

        texts = [(c.text, str(c.metadata["title"]), str(c.metadata["section"])) for c in chunks]
        warm_chunks(self.embedder, texts)
        settings = self.settings
        if settings.embedding.sentence_cache and "meaning" in settings.guardrail.detectors:
            warm_guardrail(texts)

    def _invalidate_retriever(self) -> None:
        """Drop the retriever's lexical index, if a retriever was built at all."""
        if "retriever" in self.__dict__:
            self.retriever.invalidate()

