"""Policino micro nido: the last day a place's parent (or staff grandparent) works or studies at the university
(eligibility lasts while they do), and the educator a stay on duty replaces (explicit substitutions)

Revision ID: 0039
Revises: 0038
Create Date: 2026-11-30 06:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('childcare_nursery_places', schema=None) as batch_op:
        batch_op.add_column(sa.Column('affiliated_until', sa.Date(), nullable=True))
    with op.batch_alter_table('childcare_staff_presence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_childcare_staff_presence_replaces_id_users'), 'users',
                                    ['replaces_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('childcare_staff_presence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_childcare_staff_presence_replaces_id_users'), type_='foreignkey')
        batch_op.drop_column('replaces_id')
    with op.batch_alter_table('childcare_nursery_places', schema=None) as batch_op:
        batch_op.drop_column('affiliated_until')
