"""assignments: a quiz handed to a class with a join code; who joined; wrong codes;
attempts made through an assignment; the name a guest gives

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 01:25:49.033494

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('join_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_join_failure'))
    )
    with op.batch_alter_table('join_failure', schema=None) as batch_op:
        batch_op.create_index('ix_join_failure_address_at', ['address', 'at'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('is_name_required', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_assignment_owner_id_user')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_assignment_quiz_id_quiz')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('code', name=op.f('uq_assignment_code'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_quiz_owner', ['quiz_id', 'owner_id'], unique=False)

    op.create_table('assignment_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_assignment_member_assignment_id_assignment')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_assignment_member_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_member')),
    sa.UniqueConstraint('assignment_id', 'user_id', name=op.f('uq_assignment_member_assignment_id'))
    )
    with op.batch_alter_table('assignment_member', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_member_user', ['user_id'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignment_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_attempt_assignment_user', ['assignment_id', 'user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attempt_assignment_id_assignment'), 'assignment', ['assignment_id'], ['id'])

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_name', sa.String(length=80), nullable=True))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('given_name')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attempt_assignment_id_assignment'), type_='foreignkey')
        batch_op.drop_index('ix_attempt_assignment_user')
        batch_op.drop_column('assignment_id')

    with op.batch_alter_table('assignment_member', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_member_user')

    op.drop_table('assignment_member')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_quiz_owner')

    op.drop_table('assignment')
    with op.batch_alter_table('join_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_join_failure_address_at')

    op.drop_table('join_failure')
