-- Subscription settings grow the sections notification-service and detection-service follow. Existing rows get the
-- defaults every service assumes for a subscription nobody configured, so publishing them changes nothing.
ALTER TABLE subscription_settings
    ADD COLUMN detection_exceptions JSONB NOT NULL DEFAULT '{"items": []}',
    ADD COLUMN notifications        JSONB NOT NULL
        DEFAULT '{"enabled": true, "minimumSeverity": "HIGH", "emails": [], "roles": ["vigil-admin"]}',
    ADD COLUMN exports              JSONB NOT NULL DEFAULT '{"items": []}';

-- every settings change: who, when, which section, the whole settings before and after
CREATE TABLE settings_audit (
    id              BIGSERIAL    PRIMARY KEY,
    subscription_id VARCHAR(128) NOT NULL,
    at              TIMESTAMPTZ  NOT NULL,
    actor           VARCHAR(320) NOT NULL,
    section         VARCHAR(32)  NOT NULL,
    version         BIGINT       NOT NULL,
    before          JSONB        NOT NULL,
    after           JSONB        NOT NULL
);
CREATE INDEX settings_audit_subscription ON settings_audit (subscription_id, at DESC, id DESC);

-- The audit log reads a subscription's alert history newest first. History rows only know their alert, and every
-- writer of history (status changes, bulk changes, suppression on arrival) would have to repeat the subscription;
-- the database fills it from the alert instead, so no writer can forget it.
ALTER TABLE alert_history ADD COLUMN subscription_id VARCHAR(128);
UPDATE alert_history h SET subscription_id = a.subscription_id FROM alert a WHERE a.id = h.alert_id;
ALTER TABLE alert_history ALTER COLUMN subscription_id SET NOT NULL;
CREATE FUNCTION alert_history_subscription() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.subscription_id IS NULL THEN
        SELECT subscription_id INTO NEW.subscription_id FROM alert WHERE id = NEW.alert_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER alert_history_subscription BEFORE INSERT ON alert_history
    FOR EACH ROW EXECUTE FUNCTION alert_history_subscription();
CREATE INDEX alert_history_subscription ON alert_history (subscription_id, at DESC, id DESC);
CREATE INDEX suppression_rule_audit_subscription ON suppression_rule_audit (subscription_id, at DESC, id DESC);

-- transactions per subscription and hour from vigil.usage.v1; the usage id is deterministic over both, so a
-- redelivered hour lands on its own row and a correction replaces it
CREATE TABLE usage_hour (
    usage_id        VARCHAR(64)  PRIMARY KEY,
    subscription_id VARCHAR(128) NOT NULL,
    hour_start      TIMESTAMPTZ  NOT NULL,
    transactions    BIGINT       NOT NULL,
    received_at     TIMESTAMPTZ  NOT NULL,
    revisions       INTEGER      NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX usage_hour_subscription ON usage_hour (subscription_id, hour_start);

-- sample alerts raised on request to check the delivery chain, not findings
ALTER TABLE alert ADD COLUMN simulated BOOLEAN NOT NULL DEFAULT FALSE;
