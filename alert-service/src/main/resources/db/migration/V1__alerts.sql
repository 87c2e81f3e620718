-- Alerts as responders see them; one row per alert, updated in place as detections with its correlation key arrive.
CREATE TABLE alert (
    id                  VARCHAR(32)  PRIMARY KEY,
    version             BIGINT       NOT NULL,
    subscription_id     VARCHAR(128) NOT NULL,
    alert_type          VARCHAR(64)  NOT NULL,
    display_name        VARCHAR(256) NOT NULL,
    description         TEXT         NOT NULL,
    severity            VARCHAR(16)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    source              VARCHAR(32)  NOT NULL,
    vault_id            VARCHAR(1024) NOT NULL,
    vault_name          VARCHAR(256) NOT NULL,
    first_seen          TIMESTAMPTZ  NOT NULL,
    last_seen           TIMESTAMPTZ  NOT NULL,
    detection_count     INTEGER      NOT NULL,
    -- who, from where, which secrets when, why, what to do: always read whole, so one document
    details             JSONB        NOT NULL,
    correlation_key     VARCHAR(2048) NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);

-- the dashboard's default view: a subscription's newest alerts, optionally by status
CREATE INDEX alert_subscription_last_seen ON alert (subscription_id, last_seen DESC);
CREATE INDEX alert_subscription_status ON alert (subscription_id, status, last_seen DESC);
-- aggregation: the open alert of a correlation key
CREATE INDEX alert_correlation_open ON alert (correlation_key, last_seen DESC) WHERE status IN ('ACTIVE', 'IN_PROGRESS');

-- every detection folded into an alert, so a redelivered detection is recognised and not counted twice
CREATE TABLE alert_detection (
    detection_id VARCHAR(32) PRIMARY KEY,
    alert_id     VARCHAR(32) NOT NULL REFERENCES alert (id),
    received_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_detection_alert ON alert_detection (alert_id);
