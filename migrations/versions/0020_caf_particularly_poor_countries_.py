"""CAF: particularly poor countries, consular-certificate practices, family country as ISO code

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-23 10:15:24.413644

"""
import sqlalchemy as sa
from alembic import op
from babel import Locale

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def _country_codes() -> dict[str, str]:
    """Country names as people typed them (Italian or English, any case) to their ISO code."""
    codes = {}
    for language in ("en", "it"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                codes[name.casefold()] = code
    return codes


def _countries_to_codes() -> None:
    connection = op.get_bind()
    codes = _country_codes()
    students = sa.table("caf_students", sa.column("id", sa.Integer), sa.column("country", sa.String))
    for student_id, country in connection.execute(sa.select(students.c.id, students.c.country)).all():
        text = (country or "").strip()
        code = text.upper() if len(text) == 2 and text.isalpha() else codes.get(text.casefold(), "")
        connection.execute(students.update().where(students.c.id == student_id).values(country=code))


def upgrade():
    op.create_table('caf_poor_countries',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_caf_poor_countries_entered_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('year', 'country', name=op.f('pk_caf_poor_countries'))
    )
    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consular_certificate', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))

    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consular_certificate', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))

    # The family's country was free text: names that match a country become its code, the rest is asked again.
    _countries_to_codes()
    with op.batch_alter_table('caf_students', schema=None) as batch_op:
        batch_op.alter_column('country',
               existing_type=sa.VARCHAR(length=60),
               type_=sa.String(length=2),
               existing_nullable=False)


def downgrade():
    with op.batch_alter_table('caf_students', schema=None) as batch_op:
        batch_op.alter_column('country',
               existing_type=sa.String(length=2),
               type_=sa.VARCHAR(length=60),
               existing_nullable=False)

    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.drop_column('consular_certificate')

    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.drop_column('consular_certificate')

    op.drop_table('caf_poor_countries')
