"""One flow for requests to affiliate a new provider (issue 20, point 3): Conto Welfare's provider requests and the
discounts portal's merchant requests move into one table, `affiliation_requests`, whose `kind` says which service
the request is for ('wallet' or 'discounts'). Every row is kept: the wallet's keep their numbers, the discounts'
are numbered after them. The downgrade puts each row back in its service's table (a discounts town longer than
that table's 80 characters is cut).

Revision ID: 0041
Revises: 0040
Create Date: 2026-11-30 06:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None

COMMON = "created_at, due_on, status, answer, handled_at, handled_by_id"


def _old_table(name, name_column, town_column, town_length, reason_column):
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column(name_column, sa.String(length=200), nullable=False),
    sa.Column(town_column, sa.String(length=town_length), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column(reason_column, sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'affiliated', 'declined')", name=op.f(f'ck_{name}_status_known')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f(f'fk_{name}_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f(f'fk_{name}_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_requested_by_id'), ['requested_by_id'], unique=False)


def _drop_old_table(name):
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f(f'ix_{name}_requested_by_id'))
    op.drop_table(name)


def _restart_numbering(table):
    """Rows were inserted with their numbers: PostgreSQL's sequence goes on after the largest (SQLite needs nothing)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                   f"FROM {table}")


def upgrade():
    op.create_table('affiliation_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('town', sa.String(length=120), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('wallet', 'discounts')", name=op.f('ck_affiliation_requests_kind_known')),
    sa.CheckConstraint("status IN ('open', 'affiliated', 'declined')", name=op.f('ck_affiliation_requests_status_known')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_affiliation_requests_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_affiliation_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affiliation_requests'))
    )
    with op.batch_alter_table('affiliation_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_affiliation_requests_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_affiliation_requests_requested_by_id'), ['requested_by_id'], unique=False)

    op.execute(f"INSERT INTO affiliation_requests (id, kind, requested_by_id, name, town, website, reason, {COMMON}) "
               f"SELECT id, 'wallet', requested_by_id, provider_name, city, website, service, {COMMON} "
               f"FROM wallet_affiliation_requests")
    op.execute(f"INSERT INTO affiliation_requests (id, kind, requested_by_id, name, town, website, reason, {COMMON}) "
               f"SELECT id + (SELECT COALESCE(MAX(id), 0) FROM wallet_affiliation_requests), 'discounts', "
               f"requested_by_id, merchant_name, town, website, reason, {COMMON} FROM discounts_affiliation_requests")
    _restart_numbering('affiliation_requests')
    _drop_old_table('wallet_affiliation_requests')
    _drop_old_table('discounts_affiliation_requests')


def downgrade():
    _old_table('wallet_affiliation_requests', 'provider_name', 'city', 120, 'service')
    _old_table('discounts_affiliation_requests', 'merchant_name', 'town', 80, 'reason')
    op.execute(f"INSERT INTO wallet_affiliation_requests (id, requested_by_id, provider_name, city, website, service, "
               f"{COMMON}) SELECT id, requested_by_id, name, town, website, reason, {COMMON} "
               f"FROM affiliation_requests WHERE kind = 'wallet'")
    op.execute(f"INSERT INTO discounts_affiliation_requests (id, requested_by_id, merchant_name, town, website, "
               f"reason, {COMMON}) SELECT id, requested_by_id, name, SUBSTR(town, 1, 80), website, reason, {COMMON} "
               f"FROM affiliation_requests WHERE kind = 'discounts'")
    _restart_numbering('wallet_affiliation_requests')
    _restart_numbering('discounts_affiliation_requests')
    with op.batch_alter_table('affiliation_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_affiliation_requests_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_affiliation_requests_due_on'))
    op.drop_table('affiliation_requests')
