-- Chats. A direct chat has exactly two members and a unique key made of their sorted ids, so
-- asking for it twice finds the same chat. last_seq is the chat's event sequence: every change
-- takes the next value while holding this row's lock, so a chat's events are strictly ordered.
CREATE TABLE chats (
    id               UUID PRIMARY KEY,
    type             VARCHAR(10)  NOT NULL CHECK (type IN ('direct', 'group')),
    title            VARCHAR(100),
    owner_id         UUID,
    direct_key       VARCHAR(73) UNIQUE,
    last_seq         BIGINT       NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    last_activity_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE chat_members (
    chat_id       UUID        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    user_id       UUID        NOT NULL,
    role          VARCHAR(10) NOT NULL CHECK (role IN ('owner', 'member')),
    joined_at     TIMESTAMPTZ NOT NULL,
    last_read_seq BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_user_idx ON chat_members (user_id);

-- Messages. seq is the seq of the event that created the message. A deleted message keeps its
-- row (and seq) and loses its content.
CREATE TABLE messages (
    id                UUID PRIMARY KEY,
    chat_id           UUID        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    seq               BIGINT      NOT NULL,
    sender_id         UUID        NOT NULL,
    content           TEXT,
    message_type      VARCHAR(32) NOT NULL,
    client_message_id VARCHAR(100),
    created_at        TIMESTAMPTZ NOT NULL,
    edited_at         TIMESTAMPTZ,
    deleted_at        TIMESTAMPTZ,
    UNIQUE (chat_id, seq)
);
CREATE UNIQUE INDEX messages_client_message_id_key ON messages (chat_id, sender_id, client_message_id)
    WHERE client_message_id IS NOT NULL;

-- The chat event log, and the transactional outbox: an event is written in the transaction of
-- its change and published to Kafka after commit; published_at marks what Kafka acknowledged.
-- event_no orders publication: within a chat it follows seq (the chat row lock serialises them).
CREATE TABLE chat_events (
    event_no     BIGSERIAL PRIMARY KEY,
    id           UUID        NOT NULL UNIQUE,
    chat_id      UUID        NOT NULL,
    seq          BIGINT      NOT NULL,
    type         VARCHAR(40) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    envelope     JSONB       NOT NULL,
    published_at TIMESTAMPTZ,
    UNIQUE (chat_id, seq)
);
CREATE INDEX chat_events_unpublished_idx ON chat_events (event_no) WHERE published_at IS NULL;
CREATE INDEX chat_events_created_idx ON chat_events (created_at);
