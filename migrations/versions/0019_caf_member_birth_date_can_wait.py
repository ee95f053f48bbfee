"""CAF: a member's date of birth can wait for the form's first step (no made-up date in the meantime)

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-23 08:18:07.911419

"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('caf_members', schema=None) as batch_op:
        batch_op.alter_column('birth_date', existing_type=sa.DATE(), nullable=True)


def downgrade():
    op.execute("UPDATE caf_members SET birth_date = '2000-01-01' WHERE birth_date IS NULL")
    with op.batch_alter_table('caf_members', schema=None) as batch_op:
        batch_op.alter_column('birth_date', existing_type=sa.DATE(), nullable=False)
