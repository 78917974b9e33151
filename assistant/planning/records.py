"""Plans (with versions: created, edited, refined) and chats (per user) in SQLite."""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.orm import Base
from assistant.planning.access import (
    NotAllowed,
    Part,
    PlanAction,
    RecordError,
    part,
    require,
    unknown,
)
from assistant.planning.plan import SessionPlan
from assistant.storage import Database
from assistant.users import Role, normalize_name

RoleOf = Callable[[str | None], Role | None]
__all__ = ["NotAllowed", "PlanAction", "RecordError"]

VersionKind = Literal["created", "edited", "refined"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(300))
    latest: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(100))
    notice: Mapped[str] = mapped_column(Text, default="")
    body_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class PlanShareRow(Base):
    """A plan a mentor shared with an executive."""

    __tablename__ = "plan_shares"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    user: Mapped[str] = mapped_column(String(200), primary_key=True)
    shared_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class ChatRow(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user: Mapped[str] = mapped_column(String(200), index=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class ChatMessageRow(Base):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    citations_json: Mapped[str] = mapped_column(Text, default="[]")
    withheld_json: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


@dataclass(frozen=True)
class StoredPlan:
    id: int
    version: int
    kind: str
    owner: str
    provider: str
    notice: str
    created_at: dt.datetime
    plan: SessionPlan


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    withheld: list[dict[str, Any]] = field(default_factory=list)


def ensure_tables(db: Database) -> None:
    """Create the planning tables if they are missing (idempotent)."""
    tables = [m.__table__ for m in (PlanRow, PlanVersionRow, PlanShareRow, ChatRow,
                                    ChatMessageRow, GuidanceGapRow)]
    Base.metadata.create_all(db.engine, tables=tables)  # type: ignore[arg-type]


class PlanRepository:
    """Saved plans. Every read or change names the acting user and is checked against the
    rules in planning.access; ``role_of`` tells admins apart (without it nobody is one)."""

    def __init__(self, db: Database, role_of: RoleOf | None = None) -> None:
        self.db = db
        self.role_of: RoleOf = role_of or (lambda name: None)
        ensure_tables(db)

    def create(self, plan: SessionPlan, owner: str, provider: str, notice: str = "") -> StoredPlan:
        with self.db.session() as session:
            row = PlanRow(owner=owner, title=plan.title, topic=plan.topic, latest=1)
            session.add(row)
            session.flush()
            plan_id = row.id
            session.add(_version(plan_id, 1, "created", owner, provider, notice, plan))
        return self.get(plan_id, owner)

    def part(self, plan_id: int, user: str) -> Part:
        """The user's part in the plan (NONE when there is no such plan)."""
        with self.db.session() as session:
            row = session.get(PlanRow, plan_id)
            owner = row.owner if row is not None else None
            shared = row is not None and session.get(PlanShareRow, (plan_id, user)) is not None
        return part(owner, shared, user, self.role_of(user))

    def require(self, plan_id: int, user: str, action: PlanAction) -> Part:
        """The user's part, or NotAllowed when they may not do ``action`` with the plan."""
        return require(plan_id, self.part(plan_id, user), action)

    def add_version(
        self, plan_id: int, plan: SessionPlan, kind: VersionKind, author: str,
        provider: str, notice: str = "",
    ) -> StoredPlan:
        self.require(plan_id, author, PlanAction.EDIT if kind == "edited" else PlanAction.REFINE)
        with self.db.session() as session:
            row = session.get(PlanRow, plan_id)
            assert row is not None
            row.latest += 1
            row.title, row.updated_at = plan.title, _now()
            session.add(_version(plan_id, row.latest, kind, author, provider, notice, plan))
        return self.get(plan_id, author)

    def get(self, plan_id: int, user: str, version: int | None = None,
            action: PlanAction = PlanAction.READ) -> StoredPlan:
        """The plan (latest version by default) if ``user`` may do ``action`` with it."""
        self.require(plan_id, user, action)
        with self.db.session() as session:
            row = session.get(PlanRow, plan_id)
            assert row is not None
            number = version or row.latest
            found = session.scalars(select(PlanVersionRow).filter_by(
                plan_id=plan_id, version=number)).first()
            if found is None:
                raise RecordError(f"plan {plan_id} has no version {number}")
            return _stored(row, found)

    def versions(self, plan_id: int, user: str) -> builtins.list[StoredPlan]:
        self.require(plan_id, user, PlanAction.READ)
        with self.db.session() as session:
            row = session.get(PlanRow, plan_id)
            rows = session.scalars(select(PlanVersionRow).filter_by(plan_id=plan_id)
                                   .order_by(PlanVersionRow.version))
            return [_stored(row, v) for v in rows]  # type: ignore[arg-type]

    def visible(self, user: str) -> builtins.list[dict[str, Any]]:
        """The plans ``user`` may read: all for an admin, else their own and shared ones."""
        if self.role_of(user) == Role.ADMIN:
            return self.list()
        return self.list(owner=user) + self.shared_with(user)

    def list(self, owner: str | None = None) -> list[dict[str, Any]]:
        """Plans, newest first: id, title, topic, owner, latest version, updated."""
        query = select(PlanRow).order_by(PlanRow.updated_at.desc(), PlanRow.id.desc())
        if owner is not None:
            query = query.filter_by(owner=owner)
        with self.db.session() as session:
            return [{"id": r.id, "title": r.title, "topic": r.topic, "owner": r.owner,
                     "version": r.latest, "updated": r.updated_at}
                    for r in session.scalars(query)]


    def share(self, plan_id: int, owner: str, user: str) -> None:
        """Let ``user`` (an executive) read the plan; only its owner may share it."""
        self.require(plan_id, owner, PlanAction.SHARE)
        if self.role_of(user) != Role.EXECUTIVE:
            raise NotAllowed("plans are shared with executives only; pick an executive")
        user = normalize_name(user)
        with self.db.session() as session:
            if session.get(PlanShareRow, (plan_id, user)) is None:
                session.add(PlanShareRow(plan_id=plan_id, user=user, shared_by=owner))

    def readable(self, plan_id: int, user: str) -> bool:
        """True for the plan's owner, the users it was shared with and admins."""
        return self.part(plan_id, user) is not Part.NONE

    def shared_with(self, user: str) -> builtins.list[dict[str, Any]]:
        """Plans shared with ``user``, newest first."""
        query = (select(PlanRow, PlanShareRow.shared_by)
                 .join(PlanShareRow, PlanShareRow.plan_id == PlanRow.id)
                 .where(PlanShareRow.user == user)
                 .order_by(PlanShareRow.created_at.desc()))
        with self.db.session() as session:
            return [{"id": r.id, "title": r.title, "topic": r.topic, "owner": by,
                     "version": r.latest, "updated": r.updated_at}
                    for r, by in session.execute(query)]

    def counts(self) -> dict[str, int]:
        """Plans, versions and shares, for the admin's usage figures."""
        with self.db.session() as session:
            return {
                "plans": session.query(PlanRow).count(),
                "plan versions": session.query(PlanVersionRow).count(),
                "plans shared": session.query(PlanShareRow).count(),
            }


class GuidanceGapRow(Base):
    """A question or plan topic that found no approved guidance: a knowledge-base gap."""

    __tablename__ = "guidance_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, doc="screened (redacted) text, never the raw input")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class GapLog:
    """Records what found no approved guidance, for the admin's programme view."""

    def __init__(self, db: Database) -> None:
        self.db = db
        ensure_tables(db)

    def record(self, kind: str, user: str, text: str) -> None:
        with self.db.session() as session:
            session.add(GuidanceGapRow(kind=kind, user=user, text=text[:2000]))

    def texts(self) -> builtins.list[str]:
        """Every gap's text, oldest first."""
        with self.db.session() as session:
            return list(session.scalars(select(GuidanceGapRow.text).order_by(GuidanceGapRow.id)))


class ChatRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        ensure_tables(db)

    def start(self, user: str, title: str, plan_id: int | None = None) -> int:
        with self.db.session() as session:
            row = ChatRow(user=user, title=title[:300], plan_id=plan_id)
            session.add(row)
            session.flush()
            return row.id

    def append(self, chat_id: int, message: ChatMessage) -> None:
        with self.db.session() as session:
            session.add(ChatMessageRow(
                chat_id=chat_id, role=message.role, content=message.content,
                citations_json=json.dumps(message.citations),
                withheld_json=json.dumps(message.withheld)))

    def chat(self, chat_id: int, user: str) -> ChatRow:
        """The chat if it is this user's; a chat is never shown to anyone else."""
        with self.db.session() as session:
            row = session.get(ChatRow, chat_id)
            if row is None or row.user != user:
                raise NotAllowed(unknown("chat", chat_id))
            return row

    def messages(self, chat_id: int, user: str, limit: int | None = None) -> list[ChatMessage]:
        """The chat's messages, oldest first (the last ``limit`` when given)."""
        self.chat(chat_id, user)
        query = select(ChatMessageRow).filter_by(chat_id=chat_id).order_by(
            ChatMessageRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.db.session() as session:
            rows = list(session.scalars(query))[::-1]
        return [ChatMessage(r.role, r.content, json.loads(r.citations_json),
                            json.loads(r.withheld_json)) for r in rows]

    def counts(self) -> dict[str, int]:
        """Chats and messages, for the admin's usage figures."""
        with self.db.session() as session:
            return {"chats": session.query(ChatRow).count(),
                    "chat messages": session.query(ChatMessageRow).count()}

    def list(self, user: str) -> list[dict[str, Any]]:
        with self.db.session() as session:
            rows = session.scalars(select(ChatRow).filter_by(user=user)
                                   .order_by(ChatRow.id.desc()))
            return [{"id": r.id, "title": r.title, "plan_id": r.plan_id,
                     "created": r.created_at} for r in rows]


def _version(plan_id: int, number: int, kind: str, author: str, provider: str, notice: str,
             plan: SessionPlan) -> PlanVersionRow:
    return PlanVersionRow(plan_id=plan_id, version=number, kind=kind, author=author,
                          provider=provider, notice=notice, body_json=plan.model_dump_json())


def _stored(row: PlanRow, version: PlanVersionRow) -> StoredPlan:
    return StoredPlan(row.id, version.version, version.kind, row.owner, version.provider,
                      version.notice, version.created_at,
                      SessionPlan.model_validate_json(version.body_json))
