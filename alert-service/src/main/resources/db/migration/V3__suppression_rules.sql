-- Suppression rules (Defender's model): new alerts of a subscription that match a rule are dismissed on arrival.
CREATE TABLE suppression_rule (
    id               VARCHAR(36)  PRIMARY KEY,
    subscription_id  VARCHAR(128) NOT NULL,
    name             VARCHAR(50)  NOT NULL,
    -- an AlertType name, or '*' for every type
    alert_type       VARCHAR(64)  NOT NULL,
    -- {"allOf": [{"field": ..., "in": [...]} | {"field": ..., "contains": ...}]}: an object, because Hibernate
    -- Reactive maps JSON objects but not top-level arrays
    conditions       JSONB        NOT NULL,
    reason           VARCHAR(32)  NOT NULL,
    comment          TEXT,
    -- null: no time limit. "Expired" is derived from this and never stored, so it cannot go stale.
    expires_at       TIMESTAMPTZ,
    state            VARCHAR(16)  NOT NULL,
    created_by       VARCHAR(320) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_by       VARCHAR(320) NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    -- usage, so stale or over-broad rules show up; counting does not change the rule's version (its ETag)
    suppressed_count BIGINT       NOT NULL DEFAULT 0,
    last_matched_at  TIMESTAMPTZ,
    version          BIGINT       NOT NULL
);
-- a rule is addressed by name in conversations and runbooks, as in Defender where the name is the resource name
CREATE UNIQUE INDEX suppression_rule_name ON suppression_rule (subscription_id, name);
-- the lookup each new alert makes
CREATE INDEX suppression_rule_enabled ON suppression_rule (subscription_id, alert_type) WHERE state = 'Enabled';

-- every change to a rule, kept after the rule is deleted (no foreign key on purpose)
CREATE TABLE suppression_rule_audit (
    id              BIGSERIAL    PRIMARY KEY,
    rule_id         VARCHAR(36)  NOT NULL,
    subscription_id VARCHAR(128) NOT NULL,
    at              TIMESTAMPTZ  NOT NULL,
    actor           VARCHAR(320) NOT NULL,
    action          VARCHAR(16)  NOT NULL,
    before          JSONB,
    after           JSONB
);
CREATE INDEX suppression_rule_audit_rule ON suppression_rule_audit (rule_id, at);

-- the rule that dismissed the alert on arrival; kept when the rule is deleted, like the dismissal itself
ALTER TABLE alert ADD COLUMN suppressed_by VARCHAR(36);
CREATE INDEX alert_suppressed_by ON alert (suppressed_by) WHERE suppressed_by IS NOT NULL;
-- aggregation: the alert a rule dismissed for a correlation key keeps absorbing that key's detections
CREATE INDEX alert_correlation_suppressed ON alert (correlation_key, last_seen DESC)
    WHERE suppressed_by IS NOT NULL AND status = 'DISMISSED';
