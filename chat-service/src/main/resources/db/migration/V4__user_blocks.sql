-- A user's block list: whom they blocked. Neither of the two may open a direct chat with the other
-- or add the other to a group while the block stands.
CREATE TABLE user_blocks (
    blocker_id UUID        NOT NULL,
    blocked_id UUID        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX user_blocks_blocked_idx ON user_blocks (blocked_id);
