"""initial schema: the tables create_all made before migrations

Revision ID: 0001
Revises:
Create Date: 2026-12-02 17:38:03.534758
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database made by create_all before migrations existed keeps its tables and rows;
    # only the tables it lacks are created.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "documents" not in existing:
        op.create_table(
            "documents",
            sa.Column("doc_id", sa.String(length=300), nullable=False),
            sa.Column("version", sa.String(length=64), nullable=False),
            sa.Column("origin", sa.String(length=1000), nullable=False),
            sa.Column("source", sa.String(length=1000), nullable=False),
            sa.Column("format", sa.String(length=20), nullable=False),
            sa.Column("title", sa.String(length=300), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("owner", sa.String(length=200), nullable=False),
            sa.Column("topics_json", sa.Text(), nullable=False),
            sa.Column("audience_json", sa.Text(), nullable=False),
            sa.Column("updated", sa.Date(), nullable=True),
            sa.Column("valid_until", sa.Date(), nullable=True),
            sa.Column("flags_json", sa.Text(), nullable=False),
            sa.Column("chunks", sa.Integer(), nullable=False),
            sa.Column(
                "indexed_at",
                sa.DateTime(),
                server_default=sa.text("(CURRENT_TIMESTAMP)"),
                nullable=False,
            ),
            sa.PrimaryKeyConstraint("doc_id"),
        )
    if "guard_audit" not in existing:
        op.create_table(
            "guard_audit",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("stage", sa.String(length=16), nullable=False),
            sa.Column("user", sa.String(length=200), nullable=True),
            sa.Column("action", sa.String(length=8), nullable=False),
            sa.Column("categories", sa.String(length=200), nullable=False),
            sa.Column("rules", sa.Text(), nullable=False),
            sa.Column("hashes", sa.Text(), nullable=False),
            sa.Column("finding_count", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("guard_audit", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_guard_audit_created_at"), ["created_at"], unique=False
            )
            batch_op.create_index(batch_op.f("ix_guard_audit_stage"), ["stage"], unique=False)
    if "guard_meta" not in existing:
        op.create_table(
            "guard_meta",
            sa.Column("name", sa.String(length=50), nullable=False),
            sa.Column("value", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("name"),
        )
    if "guard_terms" not in existing:
        op.create_table(
            "guard_terms",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("term", sa.String(length=300), nullable=False),
            sa.Column("key", sa.String(length=300), nullable=False),
            sa.Column("added_by", sa.String(length=200), nullable=True),
            sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("guard_terms", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_guard_terms_key"), ["key"], unique=True)
    if "guidance_gaps" not in existing:
        op.create_table(
            "guidance_gaps",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("user", sa.String(length=200), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "journey_pairs" not in existing:
        op.create_table(
            "journey_pairs",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("mentor", sa.String(length=40), nullable=False),
            sa.Column("executive", sa.String(length=40), nullable=False),
            sa.Column("executive_role", sa.String(length=200), nullable=False),
            sa.Column("familiarity_json", sa.Text(), nullable=False),
            sa.Column("created_by", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("mentor", "executive"),
        )
        with op.batch_alter_table("journey_pairs", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_journey_pairs_executive"), ["executive"], unique=False
            )
            batch_op.create_index(batch_op.f("ix_journey_pairs_mentor"), ["mentor"], unique=False)
    if "kb_state" not in existing:
        op.create_table(
            "kb_state",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("generation", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "plans" not in existing:
        op.create_table(
            "plans",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("owner", sa.String(length=200), nullable=False),
            sa.Column("title", sa.String(length=300), nullable=False),
            sa.Column("topic", sa.String(length=300), nullable=False),
            sa.Column("latest", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("plans", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_plans_owner"), ["owner"], unique=False)
    if "sync_intents" not in existing:
        op.create_table(
            "sync_intents",
            sa.Column("doc_id", sa.String(length=300), nullable=False),
            sa.Column("target_version", sa.String(length=64), nullable=True),
            sa.PrimaryKeyConstraint("doc_id"),
        )
    if "users" not in existing:
        op.create_table(
            "users",
            sa.Column("name", sa.String(length=40), nullable=False),
            sa.Column("role", sa.String(length=20), nullable=False),
            sa.Column("password_hash", sa.String(length=200), nullable=False),
            sa.Column(
                "created_at",
                sa.DateTime(),
                server_default=sa.text("(CURRENT_TIMESTAMP)"),
                nullable=False,
            ),
            sa.PrimaryKeyConstraint("name"),
        )
    if "chats" not in existing:
        op.create_table(
            "chats",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user", sa.String(length=200), nullable=False),
            sa.Column("plan_id", sa.Integer(), nullable=True),
            sa.Column("title", sa.String(length=300), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="SET NULL"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("chats", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_chats_user"), ["user"], unique=False)
    if "journey_goals" not in existing:
        op.create_table(
            "journey_goals",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("pair_id", sa.Integer(), nullable=False),
            sa.Column("text", sa.String(length=300), nullable=False),
            sa.Column("target_date", sa.Date(), nullable=False),
            sa.Column("progress", sa.Integer(), nullable=False),
            sa.Column("comment", sa.Text(), nullable=False),
            sa.Column("created_by", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["pair_id"], ["journey_pairs.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("journey_goals", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_journey_goals_pair_id"), ["pair_id"], unique=False)
    if "journey_sessions" not in existing:
        op.create_table(
            "journey_sessions",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("pair_id", sa.Integer(), nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("plan_id", sa.Integer(), nullable=False),
            sa.Column("goal_ids_json", sa.Text(), nullable=False),
            sa.Column("scheduled_at", sa.DateTime(), nullable=True),
            sa.Column("held_on", sa.Date(), nullable=True),
            sa.Column("created_by", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["pair_id"], ["journey_pairs.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("pair_id", "number"),
        )
        with op.batch_alter_table("journey_sessions", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_journey_sessions_pair_id"), ["pair_id"], unique=False
            )
    if "plan_shares" not in existing:
        op.create_table(
            "plan_shares",
            sa.Column("plan_id", sa.Integer(), nullable=False),
            sa.Column("user", sa.String(length=200), nullable=False),
            sa.Column("shared_by", sa.String(length=200), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("plan_id", "user"),
        )
    if "plan_versions" not in existing:
        op.create_table(
            "plan_versions",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("plan_id", sa.Integer(), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("author", sa.String(length=200), nullable=False),
            sa.Column("provider", sa.String(length=100), nullable=False),
            sa.Column("notice", sa.Text(), nullable=False),
            sa.Column("body_json", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("plan_versions", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_plan_versions_plan_id"), ["plan_id"], unique=False)
    if "chat_messages" not in existing:
        op.create_table(
            "chat_messages",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("chat_id", sa.Integer(), nullable=False),
            sa.Column("role", sa.String(length=20), nullable=False),
            sa.Column("content", sa.Text(), nullable=False),
            sa.Column("citations_json", sa.Text(), nullable=False),
            sa.Column("withheld_json", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["chat_id"], ["chats.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("chat_messages", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_chat_messages_chat_id"), ["chat_id"], unique=False)
    if "journey_executive_feedback" not in existing:
        op.create_table(
            "journey_executive_feedback",
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column("author", sa.String(length=40), nullable=False),
            sa.Column("rating", sa.Integer(), nullable=False),
            sa.Column("helped", sa.Text(), nullable=False),
            sa.Column("change", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["journey_sessions.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("session_id"),
        )
    if "journey_goal_updates" not in existing:
        op.create_table(
            "journey_goal_updates",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("goal_id", sa.Integer(), nullable=False),
            sa.Column("session_id", sa.Integer(), nullable=True),
            sa.Column("progress", sa.Integer(), nullable=False),
            sa.Column("comment", sa.Text(), nullable=False),
            sa.Column("author", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["goal_id"], ["journey_goals.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("journey_goal_updates", schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f("ix_journey_goal_updates_goal_id"), ["goal_id"], unique=False
            )
    if "journey_mentor_notes" not in existing:
        op.create_table(
            "journey_mentor_notes",
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column("author", sa.String(length=40), nullable=False),
            sa.Column("covered_json", sa.Text(), nullable=False),
            sa.Column("skipped_json", sa.Text(), nullable=False),
            sa.Column("questions_json", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["journey_sessions.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("session_id"),
        )


def downgrade() -> None:
    op.drop_table("journey_mentor_notes")
    with op.batch_alter_table("journey_goal_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_goal_updates_goal_id"))

    op.drop_table("journey_goal_updates")
    op.drop_table("journey_executive_feedback")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_messages_chat_id"))

    op.drop_table("chat_messages")
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_versions_plan_id"))

    op.drop_table("plan_versions")
    op.drop_table("plan_shares")
    with op.batch_alter_table("journey_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_sessions_pair_id"))

    op.drop_table("journey_sessions")
    with op.batch_alter_table("journey_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_goals_pair_id"))

    op.drop_table("journey_goals")
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chats_user"))

    op.drop_table("chats")
    op.drop_table("users")
    op.drop_table("sync_intents")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_owner"))

    op.drop_table("plans")
    op.drop_table("kb_state")
    with op.batch_alter_table("journey_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journey_pairs_mentor"))
        batch_op.drop_index(batch_op.f("ix_journey_pairs_executive"))

    op.drop_table("journey_pairs")
    op.drop_table("guidance_gaps")
    with op.batch_alter_table("guard_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guard_terms_key"))

    op.drop_table("guard_terms")
    op.drop_table("guard_meta")
    with op.batch_alter_table("guard_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guard_audit_stage"))
        batch_op.drop_index(batch_op.f("ix_guard_audit_created_at"))

    op.drop_table("guard_audit")
    op.drop_table("documents")
