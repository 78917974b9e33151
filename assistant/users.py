"""Users and roles, with scrypt-hashed passwords in SQLite. Roles are checked on the server."""

from __future__ import annotations

import base64
import builtins
import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata

from sqlalchemy import DateTime, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.orm import Base
from assistant.roles import Role
from assistant.storage import Database

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Checked when a name is unknown, so that an unknown name costs one scrypt like a known one.
_DUMMY_HASH = "scrypt$" + base64.b64encode(bytes(16)).decode() + "$" + base64.b64encode(
    bytes(64)).decode()


def normalize_name(name: str | None) -> str:
    """The one spelling of a user name: NFKC, trimmed, lower case (`ERIK` is `erik`)."""
    return unicodedata.normalize("NFKC", name or "").strip().casefold()


class UserError(ValueError):
    """Unknown user, bad name or role, or a weak password."""


class UserRecord(Base):
    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class SessionCutoff(Base):
    """Sign-ins before `not_before` no longer count: set when a user's password or role
    changes or the user is removed (from any process: the web app or the CLI)."""

    __tablename__ = "session_cutoffs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    not_before: Mapped[dt.datetime] = mapped_column(DateTime)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt_b64), **SCRYPT)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


class UserDirectory:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.changes = 0  # users added, replaced or removed through this directory

    def add(self, name: str, role: str, password: str, replace: bool = False) -> None:
        """Add a user, or with `replace` set a new password and role (ending old sessions)."""
        name = normalize_name(name)
        if not NAME.match(name):
            raise UserError(
                f"bad user name {name!r}: 2-40 lower-case letters, digits, '.', '_' or '-'"
            )
        try:
            role = Role(role)
        except ValueError:
            raise UserError(f"unknown role {role!r}; use one of {', '.join(Role)}") from None
        if len(password) < 8:
            raise UserError("passwords need at least 8 characters")
        with self.db.session() as session:
            existing = session.get(UserRecord, name)
            if existing is not None and not replace:
                raise UserError(f"user {name!r} exists; remove it first or use --replace")
            session.merge(UserRecord(name=name, role=role.value,
                                     password_hash=hash_password(password)))
            session.merge(SessionCutoff(name=name, not_before=utcnow()))
        self.changes += 1

    def remove(self, name: str) -> None:
        """Remove a user; their open sessions end."""
        name = normalize_name(name)
        with self.db.session() as session:
            record = session.get(UserRecord, name)
            if record is None:
                raise UserError(f"no user {name!r}")
            session.delete(record)
            session.merge(SessionCutoff(name=name, not_before=utcnow()))
        self.changes += 1

    def verify(self, name: str, password: str) -> bool:
        """True when the name exists and the password matches. An unknown name costs the
        same scrypt as a known one, so timing does not tell which names exist."""
        with self.db.session() as session:
            record = session.get(UserRecord, normalize_name(name))
            stored = record.password_hash if record else None
        matches = check_password(password, stored or _DUMMY_HASH)
        return stored is not None and matches

    def role_of(self, name: str | None) -> Role | None:
        name = normalize_name(name)
        if not name:
            return None
        with self.db.session() as session:
            record = session.get(UserRecord, name)
            return Role(record.role) if record else None

    def standing(self, name: str) -> tuple[Role | None, dt.datetime | None]:
        """``role_of`` and ``session_cutoff`` of ``name`` in one database session (every web
        request checks both)."""
        name = normalize_name(name)
        if not name:
            return None, None
        with self.db.session() as session:
            record = session.get(UserRecord, name)
            if record is None:
                return None, None
            row = session.get(SessionCutoff, name)
            return Role(record.role), row.not_before if row else None

    def session_cutoff(self, name: str) -> dt.datetime | None:
        """Sessions of `name` that started before this time are over (None: no cutoff)."""
        with self.db.session() as session:
            row = session.get(SessionCutoff, normalize_name(name))
            return row.not_before if row else None

    def list(self) -> list[tuple[str, Role]]:
        with self.db.session() as session:
            rows = session.execute(select(UserRecord.name, UserRecord.role).order_by(
                UserRecord.role, UserRecord.name))
            return [(name, Role(role)) for name, role in rows]

    def names(self, role: Role) -> builtins.list[str]:
        return [name for name, r in self.list() if r == role]


DEMO_USERS = [("maya", Role.MENTOR), ("erik", Role.EXECUTIVE), ("ada", Role.ADMIN)]


def create_demo_users(users: UserDirectory) -> list[tuple[str, Role, str]]:
    """Create the demo users that do not exist yet; returns (name, role, password) of new ones."""
    existing = {name for name, _ in users.list()}
    created = []
    for name, role in DEMO_USERS:
        if name in existing:
            continue
        password = secrets.token_urlsafe(9)
        users.add(name, role, password)
        created.append((name, role, password))
    return created
