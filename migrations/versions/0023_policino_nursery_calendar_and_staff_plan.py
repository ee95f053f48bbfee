"""Policino: the micro nido's July switch and closing days; the activity plan mailed to whoever asks (staff too)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-29 20:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_nursery_closures',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_childcare_nursery_closures_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_childcare_nursery_closures'))
    )
    op.create_table('childcare_summers',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('nursery_open', sa.Boolean(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_childcare_summers_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_childcare_summers'))
    )
    op.create_table('childcare_plan_subscribers',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subscribed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_childcare_plan_subscribers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_childcare_plan_subscribers'))
    )
    # The families who asked for the plan keep getting it: their parent becomes a subscriber.
    families = sa.table('childcare_families', sa.column('parent_id', sa.Integer), sa.column('plan_emails', sa.Boolean),
                        sa.column('created_at', sa.DateTime(timezone=True)))
    subscribers = sa.table('childcare_plan_subscribers', sa.column('user_id', sa.Integer),
                           sa.column('subscribed_at', sa.DateTime(timezone=True)))
    op.execute(subscribers.insert().from_select(
        ['user_id', 'subscribed_at'],
        sa.select(families.c.parent_id, families.c.created_at).where(families.c.plan_emails == sa.true())))
    with op.batch_alter_table('childcare_families', schema=None) as batch_op:
        batch_op.drop_column('plan_emails')


def downgrade():
    with op.batch_alter_table('childcare_families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_emails', sa.Boolean(), server_default='0', nullable=False))
    families = sa.table('childcare_families', sa.column('parent_id', sa.Integer), sa.column('plan_emails', sa.Boolean))
    subscribers = sa.table('childcare_plan_subscribers', sa.column('user_id', sa.Integer))
    op.execute(families.update().where(families.c.parent_id.in_(sa.select(subscribers.c.user_id)))
               .values(plan_emails=sa.true()))
    op.drop_table('childcare_plan_subscribers')
    op.drop_table('childcare_summers')
    op.drop_table('childcare_nursery_closures')
