"""run owner: host, boot id and heartbeat of the process doing a run

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 03:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('boot_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('heartbeat', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.drop_column('heartbeat')
        batch_op.drop_column('boot_id')
        batch_op.drop_column('host')
