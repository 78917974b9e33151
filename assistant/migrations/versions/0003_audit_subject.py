"""guard_audit.subject: what a review decided about (the document an admin approved anyway)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Like 0001: a database made by create_all from the newer models already has the column.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("guard_audit")}
    if "subject" not in columns:
        with op.batch_alter_table("guard_audit") as batch:
            batch.add_column(sa.Column("subject", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guard_audit") as batch:
        batch.drop_column("subject")
