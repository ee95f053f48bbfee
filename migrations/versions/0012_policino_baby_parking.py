"""Policino baby parking: families, children, pick-up people, closures, blocks, bookings, cards, waiting list

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 22:17:19.453686

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('educators', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('max_children', sa.Integer(), nullable=False),
    sa.Column('children_per_educator', sa.Integer(), nullable=False),
    sa.CheckConstraint('booked <= children_per_educator * educators', name=op.f('ck_childcare_blocks_educator_ratio')),
    sa.CheckConstraint('booked <= max_children', name=op.f('ck_childcare_blocks_room_limit')),
    sa.CheckConstraint('booked >= 0', name=op.f('ck_childcare_blocks_booked_non_negative')),
    sa.CheckConstraint('educators >= 0', name=op.f('ck_childcare_blocks_educators_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_blocks')),
    sa.UniqueConstraint('day', 'starts_at', name=op.f('uq_childcare_blocks_day'))
    )
    with op.batch_alter_table('childcare_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_blocks_day'), ['day'], unique=False)

    op.create_table('childcare_closures',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_childcare_closures'))
    )
    op.create_table('childcare_families',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('membership_valid_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("category IN ('staff', 'student', 'grandparent', 'other')", name=op.f('ck_childcare_families_category_known')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_childcare_families_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['users.id'], name=op.f('fk_childcare_families_parent_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_families')),
    sa.UniqueConstraint('parent_id', name=op.f('uq_childcare_families_parent_id'))
    )
    op.create_table('childcare_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('blocks_total', sa.Integer(), nullable=False),
    sa.Column('blocks_used', sa.Integer(), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('sold_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sold_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('blocks_used >= 0 AND blocks_used <= blocks_total', name=op.f('ck_childcare_cards_blocks_within_card')),
    sa.CheckConstraint('price_cents >= 0', name=op.f('ck_childcare_cards_price_non_negative')),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_cards_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['sold_by_id'], ['users.id'], name=op.f('fk_childcare_cards_sold_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_cards'))
    )
    with op.batch_alter_table('childcare_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_cards_family_id'), ['family_id'], unique=False)

    op.create_table('childcare_children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('micro_nido', sa.Boolean(), nullable=False),
    sa.Column('allergies', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_children_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_children'))
    )
    with op.batch_alter_table('childcare_children', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_children_family_id'), ['family_id'], unique=False)

    op.create_table('childcare_pickup_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('relationship_to_child', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_pickup_people_family_id_childcare_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_pickup_people'))
    )
    with op.batch_alter_table('childcare_pickup_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_pickup_people_family_id'), ['family_id'], unique=False)

    op.create_table('childcare_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('charge', sa.String(length=20), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_late', sa.Boolean(), nullable=False),
    sa.CheckConstraint("charge <> 'card' OR card_id IS NOT NULL", name=op.f('ck_childcare_bookings_card_charge_has_card')),
    sa.CheckConstraint("charge IN ('free', 'card', 'single')", name=op.f('ck_childcare_bookings_charge_known')),
    sa.CheckConstraint("status IN ('booked', 'cancelled')", name=op.f('ck_childcare_bookings_status_known')),
    sa.ForeignKeyConstraint(['block_id'], ['childcare_blocks.id'], name=op.f('fk_childcare_bookings_block_id_childcare_blocks'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['card_id'], ['childcare_cards.id'], name=op.f('fk_childcare_bookings_card_id_childcare_cards'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['child_id'], ['childcare_children.id'], name=op.f('fk_childcare_bookings_child_id_childcare_children'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_childcare_bookings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_bookings_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_bookings'))
    )
    with op.batch_alter_table('childcare_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_bookings_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_bookings_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_bookings_family_id'), ['family_id'], unique=False)
        batch_op.create_index('uq_childcare_bookings_active_child_block', ['block_id', 'child_id'], unique=True, postgresql_where=sa.text("status = 'booked'"), sqlite_where=sa.text("status = 'booked'"))

    op.create_table('childcare_waiting_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('waiting', 'placed', 'withdrawn')", name=op.f('ck_childcare_waiting_list_status_known')),
    sa.ForeignKeyConstraint(['block_id'], ['childcare_blocks.id'], name=op.f('fk_childcare_waiting_list_block_id_childcare_blocks'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['child_id'], ['childcare_children.id'], name=op.f('fk_childcare_waiting_list_child_id_childcare_children'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_waiting_list_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_waiting_list'))
    )
    with op.batch_alter_table('childcare_waiting_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_waiting_list_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_waiting_list_family_id'), ['family_id'], unique=False)
        batch_op.create_index('uq_childcare_waiting_active_child_block', ['block_id', 'child_id'], unique=True, postgresql_where=sa.text("status = 'waiting'"), sqlite_where=sa.text("status = 'waiting'"))



def downgrade():
    with op.batch_alter_table('childcare_waiting_list', schema=None) as batch_op:
        batch_op.drop_index('uq_childcare_waiting_active_child_block', postgresql_where=sa.text("status = 'waiting'"), sqlite_where=sa.text("status = 'waiting'"))
        batch_op.drop_index(batch_op.f('ix_childcare_waiting_list_family_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_waiting_list_block_id'))

    op.drop_table('childcare_waiting_list')
    with op.batch_alter_table('childcare_bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_childcare_bookings_active_child_block', postgresql_where=sa.text("status = 'booked'"), sqlite_where=sa.text("status = 'booked'"))
        batch_op.drop_index(batch_op.f('ix_childcare_bookings_family_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_bookings_child_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_bookings_block_id'))

    op.drop_table('childcare_bookings')
    with op.batch_alter_table('childcare_pickup_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_pickup_people_family_id'))

    op.drop_table('childcare_pickup_people')
    with op.batch_alter_table('childcare_children', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_children_family_id'))

    op.drop_table('childcare_children')
    with op.batch_alter_table('childcare_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_cards_family_id'))

    op.drop_table('childcare_cards')
    op.drop_table('childcare_families')
    op.drop_table('childcare_closures')
    with op.batch_alter_table('childcare_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_blocks_day'))

    op.drop_table('childcare_blocks')
