-- A member who muted a chat is not notified of its messages; message.created events name them
-- in muted_by. Delivery to their connected clients is unchanged.
ALTER TABLE chat_members ADD COLUMN muted BOOLEAN NOT NULL DEFAULT FALSE;
