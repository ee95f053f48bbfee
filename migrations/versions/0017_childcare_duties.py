"""policino duties: monthly report sent, summer calendar published, reminders

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23 02:49:08.172321

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('childcare_duties',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('monthly_report', 'summer_calendar')", name=op.f('ck_childcare_duties_kind_known')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_childcare_duties_done_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('kind', 'period', name=op.f('pk_childcare_duties'))
    )


def downgrade():
    op.drop_table('childcare_duties')
