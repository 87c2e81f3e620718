-- Email throttling per address and severity (issue 6, item 2). What a sent email counts against is read from the
-- ledger itself, so a restart does not reset the limits. A throttled alert keeps its ledger row with status
-- THROTTLED (it is never sent on its own, and never twice) until the next email to that address, or the digest,
-- summarises it and it becomes SUMMARISED.
ALTER TABLE delivery ADD COLUMN severity      VARCHAR(16);   -- null for rows from before V2 and for digests
ALTER TABLE delivery ADD COLUMN alert_type    VARCHAR(64);
ALTER TABLE delivery ADD COLUMN alert_name    VARCHAR(256);
ALTER TABLE delivery ADD COLUMN vault_name    VARCHAR(256);
ALTER TABLE delivery ADD COLUMN summarised_by BIGINT;        -- the delivery (email or digest) that listed it
ALTER TABLE delivery ADD COLUMN summarised_at TIMESTAMPTZ;

-- the held-back alerts of one address, oldest first
CREATE INDEX delivery_held ON delivery (channel, recipient, claimed_at) WHERE status = 'THROTTLED';
