"""Italian courses: one running placement attempt per person, held by the database (two starts at once cannot both
insert one); the deadlines' reminders sent by `flask courses remind` (one row per deadline)

Revision ID: 0042
Revises: 0041
Create Date: 2026-11-30 06:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('courses_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref', sa.String(length=20), nullable=False),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses_reminders')),
    sa.UniqueConstraint('kind', 'ref', name=op.f('uq_courses_reminders_kind'))
    )
    # Attempts left running twice by the old code (two starts at once): the older ones are deleted with their
    # answers (closing them without a result would hide the person's last real suggestion behind an empty attempt).
    duplicates = ("SELECT id FROM courses_placement_attempts WHERE finished_at IS NULL AND id NOT IN "
                  "(SELECT MAX(id) FROM courses_placement_attempts WHERE finished_at IS NULL GROUP BY user_id)")
    op.execute(f"DELETE FROM courses_placement_answers WHERE attempt_id IN ({duplicates})")
    op.execute(f"DELETE FROM courses_placement_attempts WHERE id IN ({duplicates})")
    with op.batch_alter_table('courses_placement_attempts', schema=None) as batch_op:
        batch_op.create_index('uq_courses_placement_attempts_running', ['user_id'], unique=True,
                              sqlite_where=sa.text('finished_at IS NULL'),
                              postgresql_where=sa.text('finished_at IS NULL'))


def downgrade():
    with op.batch_alter_table('courses_placement_attempts', schema=None) as batch_op:
        batch_op.drop_index('uq_courses_placement_attempts_running', sqlite_where=sa.text('finished_at IS NULL'),
                            postgresql_where=sa.text('finished_at IS NULL'))
    op.drop_table('courses_reminders')
