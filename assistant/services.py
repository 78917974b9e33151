"""Builds every service from settings, in one place. Tests build their own copy."""

from __future__ import annotations

from functools import cached_property

from assistant.guardrail import Guardrail, build_guardrail
from assistant.journeys import Journeys
from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.embeddings import Embedder, build_embedder
from assistant.knowledge.registry import current_generation
from assistant.knowledge.search import Retriever
from assistant.knowledge.store import ChunkStore
from assistant.planning.chat import Chat
from assistant.planning.factory import build_chat, build_planner
from assistant.planning.planner import Planner
from assistant.settings import Settings, load_settings
from assistant.storage import Database
from assistant.users import UserDirectory


class Services:
    """Lazily built services; each external system sits behind one adapter."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    def from_env(cls) -> Services:
        return cls(load_settings())

    @cached_property
    def db(self) -> Database:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = Database(self.settings.database_url)
        database.upgrade()
        return database

    @cached_property
    def embedder(self) -> Embedder:
        return build_embedder(self.settings.embedding)

    @cached_property
    def store(self) -> ChunkStore:
        return ChunkStore.from_settings(self.settings)

    @cached_property
    def guardrail(self) -> Guardrail:
        return build_guardrail(self.settings.guardrail, self.db)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(
            self.store, self.embedder, self.settings.retrieval, generation=self.kb_generation
        )

    def kb_generation(self) -> int:
        with self.db.session() as session:
            return current_generation(session)

    @cached_property
    def planner(self) -> Planner:
        return build_planner(self)

    @cached_property
    def chat(self) -> Chat:
        return build_chat(self)

    @cached_property
    def users(self) -> UserDirectory:
        return UserDirectory(self.db)

    @cached_property
    def journeys(self) -> Journeys:
        return Journeys(self.db, self.users, self.planner, self.guardrail)

    @cached_property
    def kb(self) -> KnowledgeBase:
        return KnowledgeBase(
            db=self.db,
            store=self.store,
            embedder=self.embedder,
            settings=self.settings,
            guardrail=self.guardrail,
            on_change=self.retriever.invalidate,
        )
