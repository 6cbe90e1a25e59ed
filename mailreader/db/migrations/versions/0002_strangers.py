"""strangers: registered submissions, stranger attempts, the new-recipient cap

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("no_reply", sa.String(length=32), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_contact", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table(
        "stranger_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=998), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account"], ["accounts.account"],
                                name=op.f("fk_stranger_attempts_account_accounts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stranger_attempts")),
    )
    with op.batch_alter_table("stranger_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_stranger_attempts_account_period", ["account", "period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stranger_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_stranger_attempts_account_period")
    op.drop_table("stranger_attempts")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("first_contact")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("no_reply")
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_column("registered")
