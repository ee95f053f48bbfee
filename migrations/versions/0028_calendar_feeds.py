"""My calendar: one private calendar feed per person, known by the SHA-256 of its secret token

A moved CAF appointment remembers the first appointment of its chain of moves (`event_of_id`): its calendar
event keeps the first one's UID through every move and cancellation, in the mails and in the feed. Chains of
moves made before the upgrade are not rebuilt (their links were never stored).

Revision ID: 0028
Revises: 0025
Create Date: 2026-11-29 22:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feeds_user_id'))
    )
    with op.batch_alter_table('caf_appointments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_caf_appointments_event_of_id_caf_appointments'),
                                    'caf_appointments', ['event_of_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('caf_appointments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_caf_appointments_event_of_id_caf_appointments'), type_='foreignkey')
        batch_op.drop_column('event_of_id')

    op.drop_table('calendar_feeds')
