"""a multiple-answer question's chosen set on its response; marks in whole units

Each response keeps, besides the one choice of a single-answer or true/false question
(`choice_id`), the ticked choices of a multiple-answer question (`chosen`: ids, ascending,
comma-separated) and, once graded, its mark in units of 1/12,600 of a question's mark
(`mark`); each attempt its total in the same units (`marks`), so partial credit adds up
exactly. Past attempts, all of single-answer questions, get the marks they had: 12,600 for a
right answer, 0 for a wrong or missing one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

MARK_UNIT = 12_600  # app.domain.content.MARK_UNIT when this was written


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chosen', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('mark', sa.Integer(), nullable=True))
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('marks', sa.BigInteger(), nullable=True))
    op.execute(f"UPDATE response SET mark = CASE WHEN is_correct THEN {MARK_UNIT} ELSE 0 END "
               "WHERE is_correct IS NOT NULL")
    op.execute(f"UPDATE attempt SET marks = score * {MARK_UNIT} WHERE score IS NOT NULL")


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('marks')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('mark')
        batch_op.drop_column('chosen')
