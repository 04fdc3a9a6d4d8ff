"""statistics per assignment: the kept sums get a scope (0, the whole quiz, as so far; or an
assignment's id) in their primary key

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 02:47:10.518233

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

KEYS = {
    'quiz_stat': ['quiz_id', 'scope', 'selector'],
    'score_count': ['quiz_id', 'scope', 'selector', 'score'],
    'item_stat': ['quiz_id', 'scope', 'selector', 'question_id'],
    'rest_count': ['quiz_id', 'scope', 'selector', 'question_id', 'rest'],
    'choice_count': ['quiz_id', 'scope', 'selector', 'question_id', 'choice_id'],
}


def upgrade():
    for table, keys in KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('scope', sa.Integer(), nullable=False,
                                          server_default='0'))
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', keys)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('scope', server_default=None)


def downgrade():
    for table, keys in KEYS.items():
        op.execute(sa.text(f'DELETE FROM {table} WHERE scope != 0'))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', [k for k in keys if k != 'scope'])
            batch_op.drop_column('scope')
