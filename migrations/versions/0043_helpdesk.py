"""Help desk: a person's conversations with the office of a topic (clocks in working hours, rating), their messages
(internal notes, channel: chat, phone, e-mail) and attachments; the office's ready answers in both languages (the
published ones are the FAQ)

Revision ID: 0043
Revises: 0042
Create Date: 2026-11-30 06:12:53.663582

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('helpdesk_ready_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=12), nullable=False),
    sa.Column('title_it', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('body_it', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("topic IN ('wallet', 'tax', 'caf', 'childcare', 'tutoring', 'courses', 'discounts', 'portal', 'anomaly')", name=op.f('ck_helpdesk_ready_answers_topic_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_ready_answers'))
    )
    with op.batch_alter_table('helpdesk_ready_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_ready_answers_topic'), ['topic'], unique=False)

    op.create_table('helpdesk_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=12), nullable=False),
    sa.Column('subject', sa.String(length=150), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolution_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("channel IN ('chat', 'phone', 'email')", name=op.f('ck_helpdesk_conversations_channel_known')),
    sa.CheckConstraint("status IN ('open', 'waiting_user', 'closed')", name=op.f('ck_helpdesk_conversations_status_known')),
    sa.CheckConstraint("topic IN ('wallet', 'tax', 'caf', 'childcare', 'tutoring', 'courses', 'discounts', 'portal', 'anomaly')", name=op.f('ck_helpdesk_conversations_topic_known')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_helpdesk_conversations_rating_range')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_helpdesk_conversations_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_helpdesk_conversations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_conversations'))
    )
    with op.batch_alter_table('helpdesk_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_conversations_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_conversations_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index('ix_helpdesk_conversations_queue', ['topic', 'status', 'assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_conversations_user_id'), ['user_id'], unique=False)

    op.create_table('helpdesk_messages',
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('from_staff', sa.Boolean(), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('chat', 'phone', 'email')", name=op.f('ck_helpdesk_messages_channel_known')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_helpdesk_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['helpdesk_conversations.id'], name=op.f('fk_helpdesk_messages_conversation_id_helpdesk_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_messages'))
    )
    with op.batch_alter_table('helpdesk_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_messages_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('helpdesk_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=150), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['helpdesk_conversations.id'], name=op.f('fk_helpdesk_attachments_conversation_id_helpdesk_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['helpdesk_messages.id'], name=op.f('fk_helpdesk_attachments_message_id_helpdesk_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_helpdesk_attachments_stored_name'))
    )
    with op.batch_alter_table('helpdesk_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_attachments_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_attachments_message_id'), ['message_id'], unique=False)



def downgrade():
    with op.batch_alter_table('helpdesk_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_attachments_message_id'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_attachments_conversation_id'))

    op.drop_table('helpdesk_attachments')
    with op.batch_alter_table('helpdesk_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_messages_conversation_id'))

    op.drop_table('helpdesk_messages')
    with op.batch_alter_table('helpdesk_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_conversations_user_id'))
        batch_op.drop_index('ix_helpdesk_conversations_queue')
        batch_op.drop_index(batch_op.f('ix_helpdesk_conversations_closed_at'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_conversations_assignee_id'))

    op.drop_table('helpdesk_conversations')
    with op.batch_alter_table('helpdesk_ready_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_ready_answers_topic'))

    op.drop_table('helpdesk_ready_answers')
