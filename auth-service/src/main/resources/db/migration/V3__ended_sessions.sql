-- Sessions ended before their access tokens expire, written in the transaction that ends them and
-- published to Kafka (switchboard.session-revocations) by the relay, which then sets published_at.
CREATE TABLE session_revocations (
    id           BIGSERIAL PRIMARY KEY,
    sid          UUID        NOT NULL,
    user_id      UUID        NOT NULL,
    until        TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX session_revocations_unpublished_idx ON session_revocations (id) WHERE published_at IS NULL;

-- An administrator may deactivate an account: its sessions end, and it cannot log in until reactivated.
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMPTZ;
