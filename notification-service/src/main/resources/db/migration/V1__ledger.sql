-- The send ledger: one row per (alert, channel, recipient). Claiming the row before sending is what keeps a
-- redelivered alert event from reaching a person twice.
CREATE TABLE delivery (
    id              BIGSERIAL    PRIMARY KEY,
    alert_id        VARCHAR(32)  NOT NULL,
    alert_version   BIGINT       NOT NULL,
    subscription_id VARCHAR(128) NOT NULL,
    channel         VARCHAR(16)  NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    claimed_at      TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ,
    CONSTRAINT delivery_once UNIQUE (alert_id, channel, recipient)
);
CREATE INDEX delivery_recipient_sent ON delivery (channel, recipient, sent_at DESC);
