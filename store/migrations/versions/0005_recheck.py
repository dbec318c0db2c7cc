"""recheck: one centre checked again on demand, and what changed

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recheck',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('archive_run_id', sa.Integer(), nullable=True),
    sa.Column('old_grading_id', sa.Integer(), nullable=True),
    sa.Column('new_grading_id', sa.Integer(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recheck', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recheck_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index('ix_recheck_run_centre', ['run_id', 'centre_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recheck', schema=None) as batch_op:
        batch_op.drop_index('ix_recheck_run_centre')
        batch_op.drop_index(batch_op.f('ix_recheck_centre_id'))
    op.drop_table('recheck')
