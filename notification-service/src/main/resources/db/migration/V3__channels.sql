-- One ledger for every channel (issue 6, items 3-6): email, webhooks, Slack, syslog and Kafka exports. A row is one
-- delivery of one alert version to one address or destination; a worker sends due rows and retries failures with
-- exponential backoff from the state kept here, so a restart neither loses nor repeats them.

-- every version of an alert can be delivered (exports send each change, emails thread follow-ups)
ALTER TABLE delivery DROP CONSTRAINT delivery_once;
ALTER TABLE delivery ADD CONSTRAINT delivery_once UNIQUE (alert_id, alert_version, channel, recipient);
ALTER TABLE delivery ALTER COLUMN channel TYPE VARCHAR(32);

ALTER TABLE delivery ADD COLUMN follow_up       BOOLEAN      NOT NULL DEFAULT false; -- a later email in an alert's thread
ALTER TABLE delivery ADD COLUMN attempts        INTEGER      NOT NULL DEFAULT 0;
ALTER TABLE delivery ADD COLUMN last_attempt_at TIMESTAMPTZ;
-- when the worker sends (or retries) it: due when in the past; while an attempt runs, the end of its lease
ALTER TABLE delivery ADD COLUMN next_attempt_at TIMESTAMPTZ;
-- why it was throttled, why the last attempt failed, or why it was given up (never a secret)
ALTER TABLE delivery ADD COLUMN reason          VARCHAR(1000);
-- the alert event (JSON) of this version while the row is still to be sent; cleared once it is final
ALTER TABLE delivery ADD COLUMN event           TEXT;

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('CLAIMED', 'RETRYING');
CREATE INDEX delivery_alert ON delivery (alert_id, id);

-- The latest version of every alert, from vigil.alerts.v1, for snapshot exports.
CREATE TABLE alert_current (
    alert_id        VARCHAR(32)  PRIMARY KEY,
    subscription_id VARCHAR(128) NOT NULL,
    version         BIGINT       NOT NULL,
    severity        VARCHAR(16)  NOT NULL,
    alert_type      VARCHAR(64),
    status          VARCHAR(16),
    updated_at      TIMESTAMPTZ,
    event           TEXT         NOT NULL
);
CREATE INDEX alert_current_subscription ON alert_current (subscription_id, alert_id);
