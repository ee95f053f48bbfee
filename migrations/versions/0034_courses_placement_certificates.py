"""Italian courses: the placement test's question bank, attempts and answers; attendance certificates.

Revision ID: 0034
Revises: 0033
Create Date: 2026-11-30 03:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

LEVELS = "'A1', 'A2', 'B1', 'B2'"


def upgrade():
    op.create_table('courses_placement_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(f'level IN ({LEVELS})', name=op.f('ck_courses_placement_questions_level_known')),
    sa.CheckConstraint('correct >= 0 AND correct < 4', name=op.f('ck_courses_placement_questions_correct_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses_placement_questions'))
    )
    op.create_index('ix_courses_placement_questions_level_retired', 'courses_placement_questions',
                    ['level', 'retired_at'], unique=False)
    op.create_table('courses_placement_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('pending_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('suggested', sa.String(length=2), nullable=True),
    sa.CheckConstraint(f'suggested IS NULL OR suggested IN ({LEVELS})',
                       name=op.f('ck_courses_placement_attempts_suggested_known')),
    sa.ForeignKeyConstraint(['pending_id'], ['courses_placement_questions.id'],
                            name=op.f('fk_courses_placement_attempts_pending_id_courses_placement_questions'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_courses_placement_attempts_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses_placement_attempts'))
    )
    op.create_index(op.f('ix_courses_placement_attempts_user_id'), 'courses_placement_attempts', ['user_id'],
                    unique=False)
    op.create_table('courses_placement_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('chosen', sa.Integer(), nullable=False),
    sa.Column('right', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['courses_placement_attempts.id'],
                            name=op.f('fk_courses_placement_answers_attempt_id_courses_placement_attempts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['courses_placement_questions.id'],
                            name=op.f('fk_courses_placement_answers_question_id_courses_placement_questions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses_placement_answers')),
    sa.UniqueConstraint('attempt_id', 'question_id',
                        name=op.f('uq_courses_placement_answers_attempt_id'))
    )
    op.create_index(op.f('ix_courses_placement_answers_question_id'), 'courses_placement_answers', ['question_id'],
                    unique=False)
    op.create_table('courses_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('course_code', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('minutes_attended', sa.Integer(), nullable=False),
    sa.Column('minutes_expected', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes_attended > 0', name=op.f('ck_courses_certificates_minutes_positive')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['courses_enrolments.id'],
                            name=op.f('fk_courses_certificates_enrolment_id_courses_enrolments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_courses_certificates_code')),
    sa.UniqueConstraint('enrolment_id', name=op.f('uq_courses_certificates_enrolment_id'))
    )


def downgrade():
    op.drop_table('courses_certificates')
    op.drop_index(op.f('ix_courses_placement_answers_question_id'), table_name='courses_placement_answers')
    op.drop_table('courses_placement_answers')
    op.drop_index(op.f('ix_courses_placement_attempts_user_id'), table_name='courses_placement_attempts')
    op.drop_table('courses_placement_attempts')
    op.drop_index('ix_courses_placement_questions_level_retired', table_name='courses_placement_questions')
    op.drop_table('courses_placement_questions')
