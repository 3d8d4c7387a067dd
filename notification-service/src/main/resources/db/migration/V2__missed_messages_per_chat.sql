-- A message is stored once per chat, not once per user who missed it: a message to a group of
-- 1,000 members who are all offline costs one row. Each user's chat_messages notification says
-- from which message on it counts (first_seq); its count, title and preview are computed when it
-- is read (current_notifications), from the chat's messages at or after first_seq that are past
-- the user's read mark, not the user's own, and not muted by them. A notification marked read
-- keeps what it said then (stored in the row).
CREATE TABLE chat_messages (
    chat_id    uuid         NOT NULL,
    seq        bigint       NOT NULL,
    message_id uuid         NOT NULL,
    sender_id  uuid         NOT NULL,
    preview    varchar(200) NOT NULL,
    sent_at    timestamptz  NOT NULL,
    muted_by   uuid[]       NOT NULL DEFAULT '{}',
    stored_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (chat_id, seq)
);
CREATE INDEX chat_messages_by_message ON chat_messages (message_id);
CREATE INDEX chat_messages_by_stored_at ON chat_messages (stored_at);

ALTER TABLE notifications ADD COLUMN first_seq bigint;
CREATE INDEX notifications_open_by_chat ON notifications (chat_id, user_id)
    WHERE chat_id IS NOT NULL AND read_at IS NULL;

-- What was missed before: each open notification counts from its first missed message.
INSERT INTO chat_messages (chat_id, seq, message_id, sender_id, preview, sent_at)
SELECT DISTINCT ON (n.chat_id, m.seq) n.chat_id, m.seq, m.message_id, m.sender_id, m.preview, m.sent_at
  FROM missed_messages m JOIN notifications n ON n.id = m.notification_id
 ORDER BY n.chat_id, m.seq;
UPDATE notifications n SET first_seq = (SELECT min(m.seq) FROM missed_messages m WHERE m.notification_id = n.id)
 WHERE n.chat_id IS NOT NULL AND n.read_at IS NULL;
DELETE FROM notifications WHERE chat_id IS NOT NULL AND read_at IS NULL AND first_seq IS NULL;
DROP TABLE missed_messages;

-- Every notification as its user sees it: an open chat notification computed from its chat's
-- messages (and left out while none of them counts), any other as stored.
CREATE VIEW current_notifications AS
SELECT n.id, n.user_id, n.type, n.chat_id, n.read_at, n.created_at,
       CASE WHEN c.open THEN CASE WHEN c.unread = 1 THEN '1 new message' ELSE c.unread || ' new messages' END
            ELSE n.title END AS title,
       CASE WHEN c.open THEN l.preview ELSE n.body END AS body,
       CASE WHEN c.open THEN jsonb_build_object('chat_id', n.chat_id, 'last_message', jsonb_build_object(
                'id', l.message_id, 'seq', l.seq, 'sender_id', l.sender_id, 'content', l.preview,
                'created_at', to_char(l.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
            ELSE n.data END AS data,
       CASE WHEN c.open THEN c.unread::integer ELSE n.unread_count END AS unread_count,
       CASE WHEN c.open THEN greatest(n.updated_at, l.sent_at) ELSE n.updated_at END AS updated_at,
       c.last_seq
  FROM notifications n
  CROSS JOIN LATERAL (
      SELECT n.first_seq IS NOT NULL AND n.read_at IS NULL AS open) o
  LEFT JOIN LATERAL (
      SELECT true AS open, count(*) AS unread, max(m.seq) AS last_seq
        FROM chat_messages m
       WHERE m.chat_id = n.chat_id AND m.seq >= n.first_seq
         AND m.seq > coalesce((SELECT k.seq FROM chat_read_marks k
                                WHERE k.user_id = n.user_id AND k.chat_id = n.chat_id), -1)
         AND m.sender_id <> n.user_id AND NOT (n.user_id = ANY (m.muted_by))
      HAVING count(*) > 0) c ON o.open
  LEFT JOIN chat_messages l ON l.chat_id = n.chat_id AND l.seq = c.last_seq
 WHERE NOT o.open OR c.open;
