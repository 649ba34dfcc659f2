-- The editor console's accounts (internal/admin, docs/editor-console.md):
-- editors with argon2id password hashes, and their login sessions. A
-- session's ID is never stored, only its SHA-256 in hex, so a copy of the
-- database cannot be used to log in. Times are UTC text in the fixed-width
-- form 2006-01-02T15:04:05.000000Z, so they sort as text.

CREATE TABLE admin_users (
    name             TEXT PRIMARY KEY CHECK (name <> ''),
    password_hash    TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created          TEXT NOT NULL,
    password_changed TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE admin_sessions (
    id_hash   TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
    user_name TEXT NOT NULL REFERENCES admin_users (name) ON DELETE CASCADE,
    csrf      TEXT NOT NULL CHECK (csrf <> ''),
    created   TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    expires   TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX admin_sessions_user ON admin_sessions (user_name);
CREATE INDEX admin_sessions_expires ON admin_sessions (expires);
