"""messages.duplicate_of: a duplicate's original in a column of its own, so that `reason`
has one meaning (the reason half of the outcome); it held "duplicate of N" for duplicates

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# "duplicate of " is 13 characters: the original's id starts at the 14th. substr, CAST and
# || mean the same on SQLite and PostgreSQL.
_PREFIX = "duplicate of "


def upgrade() -> None:
    # A nullable column: SQLite adds it without rebuilding the table.
    op.add_column("messages", sa.Column("duplicate_of", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE messages SET duplicate_of = CAST(substr(reason, 14) AS INTEGER), reason = NULL "
        f"WHERE state = 'duplicate' AND reason LIKE '{_PREFIX}%'"
    )


def downgrade() -> None:
    op.execute(
        f"UPDATE messages SET reason = '{_PREFIX}' || CAST(duplicate_of AS VARCHAR) "
        "WHERE state = 'duplicate' AND duplicate_of IS NOT NULL"
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("duplicate_of")
