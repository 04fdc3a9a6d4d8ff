"""article import and sentences

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 10:15:57.261892

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rejected_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('stem', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_rejected_draft_article_id_article')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejected_draft'))
    )
    with op.batch_alter_table('rejected_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rejected_draft_article_id'), ['article_id'], unique=False)

    op.create_table('sentence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_sentence_article_id_article')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sentence')),
    sa.UniqueConstraint('article_id', 'paragraph', 'position', name=op.f('uq_sentence_article_id'))
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('byline', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('imported_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_article_content_hash'), ['content_hash'], unique=False)

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sentence_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_question_sentence_id_sentence'), 'sentence', ['sentence_id'], ['id'])



def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_question_sentence_id_sentence'), type_='foreignkey')
        batch_op.drop_column('sentence_id')

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_content_hash'))
        batch_op.drop_column('imported_at')
        batch_op.drop_column('content_hash')
        batch_op.drop_column('text')
        batch_op.drop_column('byline')

    op.drop_table('sentence')
    with op.batch_alter_table('rejected_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rejected_draft_article_id'))

    op.drop_table('rejected_draft')
