"""a multiple-answer question's chosen set on its response; marks in whole units

Each response keeps, besides the one choice of a single-answer or true/false question
(`choice_id`), the ticked choices of a multiple-answer question (`chosen`: ids, ascending,
comma-separated) and, once graded, its mark in units of 1/12,600 of a question's mark
(`mark`); each attempt its total in the same units (`marks`), so partial credit adds up
exactly; a study review keeps a ticked set the same way (`review_log.chosen`). Past attempts, all of single-answer questions, get the marks they had: 12,600 for a
right answer, 0 for a wrong or missing one.

The statistics' kept sums move to the same units (marks, totals and their products scaled by
12,600 and its square), `quiz_stat` drops the third and fourth power sums (totals in units
would outgrow 64 bits; those moments now come from `score_count`), and `mark_count` keeps
each question's histogram of marks (filled here from the right answers counted so far).

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
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chosen', sa.String(length=200), nullable=True))
    op.execute(f"UPDATE response SET mark = CASE WHEN is_correct THEN {MARK_UNIT} ELSE 0 END "
               "WHERE is_correct IS NOT NULL")
    op.execute(f"UPDATE attempt SET marks = score * {MARK_UNIT} WHERE score IS NOT NULL")
    op.create_table(
        'mark_count',
        sa.Column('quiz_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.Integer(), nullable=False),
        sa.Column('selector', sa.String(length=10), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('mark', sa.Integer(), nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'],
                                name=op.f('fk_mark_count_question_id_question')),
        sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_mark_count_quiz_id_quiz')),
        sa.PrimaryKeyConstraint('quiz_id', 'scope', 'selector', 'question_id', 'mark',
                                name=op.f('pk_mark_count')))
    _scale_statistics(MARK_UNIT)
    keys = "quiz_id, scope, selector, question_id"
    # so far every mark was 0 or 1: sx counted the right answers
    op.execute(f"INSERT INTO mark_count ({keys}, mark, n) SELECT {keys}, {MARK_UNIT}, "
               f"sx / {MARK_UNIT} FROM item_stat WHERE sx > 0")
    op.execute(f"INSERT INTO mark_count ({keys}, mark, n) SELECT {keys}, 0, "
               f"n - sx / {MARK_UNIT} FROM item_stat WHERE n * {MARK_UNIT} > sx")
    with op.batch_alter_table('quiz_stat', schema=None) as batch_op:
        batch_op.drop_column('s4')
        batch_op.drop_column('s3')


def _scale_statistics(unit: int) -> None:
    """Marks in the kept sums multiplied by `unit`."""
    op.execute(f"UPDATE quiz_stat SET s1 = s1 * {unit}, s2 = s2 * {unit ** 2}")
    op.execute(f"UPDATE score_count SET score = score * {unit}")
    op.execute(f"UPDATE item_stat SET sx = sx * {unit}, sxx = sxx * {unit ** 2}, "
               f"st = st * {unit}, stt = stt * {unit ** 2}, sxt = sxt * {unit ** 2}")
    op.execute(f"UPDATE rest_count SET rest = rest * {unit}")


def downgrade():
    # partial credit has no place in the older sums: they are emptied, and `flask stats
    # rebuild` (of the older code) makes them again from the attempts
    for table in ('quiz_stat', 'score_count', 'item_stat', 'rest_count', 'choice_count'):
        op.execute(f"DELETE FROM {table}")
    with op.batch_alter_table('quiz_stat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('s3', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('s4', sa.BigInteger(), nullable=False, server_default='0'))
    op.drop_table('mark_count')
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.drop_column('chosen')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('marks')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('mark')
        batch_op.drop_column('chosen')
