-- Accounts. Usernames and e-mails are unique regardless of case.
CREATE TABLE users (
    id                  UUID PRIMARY KEY,
    username            VARCHAR(32)  NOT NULL,
    password_hash       VARCHAR(100) NOT NULL,
    display_name        VARCHAR(64)  NOT NULL,
    email               VARCHAR(254),
    roles               VARCHAR(100) NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    password_changed_at TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX users_display_name_idx ON users (lower(display_name) varchar_pattern_ops);

-- Refresh tokens, stored as SHA-256 hashes. Every login starts a family; each refresh marks the
-- presented token used and adds its successor to the family. A used token presented again
-- revokes the whole family.
CREATE TABLE refresh_tokens (
    id          UUID PRIMARY KEY,
    family_id   UUID        NOT NULL,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  CHAR(64)    NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

-- Failed logins, counted per key (an account or a client address) within a window, so that
-- throttling holds across every auth-service replica.
CREATE TABLE login_failures (
    throttle_key  VARCHAR(300) PRIMARY KEY,
    failures      INT         NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ
);
