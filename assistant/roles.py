"""The web app's roles, in a module of their own so the CLI can offer them without a database."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MENTOR = "mentor"
    EXECUTIVE = "executive"
    ADMIN = "admin"
