"""Conto Welfare: the provider's welfare operators (a role of their own), four-eyes on approvals, the family
member's self-certified income, pension contributions paid elsewhere, the operators' deadlines

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-29 20:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

OLD_ROLES = ('dipendente', 'studente', 'genitore', 'operatore_caf', 'educatore', 'tutor', 'dec', 'amministratore')
NEW_ROLES = ('dipendente', 'studente', 'genitore', 'operatore_caf', 'operatore_welfare', 'educatore', 'tutor', 'dec',
             'amministratore')


def _roles_check(roles) -> str:
    return "role IN (" + ", ".join(f"'{role}'" for role in roles) + ")"


def upgrade():
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', _roles_check(NEW_ROLES))

    with op.batch_alter_table('wallet_reimbursements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('proposed_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('check_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_wallet_reimbursements_checked_by_id_users'), 'users',
                                    ['checked_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            'proposed_within_requested',
            'proposed_cents IS NULL OR (proposed_cents > 0 AND proposed_cents <= amount_cents)')
        batch_op.create_check_constraint(
            'four_eyes', 'checked_by_id IS NULL OR decided_by_id IS NULL OR checked_by_id <> decided_by_id')

    with op.batch_alter_table('wallet_family_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('yearly_income_cents', sa.BigInteger(), nullable=True))
        batch_op.create_check_constraint('income_non_negative',
                                         'yearly_income_cents IS NULL OR yearly_income_cents >= 0')

    with op.batch_alter_table('wallets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pension_paid_elsewhere_cents', sa.BigInteger(), server_default='0',
                                      nullable=False))
        batch_op.create_check_constraint('pension_elsewhere_non_negative', 'pension_paid_elsewhere_cents >= 0')

    op.create_table('wallet_duties',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('payroll', 'residuals')", name=op.f('ck_wallet_duties_kind_known')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_wallet_duties_done_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('kind', 'period', name=op.f('pk_wallet_duties'))
    )


def downgrade():
    op.drop_table('wallet_duties')

    with op.batch_alter_table('wallets', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_wallets_pension_elsewhere_non_negative'), type_='check')
        batch_op.drop_column('pension_paid_elsewhere_cents')

    with op.batch_alter_table('wallet_family_members', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_wallet_family_members_income_non_negative'), type_='check')
        batch_op.drop_column('yearly_income_cents')

    with op.batch_alter_table('wallet_reimbursements', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_wallet_reimbursements_four_eyes'), type_='check')
        batch_op.drop_constraint(op.f('ck_wallet_reimbursements_proposed_within_requested'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_wallet_reimbursements_checked_by_id_users'), type_='foreignkey')
        batch_op.drop_column('check_note')
        batch_op.drop_column('proposed_cents')
        batch_op.drop_column('checked_at')
        batch_op.drop_column('checked_by_id')

    op.execute("DELETE FROM user_roles WHERE role = 'operatore_welfare'")
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', _roles_check(OLD_ROLES))
