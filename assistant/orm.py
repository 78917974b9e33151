"""The ORM's declarative base. Its tables go into ``assistant.storage.METADATA``, beside the
Core tables, so migrations and ``create_all`` see one schema."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from assistant.storage import METADATA


class Base(DeclarativeBase):
    """Declarative base shared by every ORM model of the app."""

    metadata = METADATA
