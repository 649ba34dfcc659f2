-- The editor console's accounts (internal/admin, docs/editor-console.md):
-- editors with argon2id password hashes, and their login sessions. A
-- session's ID is never stored, only its SHA-256 in hex, so a copy of the
-- database cannot be used to log in. Times are UTC text in the fixed-width
-- form 2006-01-02T15:04:05.000000Z, so they sort as text (COLLATE "C").

CREATE TABLE admin_users (
    name             text COLLATE "C" PRIMARY KEY CHECK (name <> ''),
    password_hash    text COLLATE "C" NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created          text COLLATE "C" NOT NULL,
    password_changed text COLLATE "C" NOT NULL
);

CREATE TABLE admin_sessions (
    id_hash   text COLLATE "C" PRIMARY KEY CHECK (length(id_hash) = 64),
    user_name text COLLATE "C" NOT NULL REFERENCES admin_users (name) ON DELETE CASCADE,
    csrf      text COLLATE "C" NOT NULL CHECK (csrf <> ''),
    created   text COLLATE "C" NOT NULL,
    last_seen text COLLATE "C" NOT NULL,
    expires   text COLLATE "C" NOT NULL
);

CREATE INDEX admin_sessions_user ON admin_sessions (user_name);
CREATE INDEX admin_sessions_expires ON admin_sessions (expires);
