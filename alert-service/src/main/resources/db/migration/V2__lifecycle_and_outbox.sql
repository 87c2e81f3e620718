-- who changed an alert's status, when, from what to what, and why
CREATE TABLE alert_history (
    id          BIGSERIAL    PRIMARY KEY,
    alert_id    VARCHAR(32)  NOT NULL REFERENCES alert (id),
    at          TIMESTAMPTZ  NOT NULL,
    actor       VARCHAR(320) NOT NULL,
    from_status VARCHAR(16)  NOT NULL,
    to_status   VARCHAR(16)  NOT NULL,
    comment     TEXT
);
CREATE INDEX alert_history_alert ON alert_history (alert_id, at);

-- transactional outbox: an alert change and its event are committed together, then relayed to Kafka in id order
CREATE TABLE outbox (
    id            BIGSERIAL    PRIMARY KEY,
    alert_id      VARCHAR(32)  NOT NULL,
    alert_version BIGINT       NOT NULL,
    payload       JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
