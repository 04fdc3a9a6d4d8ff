"""quiz settings, saving order, study cards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:04:34.763583

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('card', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('lapses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_review_card_question_id_question')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_card_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_card')),
    sa.UniqueConstraint('user_id', 'question_id', name=op.f('uq_review_card_user_id'))
    )
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.create_index('ix_review_card_user_due', ['user_id', 'due_at'], unique=False)

    op.create_table('review_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('is_correct', sa.Boolean(), nullable=False),
    sa.Column('choice_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.Column('card_before', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['card_id'], ['review_card.id'], name=op.f('fk_review_log_card_id_review_card')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_review_log_question_id_question')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_log_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_log'))
    )
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.create_index('ix_review_log_card', ['card_id', 'reviewed_at'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('questions_per_attempt', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('is_shuffle_questions', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('time_limit_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attempts_allowed', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('feedback_mode', sa.String(length=20), nullable=False, server_default='deferred'))
        batch_op.add_column(sa.Column('layout', sa.String(length=20), nullable=False, server_default='all'))

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('saved_seq', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('checked_at')
        batch_op.drop_column('saved_seq')

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_column('layout')
        batch_op.drop_column('feedback_mode')
        batch_op.drop_column('attempts_allowed')
        batch_op.drop_column('time_limit_s')
        batch_op.drop_column('is_shuffle_questions')
        batch_op.drop_column('questions_per_attempt')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('deadline_at')

    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.drop_index('ix_review_log_card')

    op.drop_table('review_log')
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.drop_index('ix_review_card_user_due')

    op.drop_table('review_card')
