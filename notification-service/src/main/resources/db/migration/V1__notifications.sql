-- A user's notifications. user_id is null for a notice to everyone (one row, read state per
-- user in notification_reads). A chat_messages notification stands for the messages of one
-- chat its user missed while offline; at most one unread per user and chat.
CREATE TABLE notifications (
    id           uuid PRIMARY KEY,
    user_id      uuid,
    type         varchar(64)  NOT NULL,
    title        varchar(200) NOT NULL,
    body         text         NOT NULL,
    data         jsonb,
    chat_id      uuid,
    unread_count integer,
    read_at      timestamptz,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL
);

CREATE UNIQUE INDEX notifications_one_open_per_chat ON notifications (user_id, chat_id)
    WHERE chat_id IS NOT NULL AND read_at IS NULL;
CREATE INDEX notifications_by_user ON notifications (user_id, updated_at DESC);
CREATE INDEX notifications_to_everyone ON notifications (updated_at DESC) WHERE user_id IS NULL;

-- Who has read a notice to everyone.
CREATE TABLE notification_reads (
    notification_id uuid        NOT NULL REFERENCES notifications ON DELETE CASCADE,
    user_id         uuid        NOT NULL,
    read_at         timestamptz NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);

-- The messages a chat_messages notification stands for: its count and preview are computed
-- from them, so a repeated event counts once and a read or deleted message drops out exactly.
CREATE TABLE missed_messages (
    notification_id uuid         NOT NULL REFERENCES notifications ON DELETE CASCADE,
    message_id      uuid         NOT NULL,
    seq             bigint       NOT NULL,
    sender_id       uuid         NOT NULL,
    preview         varchar(200) NOT NULL,
    sent_at         timestamptz  NOT NULL,
    PRIMARY KEY (notification_id, message_id)
);

CREATE INDEX missed_messages_by_message ON missed_messages (message_id);

-- How far each user has read each chat (from messages_read events): a message event delivered
-- again after its chat was read does not bring its notification back.
CREATE TABLE chat_read_marks (
    user_id uuid   NOT NULL,
    chat_id uuid   NOT NULL,
    seq     bigint NOT NULL,
    PRIMARY KEY (user_id, chat_id)
);
