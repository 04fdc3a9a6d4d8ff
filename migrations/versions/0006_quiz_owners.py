"""quiz owners: a quiz belongs to the instructor who made it; existing quizzes to no one

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 01:01:09.183583

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_quiz_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_quiz_owner_id_user'), 'user', ['owner_id'], ['id'])



def downgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quiz_owner_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_quiz_owner_id'))
        batch_op.drop_column('owner_id')

