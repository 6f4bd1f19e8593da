"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 12:53:47.800226
"""
from alembic import op
import sqlalchemy as sa
import amends.models.base
from sqlalchemy import Text  # noqa: F401  (autogenerate writes Text() for JSONB)
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_rule_settings',
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('rule', name=op.f('pk_case_rule_settings'))
    )
    op.create_table('dashboard_rollups',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('segment', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('computed_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_rollups')),
    sa.UniqueConstraint('kind', 'day', 'segment', 'key', name=op.f('uq_dashboard_rollups_kind_day_segment_key'))
    )
    with op.batch_alter_table('dashboard_rollups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_rollups_day'), ['day'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('run_after', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('locked_by', sa.String(length=120), nullable=True),
    sa.Column('locked_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_jobs_dedupe_key'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_kind_status'), ['kind', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_status_run_after'), ['status', 'run_after'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('recipient', sa.String(length=1000), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('dedupe_key', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('send_after', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_messages_dedupe_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_status_send_after'), ['status', 'send_after'], unique=False)

    op.create_table('scoring_models',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('blob', sa.Text(), nullable=True),
    sa.Column('n_customers', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scoring_models'))
    )
    with op.batch_alter_table('scoring_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scoring_models_kind_created_at'), ['kind', 'created_at'], unique=False)

    op.create_table('surveys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('follow_up', sa.String(length=500), nullable=True),
    sa.Column('brand_name', sa.String(length=200), nullable=False),
    sa.Column('brand_colour', sa.String(length=7), nullable=False),
    sa.Column('logo_url', sa.String(length=1000), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('strings', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('rules', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('activity_cursor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
    sa.UniqueConstraint('key', name=op.f('uq_surveys_key'))
    )
    op.create_table('teams',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    op.create_table('intake_forms',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('redirect_url', sa.String(length=1000), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_intake_forms_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_forms')),
    sa.UniqueConstraint('key', name=op.f('uq_intake_forms_key'))
    )
    op.create_table('staff_users',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_staff_users_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_users')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_users_email'))
    )
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_users_team_id'), ['team_id'], unique=False)

    op.create_table('alert_subscriptions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=1000), nullable=False),
    sa.Column('min_priority', sa.String(length=4), nullable=False),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_alert_subscriptions_staff_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_subscriptions')),
    sa.UniqueConstraint('staff_id', 'channel', 'target', name=op.f('uq_alert_subscriptions_staff_id_channel_target'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_users.id'], name=op.f('fk_api_keys_created_by_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_prefix'), ['prefix'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('email_key', sa.String(length=320), nullable=True),
    sa.Column('phone', sa.String(length=64), nullable=True),
    sa.Column('company', sa.String(length=200), nullable=True),
    sa.Column('segment', sa.String(length=64), nullable=True),
    sa.Column('value_per_year', sa.Double(), nullable=True),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('survey_opt_out', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['staff_users.id'], name=op.f('fk_customers_owner_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('email_key', name=op.f('uq_customers_email_key')),
    sa.UniqueConstraint('external_id', name=op.f('uq_customers_external_id'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_segment'), ['segment'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_status'), ['status'], unique=False)

    op.create_table('staff_sessions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], name=op.f('fk_staff_sessions_user_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_sessions_token_hash'))
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('activity_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Double(), nullable=True),
    sa.Column('occurred_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_activity_events_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_events')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_activity_events_source_external_id'))
    )
    with op.batch_alter_table('activity_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_events_customer_id_occurred_at'), ['customer_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_events_kind_occurred_at_customer_id'), ['kind', 'occurred_at', 'customer_id'], unique=False)

    op.create_table('customer_health',
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('computed_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('health_score', sa.Integer(), nullable=False),
    sa.Column('contributions', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('persona', sa.String(length=24), nullable=False),
    sa.Column('persona_reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('churn_risk', sa.Double(), nullable=False),
    sa.Column('risk_method', sa.String(length=16), nullable=False),
    sa.Column('risk_reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('p_alive', sa.Double(), nullable=True),
    sa.Column('expected_purchases', sa.Double(), nullable=True),
    sa.Column('usage_ratio', sa.Double(), nullable=True),
    sa.Column('value_at_risk', sa.Double(), nullable=True),
    sa.Column('recoverability', sa.Double(), nullable=True),
    sa.Column('effort', sa.String(length=20), nullable=False),
    sa.Column('effort_reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('voice', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_health_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_customer_health'))
    )
    with op.batch_alter_table('customer_health', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_health_churn_risk'), ['churn_risk'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_health_effort'), ['effort'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_health_health_score'), ['health_score'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_health_persona_value_at_risk'), ['persona', 'value_at_risk'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_health_value_at_risk'), ['value_at_risk'], unique=False)

    op.create_table('dashboard_customer_bad',
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('last_bad_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_dashboard_customer_bad_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('customer_id', name=op.f('pk_dashboard_customer_bad'))
    )
    with op.batch_alter_table('dashboard_customer_bad', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_customer_bad_last_bad_at'), ['last_bad_at'], unique=False)

    op.create_table('health_snapshots',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('computed_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('health_score', sa.Integer(), nullable=False),
    sa.Column('persona', sa.String(length=24), nullable=False),
    sa.Column('churn_risk', sa.Double(), nullable=False),
    sa.Column('value_at_risk', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_health_snapshots_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_snapshots'))
    )
    with op.batch_alter_table('health_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_snapshots_customer_id_computed_at'), ['customer_id', 'computed_at'], unique=False)

    op.create_table('interactions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('author_type', sa.String(length=10), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('thread_id', sa.String(length=200), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('occurred_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('analysis', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('model_version', sa.String(length=40), nullable=True),
    sa.Column('analysed_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sentiment_score', sa.Double(), nullable=True),
    sa.Column('bad_experience', sa.Boolean(), nullable=True),
    sa.Column('severity', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_interactions_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_interactions_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interactions')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_interactions_source_external_id'))
    )
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interactions_bad_experience_occurred_at'), ['bad_experience', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_channel_occurred_at'), ['channel', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_customer_id_occurred_at'), ['customer_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_interactions_dashboard_bad', ['bad_experience', 'occurred_at', 'customer_id'], unique=False)
        batch_op.create_index('ix_interactions_dashboard_day', ['occurred_at', 'author_type', 'bad_experience', 'sentiment_score', 'severity', 'thread_id', 'staff_id', 'customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_occurred_at_id'), ['occurred_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_staff_id_occurred_at'), ['staff_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_thread_id'), ['thread_id'], unique=False)

    op.create_table('leads',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('email_key', sa.String(length=320), nullable=True),
    sa.Column('phone', sa.String(length=64), nullable=True),
    sa.Column('phone_key', sa.String(length=32), nullable=True),
    sa.Column('subject', sa.String(length=500), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=True),
    sa.Column('topic_label', sa.String(length=200), nullable=True),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('classification', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('lost_reason', sa.String(length=500), nullable=True),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('duplicate_of_lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('assigned_to_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('received_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('after_hours', sa.Boolean(), nullable=False),
    sa.Column('ack_queued_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sla_due_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sla_warned_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sla_breached_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('first_response_kind', sa.String(length=16), nullable=True),
    sa.Column('cadence_step', sa.Integer(), nullable=False),
    sa.Column('converted_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['staff_users.id'], name=op.f('fk_leads_assigned_to_id_staff_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_leads_customer_id_customers')),
    sa.ForeignKeyConstraint(['duplicate_of_lead_id'], ['leads.id'], name=op.f('fk_leads_duplicate_of_lead_id_leads')),
    sa.ForeignKeyConstraint(['first_response_by_id'], ['staff_users.id'], name=op.f('fk_leads_first_response_by_id_staff_users')),
    sa.ForeignKeyConstraint(['form_id'], ['intake_forms.id'], name=op.f('fk_leads_form_id_intake_forms')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_leads_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_leads_source_external_id'))
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leads_assigned_to_id_status'), ['assigned_to_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_email_key'), ['email_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_first_response_at_sla_due_at'), ['first_response_at', 'sla_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_phone_key'), ['phone_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_status_received_at'), ['status', 'received_at'], unique=False)

    op.create_table('recovery_cases',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('open_key', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('trigger', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('issues', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('severity', sa.Integer(), nullable=False),
    sa.Column('persona', sa.String(length=32), nullable=True),
    sa.Column('value_at_risk', sa.Double(), nullable=True),
    sa.Column('priority', sa.String(length=4), nullable=False),
    sa.Column('playbook', sa.String(length=64), nullable=True),
    sa.Column('owner_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('assigned_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('opened_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_due', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolution_due', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_warn_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolution_warn_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_response_warned', sa.Boolean(), nullable=False),
    sa.Column('resolution_warned', sa.Boolean(), nullable=False),
    sa.Column('first_response_breached', sa.Boolean(), nullable=False),
    sa.Column('resolution_breached', sa.Boolean(), nullable=False),
    sa.Column('escalated_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('escalated_to_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.Column('fix', sa.Text(), nullable=True),
    sa.Column('root_cause', sa.String(length=40), nullable=True),
    sa.Column('root_cause_note', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('outcome_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome_detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_recovery_cases_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['escalated_to_id'], ['staff_users.id'], name=op.f('fk_recovery_cases_escalated_to_id_staff_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['staff_users.id'], name=op.f('fk_recovery_cases_owner_id_staff_users')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_recovery_cases_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_cases')),
    sa.UniqueConstraint('open_key', name=op.f('uq_recovery_cases_open_key'))
    )
    with op.batch_alter_table('recovery_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_cases_customer_id_opened_at'), ['customer_id', 'opened_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_cases_opened_at'), ['opened_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_cases_outcome_resolved_at'), ['outcome', 'resolved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_cases_owner_id_status'), ['owner_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_cases_resolved_at'), ['resolved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_cases_status_priority'), ['status', 'priority'], unique=False)

    op.create_table('survey_invitations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('survey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('context_type', sa.String(length=16), nullable=False),
    sa.Column('context_id', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('source_channel', sa.String(length=20), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('skip_reason', sa.String(length=200), nullable=True),
    sa.Column('identity_verified', sa.Boolean(), nullable=False),
    sa.Column('trigger', sa.String(length=32), nullable=False),
    sa.Column('send_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('queued_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outbox_message_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('expires_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_survey_invitations_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'], name=op.f('fk_survey_invitations_outbox_message_id_outbox_messages')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_survey_invitations_staff_id_staff_users')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_invitations_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitations')),
    sa.UniqueConstraint('survey_id', 'customer_id', 'context_type', 'context_id', name=op.f('uq_survey_invitations_survey_id_customer_id_context_type_context_id'))
    )
    with op.batch_alter_table('survey_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_invitations_customer_id_created_at'), ['customer_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_invitations_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_invitations_status_send_at'), ['status', 'send_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_invitations_survey_id_created_at'), ['survey_id', 'created_at'], unique=False)

    op.create_table('amends_ledger',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('recommended_value', sa.Double(), nullable=True),
    sa.Column('cap_value', sa.Double(), nullable=True),
    sa.Column('offered_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('approved_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('approved_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['staff_users.id'], name=op.f('fk_amends_ledger_approved_by_id_staff_users')),
    sa.ForeignKeyConstraint(['case_id'], ['recovery_cases.id'], name=op.f('fk_amends_ledger_case_id_recovery_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_amends_ledger_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offered_by_id'], ['staff_users.id'], name=op.f('fk_amends_ledger_offered_by_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amends_ledger'))
    )
    with op.batch_alter_table('amends_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amends_ledger_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amends_ledger_customer_id_created_at'), ['customer_id', 'created_at'], unique=False)

    op.create_table('case_drafts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tone', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['recovery_cases.id'], name=op.f('fk_case_drafts_case_id_recovery_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_users.id'], name=op.f('fk_case_drafts_created_by_id_staff_users')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['staff_users.id'], name=op.f('fk_case_drafts_sent_by_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_drafts'))
    )
    with op.batch_alter_table('case_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_drafts_case_id'), ['case_id'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_users.id'], name=op.f('fk_case_events_actor_id_staff_users')),
    sa.ForeignKeyConstraint(['case_id'], ['recovery_cases.id'], name=op.f('fk_case_events_case_id_recovery_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id_at'), ['case_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_events_kind_at'), ['kind', 'at'], unique=False)

    op.create_table('case_evidence',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('ref_type', sa.String(length=24), nullable=False),
    sa.Column('ref_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('severity', sa.Integer(), nullable=False),
    sa.Column('issues', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('occurred_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['recovery_cases.id'], name=op.f('fk_case_evidence_case_id_recovery_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_case_evidence_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_evidence')),
    sa.UniqueConstraint('rule', 'ref_type', 'ref_id', name=op.f('uq_case_evidence_rule_ref_type_ref_id'))
    )
    with op.batch_alter_table('case_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_evidence_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_evidence_customer_id_created_at'), ['customer_id', 'created_at'], unique=False)

    op.create_table('case_steps',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('done_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['recovery_cases.id'], name=op.f('fk_case_steps_case_id_recovery_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff_users.id'], name=op.f('fk_case_steps_done_by_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_steps')),
    sa.UniqueConstraint('case_id', 'position', name=op.f('uq_case_steps_case_id_position'))
    )
    op.create_table('findings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('interaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('occurred_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_findings_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_findings_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_findings_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_customer_id_occurred_at'), ['customer_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_kind_name_occurred_at'), ['kind', 'name', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_staff_id_kind_occurred_at'), ['staff_id', 'kind', 'occurred_at'], unique=False)

    op.create_table('intake_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ip_key', sa.String(length=64), nullable=False),
    sa.Column('form_key', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_intake_attempts_lead_id_leads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_attempts'))
    )
    with op.batch_alter_table('intake_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_attempts_ip_key_at'), ['ip_key', 'at'], unique=False)

    op.create_table('lead_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('occurred_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_lead_events_lead_id_leads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_lead_events_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_events'))
    )
    with op.batch_alter_table('lead_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_events_lead_id_occurred_at'), ['lead_id', 'occurred_at'], unique=False)

    op.create_table('lead_tasks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('due_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('assigned_to_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['staff_users.id'], name=op.f('fk_lead_tasks_assigned_to_id_staff_users')),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_lead_tasks_lead_id_leads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_lead_tasks_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_tasks'))
    )
    with op.batch_alter_table('lead_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_tasks_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_tasks_status_due_at'), ['status', 'due_at'], unique=False)

    op.create_table('survey_clicks',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('invitation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('option', sa.String(length=16), nullable=False),
    sa.Column('clicked_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=500), nullable=True),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('verdict', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['survey_invitations.id'], name=op.f('fk_survey_clicks_invitation_id_survey_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_clicks'))
    )
    with op.batch_alter_table('survey_clicks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_clicks_invitation_id_clicked_at'), ['invitation_id', 'clicked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_clicks_verdict_clicked_at'), ['verdict', 'clicked_at'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('invitation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('survey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('option', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('bad_experience', sa.Boolean(), nullable=False),
    sa.Column('identity_verified', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('comment_interaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('history', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('answered_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_interaction_id'], ['interactions.id'], name=op.f('fk_survey_responses_comment_interaction_id_interactions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_survey_responses_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['survey_invitations.id'], name=op.f('fk_survey_responses_invitation_id_survey_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_survey_responses_staff_id_staff_users')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_responses_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_survey_responses_invitation_id'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_bad_experience_answered_at'), ['bad_experience', 'answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_customer_id_answered_at'), ['customer_id', 'answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_survey_id_answered_at'), ['survey_id', 'answered_at'], unique=False)

    op.create_table('case_alerts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('staff_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', amends.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('digested_at', amends.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['recovery_cases.id'], name=op.f('fk_case_alerts_case_id_recovery_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['case_events.id'], name=op.f('fk_case_alerts_event_id_case_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_case_alerts_staff_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_alerts')),
    sa.UniqueConstraint('event_id', 'staff_id', name=op.f('uq_case_alerts_event_id_staff_id'))
    )
    with op.batch_alter_table('case_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_alerts_staff_id_digested_at_created_at'), ['staff_id', 'digested_at', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_alerts_staff_id_digested_at_created_at'))

    op.drop_table('case_alerts')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_survey_id_answered_at'))
        batch_op.drop_index(batch_op.f('ix_survey_responses_customer_id_answered_at'))
        batch_op.drop_index(batch_op.f('ix_survey_responses_bad_experience_answered_at'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('survey_clicks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_clicks_verdict_clicked_at'))
        batch_op.drop_index(batch_op.f('ix_survey_clicks_invitation_id_clicked_at'))

    op.drop_table('survey_clicks')
    with op.batch_alter_table('lead_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_tasks_status_due_at'))
        batch_op.drop_index(batch_op.f('ix_lead_tasks_lead_id'))

    op.drop_table('lead_tasks')
    with op.batch_alter_table('lead_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_events_lead_id_occurred_at'))

    op.drop_table('lead_events')
    with op.batch_alter_table('intake_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_attempts_ip_key_at'))
        batch_op.drop_index(batch_op.f('ix_intake_attempts_at'))

    op.drop_table('intake_attempts')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_staff_id_kind_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_findings_kind_name_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_findings_interaction_id'))
        batch_op.drop_index(batch_op.f('ix_findings_customer_id_occurred_at'))

    op.drop_table('findings')
    op.drop_table('case_steps')
    with op.batch_alter_table('case_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_evidence_customer_id_created_at'))
        batch_op.drop_index(batch_op.f('ix_case_evidence_case_id'))

    op.drop_table('case_evidence')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_kind_at'))
        batch_op.drop_index(batch_op.f('ix_case_events_case_id_at'))

    op.drop_table('case_events')
    with op.batch_alter_table('case_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_drafts_case_id'))

    op.drop_table('case_drafts')
    with op.batch_alter_table('amends_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amends_ledger_customer_id_created_at'))
        batch_op.drop_index(batch_op.f('ix_amends_ledger_case_id'))

    op.drop_table('amends_ledger')
    with op.batch_alter_table('survey_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_invitations_survey_id_created_at'))
        batch_op.drop_index(batch_op.f('ix_survey_invitations_status_send_at'))
        batch_op.drop_index(batch_op.f('ix_survey_invitations_staff_id'))
        batch_op.drop_index(batch_op.f('ix_survey_invitations_customer_id_created_at'))

    op.drop_table('survey_invitations')
    with op.batch_alter_table('recovery_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_cases_status_priority'))
        batch_op.drop_index(batch_op.f('ix_recovery_cases_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_recovery_cases_owner_id_status'))
        batch_op.drop_index(batch_op.f('ix_recovery_cases_outcome_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_recovery_cases_opened_at'))
        batch_op.drop_index(batch_op.f('ix_recovery_cases_customer_id_opened_at'))

    op.drop_table('recovery_cases')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leads_status_received_at'))
        batch_op.drop_index(batch_op.f('ix_leads_received_at'))
        batch_op.drop_index(batch_op.f('ix_leads_phone_key'))
        batch_op.drop_index(batch_op.f('ix_leads_first_response_at_sla_due_at'))
        batch_op.drop_index(batch_op.f('ix_leads_email_key'))
        batch_op.drop_index(batch_op.f('ix_leads_customer_id'))
        batch_op.drop_index(batch_op.f('ix_leads_assigned_to_id_status'))

    op.drop_table('leads')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interactions_thread_id'))
        batch_op.drop_index(batch_op.f('ix_interactions_staff_id_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_interactions_occurred_at_id'))
        batch_op.drop_index('ix_interactions_dashboard_day')
        batch_op.drop_index('ix_interactions_dashboard_bad')
        batch_op.drop_index(batch_op.f('ix_interactions_customer_id_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_interactions_channel_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_interactions_bad_experience_occurred_at'))

    op.drop_table('interactions')
    with op.batch_alter_table('health_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_snapshots_customer_id_computed_at'))

    op.drop_table('health_snapshots')
    with op.batch_alter_table('dashboard_customer_bad', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dashboard_customer_bad_last_bad_at'))

    op.drop_table('dashboard_customer_bad')
    with op.batch_alter_table('customer_health', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_health_value_at_risk'))
        batch_op.drop_index(batch_op.f('ix_customer_health_persona_value_at_risk'))
        batch_op.drop_index(batch_op.f('ix_customer_health_health_score'))
        batch_op.drop_index(batch_op.f('ix_customer_health_effort'))
        batch_op.drop_index(batch_op.f('ix_customer_health_churn_risk'))

    op.drop_table('customer_health')
    with op.batch_alter_table('activity_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_events_kind_occurred_at_customer_id'))
        batch_op.drop_index(batch_op.f('ix_activity_events_customer_id_occurred_at'))

    op.drop_table('activity_events')
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_staff_sessions_expires_at'))

    op.drop_table('staff_sessions')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_status'))
        batch_op.drop_index(batch_op.f('ix_customers_segment'))
        batch_op.drop_index(batch_op.f('ix_customers_owner_id'))
        batch_op.drop_index(batch_op.f('ix_customers_name'))

    op.drop_table('customers')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_prefix'))

    op.drop_table('api_keys')
    op.drop_table('alert_subscriptions')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_users_team_id'))

    op.drop_table('staff_users')
    op.drop_table('intake_forms')
    op.drop_table('teams')
    op.drop_table('surveys')
    with op.batch_alter_table('scoring_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scoring_models_kind_created_at'))

    op.drop_table('scoring_models')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status_send_after'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_status_run_after'))
        batch_op.drop_index(batch_op.f('ix_jobs_kind_status'))

    op.drop_table('jobs')
    with op.batch_alter_table('dashboard_rollups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dashboard_rollups_day'))

    op.drop_table('dashboard_rollups')
    op.drop_table('case_rule_settings')
