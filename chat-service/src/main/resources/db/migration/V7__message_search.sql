-- Full-text search over messages. The vector is a stored generated column: PostgreSQL computes
-- it in the statement that writes the content, so every writer (the send batch's plain JDBC, an
-- edit, a deletion) keeps it current in its own transaction and none can forget it. A deletion
-- sets content to NULL, so a deleted message's vector is empty and matches nothing; an edit
-- replaces it, so words edited away stop matching.
--
-- One configuration serves both languages of the product: 'russian' stems Cyrillic words with
-- the Russian Snowball stemmer and Latin ones with the English stemmer (its asciiword mapping),
-- each with its own stop words.
ALTER TABLE messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('russian', coalesce(content, ''))) STORED;
CREATE INDEX messages_search_idx ON messages USING gin (search);
