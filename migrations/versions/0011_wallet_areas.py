"""Conto Welfare: catalog areas become rows administrators name and describe in both languages

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 22:00:59.003001

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The areas every catalog must cover (DOMAIN.md section 1), as they were in code until this revision.
AREAS = (
    ("education", "Scuola e istruzione", "School and education", False),
    ("fringe", "Fringe benefit", "Fringe benefits", False),
    ("care_leisure", "Area assistenziale, ricreativa, culturale ed educativa",
     "Welfare, recreation, culture and education", False),
    ("mortgage", "Interessi passivi mutui", "Mortgage interest", False),
    ("pension", "Fondi pensione", "Pension funds", False),
    ("polincontri", "Polincontri", "Polincontri", True),
)


def upgrade():
    areas = op.create_table('wallet_areas',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name_it', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('description_it', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('members_only', sa.Boolean(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('active OR NOT required', name=op.f('ck_wallet_areas_required_stays_active')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_wallet_areas'))
    )
    op.bulk_insert(areas, [
        {"code": code, "name_it": name_it, "name_en": name_en, "description_it": "", "description_en": "",
         "position": (index + 1) * 10, "members_only": members_only, "required": True, "active": True}
        for index, (code, name_it, name_en, members_only) in enumerate(AREAS)])
    with op.batch_alter_table('wallet_offers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_wallet_offers_area_known'), type_='check')
        batch_op.create_foreign_key(batch_op.f('fk_wallet_offers_area_wallet_areas'), 'wallet_areas', ['area'], ['code'], onupdate='CASCADE', ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('wallet_offers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_wallet_offers_area_wallet_areas'), type_='foreignkey')
        batch_op.create_check_constraint(
            'area_known',
            "area IN ('education', 'fringe', 'care_leisure', 'mortgage', 'pension', 'polincontri')")
    op.drop_table('wallet_areas')
