-- A mention is a notification of its own (type 'mention'), beside the chat's: one per mentioned
-- member and message, with chat_id set so that leaving the chat clears it, and first_seq null so
-- that current_notifications shows its own title, body and data. One open notification per user
-- and chat holds for the chat's messages only.
DROP INDEX notifications_one_open_per_chat;
CREATE UNIQUE INDEX notifications_one_open_per_chat ON notifications (user_id, chat_id)
    WHERE chat_id IS NOT NULL AND read_at IS NULL AND type = 'chat_messages';
CREATE INDEX notifications_mentions_by_chat ON notifications (chat_id, user_id) WHERE type = 'mention';
