"""CAF: case 3 sent as CONFERMATO with NUL; identifiers frozen on the practice and copied on each outcome with the
elements of the calculation; claimed identifiers; the operators' deadlines

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-29 20:40:00.000000

"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

FIVE_STATES = ("'CONFERMATO', 'CONFERMATO CON DIFFORMITA''', 'DA CONFERMARE', 'DA CONFERMARE CON DIFFORMITA''', "
               "'RETTIFICATO CONFERMATO'")
SIX_STATES = FIVE_STATES + ", 'NUL'"

students = sa.table("caf_students", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                    sa.column("codice_persona", sa.String), sa.column("matricola", sa.String),
                    sa.column("claimed_codice_persona", sa.String), sa.column("claimed_matricola", sa.String))
users = sa.table("users", sa.column("id", sa.Integer), sa.column("codice_persona", sa.String),
                 sa.column("matricola", sa.String))
practices = sa.table("caf_practices", sa.column("id", sa.Integer), sa.column("student_id", sa.Integer),
                     sa.column("codice_persona", sa.String), sa.column("matricola", sa.String),
                     sa.column("first_submitted_at", sa.DateTime), sa.column("university_state", sa.String),
                     sa.column("nul", sa.Boolean), sa.column("calculation", sa.Text),
                     sa.column("iseeu_cents", sa.BigInteger), sa.column("findings", sa.String))
reports = sa.table("caf_reports", sa.column("id", sa.Integer), sa.column("practice_id", sa.Integer),
                   sa.column("state", sa.String), sa.column("nul", sa.Boolean),
                   sa.column("codice_persona", sa.String), sa.column("matricola", sa.String),
                   sa.column("iseeu_cents", sa.BigInteger), sa.column("members", sa.Integer),
                   sa.column("scale", sa.Numeric), sa.column("isr_cents", sa.BigInteger),
                   sa.column("isp_cents", sa.BigInteger), sa.column("ise_cents", sa.BigInteger),
                   sa.column("findings", sa.String))


def _copy_identifiers_and_figures() -> None:
    """Practices already sent keep the identifiers their student has now; each outcome copies its practice's, and
    the figures of its calculation when the practice still holds the result the outcome was decided with."""
    connection = op.get_bind()
    linked = {row.id: (row.codice_persona, row.matricola)
              for row in connection.execute(sa.select(students.c.id, students.c.codice_persona,
                                                      students.c.matricola))}
    held = {}
    for row in connection.execute(sa.select(practices.c.id, practices.c.student_id, practices.c.first_submitted_at,
                                            practices.c.calculation, practices.c.iseeu_cents,
                                            practices.c.findings)):
        identifiers = linked.get(row.student_id, (None, None)) if row.first_submitted_at is not None else (None, None)
        held[row.id] = (identifiers, row.calculation, row.iseeu_cents, row.findings or "")
        if row.first_submitted_at is not None:
            connection.execute(practices.update().where(practices.c.id == row.id)
                               .values(codice_persona=identifiers[0], matricola=identifiers[1]))
    for row in connection.execute(sa.select(reports.c.id, reports.c.practice_id, reports.c.iseeu_cents)).all():
        identifiers, calculation, iseeu_cents, findings = held.get(row.practice_id, ((None, None), "", None, ""))
        values = {"codice_persona": identifiers[0], "matricola": identifiers[1], "findings": findings}
        figures = json.loads(calculation) if calculation else {}
        if figures and iseeu_cents == row.iseeu_cents:
            values.update(members=figures.get("members"), scale=figures.get("scale"),
                          isr_cents=figures.get("isr_cents"), isp_cents=figures.get("isp_cents"),
                          ise_cents=figures.get("ise_cents"))
        connection.execute(reports.update().where(reports.c.id == row.id).values(**values))


def _free_identifiers_of_their_owners() -> None:
    """A codice persona or matricola a student typed that the university gave another account goes back to being
    that student's claim: the account's owner can be linked to it."""
    connection = op.get_bind()
    for field in ("codice_persona", "matricola"):
        owners = {value: user_id for user_id, value in connection.execute(
            sa.select(users.c.id, users.c[field]).where(users.c[field].is_not(None)))}
        for student_id, user_id, value in connection.execute(
                sa.select(students.c.id, students.c.user_id, students.c[field]).where(students.c[field].is_not(None))
        ).all():
            if value in owners and owners[value] != user_id:
                connection.execute(students.update().where(students.c.id == student_id)
                                   .values({field: None, f"claimed_{field}": value}))


def upgrade():
    op.create_table('caf_duties',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('monthly_file', 'double_count')", name=op.f('ck_caf_duties_kind_known')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_caf_duties_done_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('kind', 'period', name=op.f('pk_caf_duties'))
    )

    with op.batch_alter_table('caf_students', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_codice_persona', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('claimed_matricola', sa.String(length=6), nullable=True))
        batch_op.drop_constraint(op.f('ck_caf_students_has_an_identifier'), type_='check')
        batch_op.create_check_constraint(
            'has_an_identifier', 'codice_persona IS NOT NULL OR matricola IS NOT NULL OR claimed_codice_persona IS '
            'NOT NULL OR claimed_matricola IS NOT NULL')
        batch_op.create_check_constraint('claimed_codice_persona_8_digits',
                                         'claimed_codice_persona IS NULL OR length(claimed_codice_persona) = 8')
        batch_op.create_check_constraint('claimed_matricola_6_digits',
                                         'claimed_matricola IS NULL OR length(claimed_matricola) = 6')

    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('codice_persona', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('matricola', sa.String(length=6), nullable=True))
        batch_op.create_check_constraint('codice_persona_8_digits',
                                         'codice_persona IS NULL OR length(codice_persona) = 8')
        batch_op.create_check_constraint('matricola_6_digits', 'matricola IS NULL OR length(matricola) = 6')

    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('codice_persona', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('matricola', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('members', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scale', sa.Numeric(precision=6, scale=2), nullable=True))
        batch_op.add_column(sa.Column('isr_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('isp_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('ise_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('findings', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_check_constraint('codice_persona_8_digits',
                                         'codice_persona IS NULL OR length(codice_persona) = 8')
        batch_op.create_check_constraint('matricola_6_digits', 'matricola IS NULL OR length(matricola) = 6')

    # Case 3 was sent remotely with `stato` = NUL: it is CONFERMATO with NUL in its own field.
    op.execute("UPDATE caf_practices SET university_state = 'CONFERMATO', nul = true WHERE university_state = 'NUL'")
    op.execute("UPDATE caf_reports SET state = 'CONFERMATO', nul = true WHERE state = 'NUL'")
    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_practices_university_state_known'), type_='check')
        batch_op.create_check_constraint('university_state_known',
                                         f"university_state IS NULL OR university_state IN ({FIVE_STATES})")
    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_reports_state_known'), type_='check')
        batch_op.create_check_constraint('state_known', f"state IN ({FIVE_STATES})")

    _copy_identifiers_and_figures()
    _free_identifiers_of_their_owners()


def downgrade():
    # Remote case 3 goes back to `stato` = NUL (in person it always was CONFERMATO with NUL).
    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_reports_state_known'), type_='check')
        batch_op.create_check_constraint('state_known', f"state IN ({SIX_STATES})")
    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_practices_university_state_known'), type_='check')
        batch_op.create_check_constraint('university_state_known',
                                         f"university_state IS NULL OR university_state IN ({SIX_STATES})")
    op.execute("UPDATE caf_practices SET university_state = 'NUL' WHERE nul = true AND channel = 'remote'")
    op.execute("UPDATE caf_reports SET state = 'NUL' WHERE nul = true AND practice_id IN "
               "(SELECT id FROM caf_practices WHERE channel = 'remote')")

    with op.batch_alter_table('caf_reports', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_reports_matricola_6_digits'), type_='check')
        batch_op.drop_constraint(op.f('ck_caf_reports_codice_persona_8_digits'), type_='check')
        batch_op.drop_column('findings')
        batch_op.drop_column('ise_cents')
        batch_op.drop_column('isp_cents')
        batch_op.drop_column('isr_cents')
        batch_op.drop_column('scale')
        batch_op.drop_column('members')
        batch_op.drop_column('matricola')
        batch_op.drop_column('codice_persona')

    with op.batch_alter_table('caf_practices', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_practices_matricola_6_digits'), type_='check')
        batch_op.drop_constraint(op.f('ck_caf_practices_codice_persona_8_digits'), type_='check')
        batch_op.drop_column('matricola')
        batch_op.drop_column('codice_persona')

    # A claim not linked yet becomes the student's identifier again, as before (the claim of an identifier another
    # student holds is dropped: the old schema had nowhere to keep it).
    op.execute("UPDATE caf_students SET codice_persona = claimed_codice_persona WHERE codice_persona IS NULL "
               "AND matricola IS NULL AND claimed_codice_persona IS NOT NULL AND claimed_codice_persona NOT IN "
               "(SELECT codice_persona FROM caf_students WHERE codice_persona IS NOT NULL)")
    op.execute("UPDATE caf_students SET matricola = claimed_matricola WHERE codice_persona IS NULL "
               "AND matricola IS NULL AND claimed_matricola IS NOT NULL AND claimed_matricola NOT IN "
               "(SELECT matricola FROM caf_students WHERE matricola IS NOT NULL)")
    op.execute("DELETE FROM caf_students WHERE codice_persona IS NULL AND matricola IS NULL AND id NOT IN "
               "(SELECT student_id FROM caf_practices) AND id NOT IN (SELECT student_id FROM caf_appointments)")
    with op.batch_alter_table('caf_students', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_caf_students_claimed_matricola_6_digits'), type_='check')
        batch_op.drop_constraint(op.f('ck_caf_students_claimed_codice_persona_8_digits'), type_='check')
        batch_op.drop_constraint(op.f('ck_caf_students_has_an_identifier'), type_='check')
        batch_op.create_check_constraint('has_an_identifier', 'codice_persona IS NOT NULL OR matricola IS NOT NULL')
        batch_op.drop_column('claimed_matricola')
        batch_op.drop_column('claimed_codice_persona')

    op.drop_table('caf_duties')
