"""review: corrections of verdicts and per-run approvals

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=100), nullable=False),
    sa.Column('old', sa.String(length=100), nullable=True),
    sa.Column('new', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('page_url', sa.String(length=2000), nullable=True),
    sa.Column('text_hash', sa.String(length=64), nullable=True),
    sa.Column('needs_recheck', sa.Boolean(), nullable=False),
    sa.Column('carried_from', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index('ix_correction_run_centre', ['run_id', 'centre_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'centre_id')
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_run_id'), ['run_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_run_id'))
    op.drop_table('review')
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index('ix_correction_run_centre')
        batch_op.drop_index(batch_op.f('ix_correction_centre_id'))
    op.drop_table('correction')
