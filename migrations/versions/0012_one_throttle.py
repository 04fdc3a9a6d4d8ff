"""one throttle: every limit's state in one table, one row per scope and key; the three
tables of recent events it replaces (failed logins, accounts made, wrong class codes) go

Their events are not carried over: each counted for at most an hour, so at worst the limits
start afresh once, at the upgrade.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# the tables replaced: name, its columns beside id, address and at (made afresh), indexes
REPLACED = (
    ('login_failure', [lambda: sa.Column('username_key', sa.String(length=80), nullable=False)],
     {'ix_login_failure_address_at': ['address', 'at'],
      'ix_login_failure_username_key_at': ['username_key', 'at']}),
    ('registration', [], {'ix_registration_address_at': ['address', 'at']}),
    ('join_failure', [], {'ix_join_failure_address_at': ['address', 'at']}),
)


def upgrade():
    op.create_table('throttle',
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('until', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_throttle'))
    )
    with op.batch_alter_table('throttle', schema=None) as batch_op:
        batch_op.create_index('ix_throttle_until', ['until'], unique=False)
    for name, _, indexes in REPLACED:
        with op.batch_alter_table(name, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(name)


def downgrade():
    for name, columns, indexes in REPLACED:
        op.create_table(name,
        sa.Column('id', sa.Integer(), nullable=False),
        *[column() for column in columns],
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
        )
        with op.batch_alter_table(name, schema=None) as batch_op:
            for index, index_columns in indexes.items():
                batch_op.create_index(index, index_columns, unique=False)
    with op.batch_alter_table('throttle', schema=None) as batch_op:
        batch_op.drop_index('ix_throttle_until')
    op.drop_table('throttle')
