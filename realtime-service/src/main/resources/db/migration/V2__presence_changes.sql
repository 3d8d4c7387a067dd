-- When each user came online (a first socket anywhere) or went offline (the last one closed, or
-- its instance died), so that other backends can ask who was online at a past moment (a message's
-- time). Written in the directory write that saw the change; rows older than a day are pruned,
-- except each user's latest.
CREATE TABLE realtime_presence_changes (
    user_id UUID        NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    online  BOOLEAN     NOT NULL,
    PRIMARY KEY (user_id, at)
);
CREATE INDEX realtime_presence_changes_at_idx ON realtime_presence_changes (at);
