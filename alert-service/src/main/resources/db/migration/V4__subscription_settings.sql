-- What a subscription's administrators decide; published to the compacted vigil.config.v1 for the other services.
CREATE TABLE subscription_settings (
    subscription_id     VARCHAR(128) PRIMARY KEY,
    version             BIGINT       NOT NULL,
    published_version   BIGINT       NOT NULL DEFAULT 0,
    protection_enabled  BOOLEAN      NOT NULL,
    trusted_networks    JSONB        NOT NULL,
    updated_by          VARCHAR(320) NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);
-- the republisher's work list: settings committed but not yet acknowledged by Kafka
CREATE INDEX subscription_settings_unpublished ON subscription_settings (subscription_id)
    WHERE published_version < version;
