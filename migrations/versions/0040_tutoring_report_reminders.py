"""Tutoring: when the DEC and the coordinator were reminded of a quarter's report; LIS interpreters assigned to the
institution's events

Revision ID: 0040
Revises: 0039
Create Date: 2026-11-30 06:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tutoring_report_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Date(), nullable=False),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tutoring_report_reminders')),
    sa.UniqueConstraint('quarter', name=op.f('uq_tutoring_report_reminders_quarter'))
    )
    with op.batch_alter_table('tutoring_lis_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('operator_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tutoring_lis_events_operator_id'), ['operator_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tutoring_lis_events_operator_id_tutoring_operators'),
                                    'tutoring_operators', ['operator_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('tutoring_lis_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tutoring_lis_events_operator_id_tutoring_operators'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tutoring_lis_events_operator_id'))
        batch_op.drop_column('operator_id')
    op.drop_table('tutoring_report_reminders')
