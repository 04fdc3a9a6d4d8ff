"""question types: single (every question so far), multiple or truefalse; a multiple-answer
choice's explicit share of the mark

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('type', sa.String(length=20), server_default='single',
                                      nullable=False))
    with op.batch_alter_table('choice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fraction', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('choice', schema=None) as batch_op:
        batch_op.drop_column('fraction')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('type')
