"""policino staff presence

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-23 01:58:03.173255

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_staff_presence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('educator_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('arrived_at', sa.Time(), nullable=False),
    sa.Column('left_at', sa.Time(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('left_at IS NULL OR left_at > arrived_at', name=op.f('ck_childcare_staff_presence_leaves_after_arriving')),
    sa.ForeignKeyConstraint(['educator_id'], ['users.id'], name=op.f('fk_childcare_staff_presence_educator_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_childcare_staff_presence_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_staff_presence')),
    sa.UniqueConstraint('educator_id', 'day', 'arrived_at', name=op.f('uq_childcare_staff_presence_educator_id'))
    )
    with op.batch_alter_table('childcare_staff_presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_staff_presence_day'), ['day'], unique=False)



def downgrade():
    with op.batch_alter_table('childcare_staff_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_staff_presence_day'))

    op.drop_table('childcare_staff_presence')
