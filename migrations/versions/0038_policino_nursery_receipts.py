"""Policino micro nido: receipts for the INPS nursery bonus (immutable, numbered with the payments), absences
reported by parents (before 9:30: no meal), the educators' daily diary; the paying parent's name, codice fiscale
and address on the family, the child's codice fiscale

Revision ID: 0038
Revises: 0037
Create Date: 2026-11-30 02:52:18.056728

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_nursery_absences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('in_time', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['childcare_children.id'], name=op.f('fk_childcare_nursery_absences_child_id_childcare_children'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_childcare_nursery_absences_reported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_nursery_absences')),
    sa.UniqueConstraint('child_id', 'day', name='uq_childcare_nursery_absences_child_day')
    )
    with op.batch_alter_table('childcare_nursery_absences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_nursery_absences_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_nursery_absences_day'), ['day'], unique=False)

    op.create_table('childcare_nursery_diary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('lunch', sa.String(length=10), nullable=False),
    sa.Column('nap_minutes', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("lunch IN ('', 'all', 'most', 'little', 'none')", name=op.f('ck_childcare_nursery_diary_lunch_known')),
    sa.CheckConstraint('nap_minutes IS NULL OR (nap_minutes >= 0 AND nap_minutes <= 240)', name=op.f('ck_childcare_nursery_diary_nap_sensible')),
    sa.ForeignKeyConstraint(['child_id'], ['childcare_children.id'], name=op.f('fk_childcare_nursery_diary_child_id_childcare_children'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_childcare_nursery_diary_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_nursery_diary')),
    sa.UniqueConstraint('child_id', 'day', name='uq_childcare_nursery_diary_child_day')
    )
    with op.batch_alter_table('childcare_nursery_diary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_nursery_diary_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_nursery_diary_day'), ['day'], unique=False)

    op.create_table('childcare_nursery_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('receipt_year', sa.Integer(), nullable=False),
    sa.Column('receipt_number', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('nursery_name', sa.String(length=200), nullable=False),
    sa.Column('nursery_tax_code', sa.String(length=16), nullable=False),
    sa.Column('payer_name', sa.String(length=200), nullable=False),
    sa.Column('payer_codice_fiscale', sa.String(length=16), nullable=False),
    sa.Column('payer_address', sa.String(length=200), nullable=False),
    sa.Column('child_name', sa.String(length=120), nullable=False),
    sa.Column('child_codice_fiscale', sa.String(length=16), nullable=False),
    sa.Column('fee_cents', sa.Integer(), nullable=False),
    sa.Column('meals_cents', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('fee_cents > 0 AND meals_cents >= 0', name=op.f('ck_childcare_nursery_receipts_amounts_sensible')),
    sa.ForeignKeyConstraint(['charge_id'], ['childcare_nursery_charges.id'], name=op.f('fk_childcare_nursery_receipts_charge_id_childcare_nursery_charges'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['child_id'], ['childcare_children.id'], name=op.f('fk_childcare_nursery_receipts_child_id_childcare_children'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['family_id'], ['childcare_families.id'], name=op.f('fk_childcare_nursery_receipts_family_id_childcare_families'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_childcare_nursery_receipts_issued_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['payment_id'], ['childcare_payments.id'], name=op.f('fk_childcare_nursery_receipts_payment_id_childcare_payments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['replaces_id'], ['childcare_nursery_receipts.id'], name=op.f('fk_childcare_nursery_receipts_replaces_id_childcare_nursery_receipts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_childcare_nursery_receipts')),
    sa.UniqueConstraint('receipt_year', 'receipt_number', name='uq_childcare_nursery_receipts_number'),
    sa.UniqueConstraint('replaces_id', name='uq_childcare_nursery_receipts_replaces')
    )
    with op.batch_alter_table('childcare_nursery_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_childcare_nursery_receipts_charge_id'), ['charge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_nursery_receipts_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_childcare_nursery_receipts_family_id'), ['family_id'], unique=False)

    with op.batch_alter_table('childcare_children', schema=None) as batch_op:
        batch_op.add_column(sa.Column('codice_fiscale', sa.String(length=16), nullable=True))

    with op.batch_alter_table('childcare_families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payer_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('payer_codice_fiscale', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=200), nullable=False, server_default=''))



def downgrade():
    with op.batch_alter_table('childcare_families', schema=None) as batch_op:
        batch_op.drop_column('address')
        batch_op.drop_column('payer_codice_fiscale')
        batch_op.drop_column('payer_name')

    with op.batch_alter_table('childcare_children', schema=None) as batch_op:
        batch_op.drop_column('codice_fiscale')

    with op.batch_alter_table('childcare_nursery_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_receipts_family_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_receipts_child_id'))
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_receipts_charge_id'))

    op.drop_table('childcare_nursery_receipts')
    with op.batch_alter_table('childcare_nursery_diary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_diary_day'))
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_diary_child_id'))

    op.drop_table('childcare_nursery_diary')
    with op.batch_alter_table('childcare_nursery_absences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_absences_day'))
        batch_op.drop_index(batch_op.f('ix_childcare_nursery_absences_child_id'))

    op.drop_table('childcare_nursery_absences')
