"""Policino: the week's activity plan, and families who want it by e-mail

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-22 23:19:52.900112

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_activity_plans',
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('body_it', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("body_it <> '' AND body_en <> ''", name=op.f('ck_childcare_activity_plans_both_languages')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_childcare_activity_plans_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('week_start', name=op.f('pk_childcare_activity_plans'))
    )
    with op.batch_alter_table('childcare_families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_emails', sa.Boolean(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('childcare_families', schema=None) as batch_op:
        batch_op.drop_column('plan_emails')

    op.drop_table('childcare_activity_plans')
