"""Policino: payments with yearly receipt numbers

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-22 22:40:07.549680

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_receipt_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_childcare_receipt_counters'))
    )
    op.create_table('childcare_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('receipt_year', sa.Integer(), nullable=False),
    sa.Column('receipt_number', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('transfer', 'pos', 'cash')", name=op.f('ck_childcare_payments_method_known')),
    sa.CheckConstraint("purpose IN ('hours', 'card', 'membership')", name=op.f('ck_childcare_payments_purpose_known')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_childcare_payments_amount_positive')),
    sa.ForeignKeyConstraint(['card_id'], ['childcare_cards.id'], name=op.f('fk_childcare_payments_card_id_childcare_cards'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_payments_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_childcare_payments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_payments')),
    sa.UniqueConstraint('receipt_year', 'receipt_number', name=op.f('uq_childcare_payments_receipt_year'))
    )
    with op.batch_alter_table('childcare_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_payments_family_id'), ['family_id'], unique=False)



def downgrade():
    with op.batch_alter_table('childcare_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_payments_family_id'))

    op.drop_table('childcare_payments')
    op.drop_table('childcare_receipt_counters')
