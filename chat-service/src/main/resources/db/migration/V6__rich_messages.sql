-- Replies and mentions are fixed when a message is sent: reply_to is a message of the same chat,
-- mentions the members it named.
ALTER TABLE messages ADD COLUMN reply_to UUID REFERENCES messages (id) ON DELETE SET NULL;
ALTER TABLE messages ADD COLUMN mentions UUID[] NOT NULL DEFAULT '{}';

-- One row per member and emoji on a message. A message's view counts them per emoji in the same
-- query that reads the message.
CREATE TABLE message_reactions (
    message_id UUID         NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    emoji      VARCHAR(64)  NOT NULL,
    user_id    UUID         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);

CREATE TABLE message_pins (
    chat_id    UUID        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    message_id UUID        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    pinned_by  UUID        NOT NULL,
    pinned_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- A file uploaded to a chat. message_id is null until a message of its uploader uses it; one that
-- no message used within a day is removed, with its object. position orders a message's files.
CREATE TABLE attachments (
    id            UUID         PRIMARY KEY,
    chat_id       UUID         NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    uploader_id   UUID         NOT NULL,
    message_id    UUID         REFERENCES messages (id) ON DELETE CASCADE,
    position      SMALLINT,
    name          VARCHAR(255) NOT NULL,
    content_type  VARCHAR(255) NOT NULL,
    size          BIGINT       NOT NULL,
    sha256        CHAR(64)     NOT NULL,
    object_key    VARCHAR(255) NOT NULL,
    thumbnail_key VARCHAR(255),
    width         INT,
    height        INT,
    created_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX attachments_message_idx ON attachments (message_id, position) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_unused_idx ON attachments (created_at) WHERE message_id IS NULL;
