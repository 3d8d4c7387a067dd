-- Files on their way out: an upload no message used in time, or a file of a deleted message.
-- Such a row is no longer served or attachable; the cleanup deletes its objects, then the row.
ALTER TABLE attachments ADD COLUMN removing BOOLEAN NOT NULL DEFAULT false;
-- A thumbnail's length, for its Content-Length and ranges without asking the store.
ALTER TABLE attachments ADD COLUMN thumbnail_size BIGINT;
CREATE INDEX attachments_removing_idx ON attachments (id) WHERE removing;
