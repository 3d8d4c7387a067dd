-- The realtime cluster's directory. Each running instance holds one slot: the partition of the
-- inbox topic it reads. A slot whose heartbeat is older than the instance timeout belongs to a
-- dead instance and may be claimed again.
CREATE TABLE realtime_instances (
    slot         INT PRIMARY KEY,
    instance_id  UUID        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL
);

-- Where each connected user's sockets are: one row per user and instance, with how many sockets
-- and how many of them are away. Rows count only while their instance (slot and instance_id)
-- is alive; a dead instance's rows are ignored, then deleted.
CREATE TABLE realtime_connections (
    user_id     UUID NOT NULL,
    slot        INT  NOT NULL,
    instance_id UUID NOT NULL,
    sockets     INT  NOT NULL,
    away        INT  NOT NULL,
    PRIMARY KEY (user_id, slot)
);
CREATE INDEX realtime_connections_slot_idx ON realtime_connections (slot, instance_id);

-- When each user was last connected anywhere.
CREATE TABLE realtime_last_seen (
    user_id UUID PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL
);
