-- Blocks and unblocks waiting to be published to switchboard.user-blocks (realtime-service hides
-- the two users' presence and typing from each other). Written in the transaction of the change,
-- deleted once Kafka acknowledged it: a change is never lost, even with Kafka down.
CREATE TABLE block_changes (
    id         BIGSERIAL PRIMARY KEY,
    blocker_id UUID        NOT NULL,
    blocked_id UUID        NOT NULL,
    blocked    BOOLEAN     NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
