"""index a learner's attempts by submission

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 11:24:22.872516

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_user_quiz'))
        batch_op.create_index('ix_attempt_user_quiz_submitted', ['user_id', 'quiz_id', 'submitted_at'], unique=False)



def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_user_quiz_submitted')
        batch_op.create_index(batch_op.f('ix_attempt_user_quiz'), ['user_id', 'quiz_id'], unique=False)

