"""error codes: a page's error and a centre visit's reason get a code next to their text

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable, no default: rows older than the codes keep None, and outputs say their text
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_code', sa.String(length=30), nullable=True))
    with op.batch_alter_table('centre_visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_code', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('centre_visit', schema=None) as batch_op:
        batch_op.drop_column('reason_code')
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('error_code')
