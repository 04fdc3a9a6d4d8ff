"""attempt kinds: graded (every attempt so far) or preview (an instructor trying the quiz)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 01:10:40.169114

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='graded', nullable=False))



def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('kind')

