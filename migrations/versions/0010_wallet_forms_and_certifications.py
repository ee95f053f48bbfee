"""Conto Welfare: forms to download and certifications to upload

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 21:53:30.230435

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('wallet_forms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title_it', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description_it', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('stored_name', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=150), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_wallet_forms_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wallet_forms')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_wallet_forms_stored_name'))
    )
    op.create_table('wallet_certifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('plan_year_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('family_member_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('stored_name', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=150), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('dependency', 'pension', 'care', 'school', 'other')", name=op.f('ck_wallet_certifications_kind_known')),
    sa.CheckConstraint("status = 'received' OR reviewed_at IS NOT NULL", name=op.f('ck_wallet_certifications_reviewed_when_decided')),
    sa.CheckConstraint("status IN ('received', 'accepted', 'rejected')", name=op.f('ck_wallet_certifications_status_known')),
    sa.ForeignKeyConstraint(['family_member_id'], ['wallet_family_members.id'], name=op.f('fk_wallet_certifications_family_member_id_wallet_family_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_year_id'], ['wallet_plan_years.id'], name=op.f('fk_wallet_certifications_plan_year_id_wallet_plan_years'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_wallet_certifications_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_wallet_certifications_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wallet_certifications')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_wallet_certifications_stored_name'))
    )
    with op.batch_alter_table('wallet_certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wallet_certifications_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_wallet_certifications_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('wallet_certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wallet_certifications_user_id'))
        batch_op.drop_index(batch_op.f('ix_wallet_certifications_status'))

    op.drop_table('wallet_certifications')
    op.drop_table('wallet_forms')
