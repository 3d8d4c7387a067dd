-- Argon2id hashes are PHC strings: 97 characters at the default cost, more with larger
-- parameters; bcrypt's were 60. Widening a VARCHAR does not rewrite the table.
ALTER TABLE users ALTER COLUMN password_hash TYPE VARCHAR(255);
