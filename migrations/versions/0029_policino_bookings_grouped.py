"""Policino: the half hours booked together make one booking (17:00-18:30 is one card and one cancel for the family)

Each half hour keeps its row (its place in the half hour, its charge); `group_id` names the booking it was made
with: the id of its first half hour (None on that first half hour itself, so that a booking of one half hour is
written by one INSERT). Bookings made before the upgrade are grouped as they were made: the same
child, day and parent, consecutive half hours written within a few seconds of each other.

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-30 00:00:00

"""
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None

TOGETHER = timedelta(seconds=5)


def _groups(rows):
    """(id, child, day, start, created_at, created_by) ordered by child, day, start -> {id: group id}."""
    groups, last = {}, None
    for row in rows:
        booking_id, child_id, day, start, created_at, created_by = row
        if last is not None:
            l_id, l_child, l_day, l_start, l_created, l_by = last
            follows = (datetime.combine(date.min, l_start) + timedelta(minutes=30)).time() == start
            if ((l_child, l_day, l_by) == (child_id, day, created_by) and follows and created_at is not None
                    and l_created is not None and abs(created_at - l_created) <= TOGETHER):
                groups[booking_id] = groups[l_id]
                last = row
                continue
        groups[booking_id] = booking_id
        last = row
    return groups


def upgrade():
    with op.batch_alter_table('childcare_bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_childcare_bookings_group_id'), ['group_id'], unique=False)
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT b.id, b.child_id, k.day, k.starts_at, b.created_at, b.created_by_id FROM childcare_bookings b "
        "JOIN childcare_blocks k ON k.id = b.block_id ORDER BY b.child_id, k.day, b.status, k.starts_at, b.id")).all()

    def clock(value):
        return value if not isinstance(value, str) else datetime.strptime(value[:8], "%H:%M:%S").time()

    def moment(value):
        return value if not isinstance(value, str) else datetime.fromisoformat(value)

    rows = [(r[0], r[1], r[2], clock(r[3]), moment(r[4]), r[5]) for r in rows]
    updates = [{"id": booking_id, "group_id": group} for booking_id, group in _groups(rows).items()
               if group != booking_id]
    if updates:
        connection.execute(sa.text("UPDATE childcare_bookings SET group_id = :group_id WHERE id = :id"), updates)


def downgrade():
    with op.batch_alter_table('childcare_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_childcare_bookings_group_id'))
        batch_op.drop_column('group_id')
