"""listed quizzes: on the public home page, or reachable only through assignments; every quiz
so far stays listed, as it was

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 01:51:32.102334

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_listed', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.alter_column('is_listed', server_default=None)


def downgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_column('is_listed')
