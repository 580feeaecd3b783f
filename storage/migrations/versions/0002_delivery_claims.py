"""Delivery claims: which deliveries from Slack some process has taken, so every process on the
database runs each once (adapt.storage.store.Store.claim_delivery).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_claims",
        sa.Column("delivery_id", sa.String(64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", name="pk_delivery_claims"),
        sqlite_with_rowid=False,  # SQLite: the key is the table, one b-tree fewer per claim
    )
    op.create_index("ix_delivery_claims_claimed_at", "delivery_claims", ["claimed_at"])


def downgrade() -> None:
    op.drop_table("delivery_claims")
