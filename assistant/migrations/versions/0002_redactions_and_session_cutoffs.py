"""document redactions (what ingestion redacted per document) and session cutoffs (when a
user's web sessions were ended by a password or role change)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 18:23:14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Like 0001: a database that already has a table (made by create_all) keeps it.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "document_redactions" not in existing:
        op.create_table(
            "document_redactions",
            sa.Column("doc_id", sa.String(length=300), nullable=False),
            sa.Column("rules_json", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("doc_id"),
        )
    if "session_cutoffs" not in existing:
        op.create_table(
            "session_cutoffs",
            sa.Column("name", sa.String(length=40), nullable=False),
            sa.Column("not_before", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("name"),
        )


def downgrade() -> None:
    op.drop_table("session_cutoffs")
    op.drop_table("document_redactions")
