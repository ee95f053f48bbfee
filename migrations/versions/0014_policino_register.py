"""Policino: the day register (arrivals, pick-ups) and half hours charged after a late pick-up

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-22 22:58:41.536266

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('arrived_at', sa.Time(), nullable=False),
    sa.Column('left_at', sa.Time(), nullable=True),
    sa.Column('picked_up_by', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('left_at IS NULL OR left_at >= arrived_at', name=op.f('ck_childcare_attendance_leaves_after_arriving')),
    sa.ForeignKeyConstraint(['child_id'], ['childcare_children.id'], name=op.f('fk_childcare_attendance_child_id_childcare_children'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_attendance_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_childcare_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_attendance')),
    sa.UniqueConstraint('child_id', 'day', name=op.f('uq_childcare_attendance_child_id'))
    )
    with op.batch_alter_table('childcare_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_attendance_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_attendance_family_id'), ['family_id'], unique=False)

    op.create_table('childcare_extra_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attendance_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('charge', sa.String(length=20), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.CheckConstraint("charge <> 'card' OR card_id IS NOT NULL", name=op.f('ck_childcare_extra_blocks_card_charge_has_card')),
    sa.CheckConstraint("charge IN ('free', 'card', 'single')", name=op.f('ck_childcare_extra_blocks_charge_known')),
    sa.ForeignKeyConstraint(['attendance_id'], ['childcare_attendance.id'], name=op.f('fk_childcare_extra_blocks_attendance_id_childcare_attendance'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['card_id'], ['childcare_cards.id'], name=op.f('fk_childcare_extra_blocks_card_id_childcare_cards'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_extra_blocks_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_extra_blocks')),
    sa.UniqueConstraint('attendance_id', 'starts_at', name=op.f('uq_childcare_extra_blocks_attendance_id'))
    )
    with op.batch_alter_table('childcare_extra_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_extra_blocks_attendance_id'), ['attendance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_extra_blocks_family_id'), ['family_id'], unique=False)



def downgrade():
    with op.batch_alter_table('childcare_extra_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_extra_blocks_family_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_extra_blocks_attendance_id'))

    op.drop_table('childcare_extra_blocks')
    with op.batch_alter_table('childcare_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_attendance_family_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_attendance_day'))

    op.drop_table('childcare_attendance')
