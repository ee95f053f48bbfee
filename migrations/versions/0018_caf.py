"""CAF: students, ISEEU parificato practices, university reports and transmissions, offices, slots and appointments; one attachment per outbox mail (calendar invitations)

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-23 07:26:02.561548

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('caf_offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('counters', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('counters BETWEEN 1 AND 50', name=op.f('ck_caf_offices_counters_range')),
    sa.CheckConstraint('slot_minutes BETWEEN 5 AND 240', name=op.f('ck_caf_offices_slot_minutes_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_offices')),
    sa.UniqueConstraint('name', name=op.f('uq_caf_offices_name'))
    )
    op.create_table('caf_exchange_rates',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('rate', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('rate > 0', name=op.f('ck_caf_exchange_rates_rate_positive')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_caf_exchange_rates_entered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('year', 'currency', name=op.f('pk_caf_exchange_rates'))
    )
    op.create_table('caf_office_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['caf_offices.id'], name=op.f('fk_caf_office_closures_office_id_caf_offices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_office_closures')),
    sa.UniqueConstraint('office_id', 'day', name=op.f('uq_caf_office_closures_office_id'))
    )
    with op.batch_alter_table('caf_office_closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_office_closures_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_caf_office_closures_office_id'), ['office_id'], unique=False)

    op.create_table('caf_office_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.CheckConstraint('closes > opens', name=op.f('ck_caf_office_hours_closes_after_opening')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_caf_office_hours_weekday_range')),
    sa.ForeignKeyConstraint(['office_id'], ['caf_offices.id'], name=op.f('fk_caf_office_hours_office_id_caf_offices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_office_hours'))
    )
    with op.batch_alter_table('caf_office_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_office_hours_office_id'), ['office_id'], unique=False)

    op.create_table('caf_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('counters', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.CheckConstraint('booked <= counters', name=op.f('ck_caf_slots_within_counters')),
    sa.CheckConstraint('booked >= 0', name=op.f('ck_caf_slots_booked_non_negative')),
    sa.ForeignKeyConstraint(['office_id'], ['caf_offices.id'], name=op.f('fk_caf_slots_office_id_caf_offices'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_slots')),
    sa.UniqueConstraint('office_id', 'day', 'starts_at', name=op.f('uq_caf_slots_office_id'))
    )
    op.create_table('caf_students',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('codice_persona', sa.String(length=8), nullable=True),
    sa.Column('matricola', sa.String(length=6), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('country', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('enrolled', 'abroad')", name=op.f('ck_caf_students_kind_known')),
    sa.CheckConstraint('codice_persona IS NOT NULL OR matricola IS NOT NULL', name=op.f('ck_caf_students_has_an_identifier')),
    sa.CheckConstraint('codice_persona IS NULL OR length(codice_persona) = 8', name=op.f('ck_caf_students_codice_persona_8_digits')),
    sa.CheckConstraint('matricola IS NULL OR length(matricola) = 6', name=op.f('ck_caf_students_matricola_6_digits')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_caf_students_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_students')),
    sa.UniqueConstraint('codice_persona', name=op.f('uq_caf_students_codice_persona')),
    sa.UniqueConstraint('matricola', name=op.f('uq_caf_students_matricola')),
    sa.UniqueConstraint('user_id', name=op.f('uq_caf_students_user_id'))
    )
    op.create_table('caf_transmissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_caf_transmissions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_transmissions'))
    )
    with op.batch_alter_table('caf_transmissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_transmissions_month'), ['month'], unique=False)

    op.create_table('caf_practices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=True),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('rule_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('italian_income_cents', sa.BigInteger(), nullable=False),
    sa.Column('rent_paid_cents', sa.BigInteger(), nullable=False),
    sa.Column('both_parents_worked', sa.Boolean(), nullable=False),
    sa.Column('years_away', sa.Integer(), nullable=False),
    sa.Column('family_owns_dwelling', sa.Boolean(), nullable=False),
    sa.Column('own_income_last_year_cents', sa.BigInteger(), nullable=False),
    sa.Column('own_income_year_before_cents', sa.BigInteger(), nullable=False),
    sa.Column('declaration_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('findings', sa.String(length=200), nullable=False),
    sa.Column('case', sa.Integer(), nullable=True),
    sa.Column('university_state', sa.String(length=40), nullable=True),
    sa.Column('nul', sa.Boolean(), nullable=False),
    sa.Column('anomaly', sa.Boolean(), nullable=False),
    sa.Column('iseeu_cents', sa.BigInteger(), nullable=True),
    sa.Column('ispeu_cents', sa.BigInteger(), nullable=True),
    sa.Column('calculation', sa.Text(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('concluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("channel IN ('remote', 'in_person')", name=op.f('ck_caf_practices_channel_known')),
    sa.CheckConstraint("status = 'draft' OR number IS NOT NULL", name=op.f('ck_caf_practices_submitted_has_number')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'waiting_student', 'in_review', 'awaiting_originals', 'concluded')", name=op.f('ck_caf_practices_status_known')),
    sa.CheckConstraint("university_state IS NULL OR university_state IN ('CONFERMATO', 'CONFERMATO CON DIFFORMITA''', 'DA CONFERMARE', 'DA CONFERMARE CON DIFFORMITA''', 'RETTIFICATO CONFERMATO', 'NUL')", name=op.f('ck_caf_practices_university_state_known')),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_caf_practices_assigned_to_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['office_id'], ['caf_offices.id'], name=op.f('fk_caf_practices_office_id_caf_offices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['student_id'], ['caf_students.id'], name=op.f('fk_caf_practices_student_id_caf_students'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_practices')),
    sa.UniqueConstraint('number', name=op.f('uq_caf_practices_number'))
    )
    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.create_index('ix_caf_practices_status_submitted', ['status', 'first_submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_caf_practices_student_id'), ['student_id'], unique=False)

    op.create_table('caf_appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('intake', 'originals')", name=op.f('ck_caf_appointments_purpose_known')),
    sa.CheckConstraint("status IN ('booked', 'cancelled', 'attended', 'no_show')", name=op.f('ck_caf_appointments_status_known')),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_appointments_practice_id_caf_practices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['caf_slots.id'], name=op.f('fk_caf_appointments_slot_id_caf_slots'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['student_id'], ['caf_students.id'], name=op.f('fk_caf_appointments_student_id_caf_students'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_appointments'))
    )
    with op.batch_alter_table('caf_appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_appointments_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_caf_appointments_student_id'), ['student_id'], unique=False)
        batch_op.create_index('uq_caf_appointments_booked_student_purpose', ['student_id', 'purpose'], unique=True, postgresql_where=sa.text("status = 'booked'"), sqlite_where=sa.text("status = 'booked'"))

    op.create_table('caf_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('relationship_to_student', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.CheckConstraint("relationship_to_student IN ('student', 'parent', 'spouse', 'sibling', 'child', 'other')", name=op.f('ck_caf_members_relationship_known')),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_members_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_members'))
    )
    with op.batch_alter_table('caf_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_members_practice_id'), ['practice_id'], unique=False)

    op.create_table('caf_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_caf', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_caf_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_messages_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_messages'))
    )
    with op.batch_alter_table('caf_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_messages_practice_id'), ['practice_id'], unique=False)

    op.create_table('caf_practice_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_caf_practice_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_practice_events_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_practice_events'))
    )
    with op.batch_alter_table('caf_practice_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_practice_events_practice_id'), ['practice_id'], unique=False)

    op.create_table('caf_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('nul', sa.Boolean(), nullable=False),
    sa.Column('anomaly', sa.Boolean(), nullable=False),
    sa.Column('iseeu_cents', sa.BigInteger(), nullable=True),
    sa.Column('ispeu_cents', sa.BigInteger(), nullable=True),
    sa.Column('release_date', sa.Date(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('transmission_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('CONFERMATO', 'CONFERMATO CON DIFFORMITA''', 'DA CONFERMARE', 'DA CONFERMARE CON DIFFORMITA''', 'RETTIFICATO CONFERMATO', 'NUL')", name=op.f('ck_caf_reports_state_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_caf_reports_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_reports_practice_id_caf_practices'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['transmission_id'], ['caf_transmissions.id'], name=op.f('fk_caf_reports_transmission_id_caf_transmissions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_reports'))
    )
    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_reports_decided_at'), ['decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_caf_reports_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_caf_reports_transmission_id'), ['transmission_id'], unique=False)

    op.create_table('caf_buildings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=60), nullable=False),
    sa.Column('square_metres', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('is_land', sa.Boolean(), nullable=False),
    sa.CheckConstraint('square_metres > 0', name=op.f('ck_caf_buildings_square_metres_positive')),
    sa.ForeignKeyConstraint(['member_id'], ['caf_members.id'], name=op.f('fk_caf_buildings_member_id_caf_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_buildings_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_buildings'))
    )
    with op.batch_alter_table('caf_buildings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_buildings_practice_id'), ['practice_id'], unique=False)

    op.create_table('caf_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('stored_name', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=150), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('identity', 'family', 'income', 'property', 'movables', 'other')", name=op.f('ck_caf_documents_kind_known')),
    sa.ForeignKeyConstraint(['member_id'], ['caf_members.id'], name=op.f('fk_caf_documents_member_id_caf_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_documents_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_caf_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_documents')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_caf_documents_stored_name'))
    )
    with op.batch_alter_table('caf_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_documents_practice_id'), ['practice_id'], unique=False)

    op.create_table('caf_incomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('description', sa.String(length=120), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_caf_incomes_amount_non_negative')),
    sa.ForeignKeyConstraint(['member_id'], ['caf_members.id'], name=op.f('fk_caf_incomes_member_id_caf_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_incomes_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_incomes'))
    )
    with op.batch_alter_table('caf_incomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_incomes_practice_id'), ['practice_id'], unique=False)

    op.create_table('caf_movables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=120), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('valued_on', sa.Date(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_caf_movables_amount_non_negative')),
    sa.ForeignKeyConstraint(['member_id'], ['caf_members.id'], name=op.f('fk_caf_movables_member_id_caf_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['caf_practices.id'], name=op.f('fk_caf_movables_practice_id_caf_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_movables'))
    )
    with op.batch_alter_table('caf_movables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_movables_practice_id'), ['practice_id'], unique=False)

    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment_name', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('attachment_type', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('attachment', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_column('attachment')
        batch_op.drop_column('attachment_type')
        batch_op.drop_column('attachment_name')

    with op.batch_alter_table('caf_movables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_movables_practice_id'))

    op.drop_table('caf_movables')
    with op.batch_alter_table('caf_incomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_incomes_practice_id'))

    op.drop_table('caf_incomes')
    with op.batch_alter_table('caf_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_documents_practice_id'))

    op.drop_table('caf_documents')
    with op.batch_alter_table('caf_buildings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_buildings_practice_id'))

    op.drop_table('caf_buildings')
    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_reports_transmission_id'))
        batch_op.drop_index(batch_op.f('ix_caf_reports_practice_id'))
        batch_op.drop_index(batch_op.f('ix_caf_reports_decided_at'))

    op.drop_table('caf_reports')
    with op.batch_alter_table('caf_practice_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_practice_events_practice_id'))

    op.drop_table('caf_practice_events')
    with op.batch_alter_table('caf_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_messages_practice_id'))

    op.drop_table('caf_messages')
    with op.batch_alter_table('caf_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_members_practice_id'))

    op.drop_table('caf_members')
    with op.batch_alter_table('caf_appointments', schema=None) as batch_op:
        batch_op.drop_index('uq_caf_appointments_booked_student_purpose', postgresql_where=sa.text("status = 'booked'"), sqlite_where=sa.text("status = 'booked'"))
        batch_op.drop_index(batch_op.f('ix_caf_appointments_student_id'))
        batch_op.drop_index(batch_op.f('ix_caf_appointments_slot_id'))

    op.drop_table('caf_appointments')
    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_practices_student_id'))
        batch_op.drop_index('ix_caf_practices_status_submitted')

    op.drop_table('caf_practices')
    with op.batch_alter_table('caf_transmissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_transmissions_month'))

    op.drop_table('caf_transmissions')
    op.drop_table('caf_students')
    op.drop_table('caf_slots')
    with op.batch_alter_table('caf_office_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_office_hours_office_id'))

    op.drop_table('caf_office_hours')
    with op.batch_alter_table('caf_office_closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_office_closures_office_id'))
        batch_op.drop_index(batch_op.f('ix_caf_office_closures_day'))

    op.drop_table('caf_office_closures')
    op.drop_table('caf_exchange_rates')
    op.drop_table('caf_offices')
