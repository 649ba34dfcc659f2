-- The newsroom: stories with their versions, sources and tags, readers'
-- correction reports, and the append-only audit log of every decision
-- (internal/newsroom; docs/newsroom.md). Times are UTC text in the fixed
-- width form 2006-01-02T15:04:05.000000Z, so they sort as text; '' is
-- "never".

CREATE TABLE stories (
    id               INTEGER PRIMARY KEY,
    dedupe_key       TEXT    NOT NULL UNIQUE CHECK (dedupe_key <> ''),
    slug             TEXT    NOT NULL UNIQUE CHECK (slug <> ''),
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'held', 'published', 'rejected')),
    category         TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0), -- current version number
    sentiment_label  TEXT    NOT NULL DEFAULT '' CHECK (sentiment_label IN ('', 'positive', 'negative', 'neutral')),
    sentiment_score  REAL    NOT NULL DEFAULT 0 CHECK (sentiment_score BETWEEN -1 AND 1),
    created          TEXT    NOT NULL,
    updated          TEXT    NOT NULL,
    status_at        TEXT    NOT NULL, -- when the story entered its status
    published        TEXT    NOT NULL DEFAULT '', -- first publication
    last_reviewed    TEXT    NOT NULL DEFAULT '',
    last_reviewed_by TEXT    NOT NULL DEFAULT ''
);
-- Listings by status (the review queue is status 'held', oldest first) and
-- across statuses, both paged by (status_at, id).
CREATE INDEX stories_by_status ON stories (status, status_at, id);
CREATE INDEX stories_by_time ON stories (status_at, id);

CREATE TABLE story_versions (
    story_id   INTEGER NOT NULL REFERENCES stories (id),
    number     INTEGER NOT NULL CHECK (number >= 1),
    change     TEXT    NOT NULL CHECK (change IN ('drafted', 'redrafted', 'rechecked', 'edited', 'corrected')),
    headline   TEXT    NOT NULL CHECK (headline <> ''),
    dek        TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL DEFAULT '[]', -- JSON array of paragraphs
    watch      TEXT    NOT NULL DEFAULT '[]', -- JSON array of bullets
    drafted_by TEXT    NOT NULL CHECK (drafted_by <> ''),
    rules      TEXT    NOT NULL DEFAULT '[]', -- JSON array of rule names applied
    decision   TEXT    NOT NULL DEFAULT '' CHECK (decision IN ('', 'publish', 'hold', 'reject')),
    findings   TEXT    NOT NULL DEFAULT '[]', -- JSON array of findings
    actor      TEXT    NOT NULL CHECK (actor <> ''),
    reason     TEXT    NOT NULL DEFAULT '',
    submission TEXT,   -- digest of the pipeline submission; NULL for editors' versions
    created    TEXT    NOT NULL,
    PRIMARY KEY (story_id, number)
) WITHOUT ROWID;
-- A pipeline submission is recorded once per story.
CREATE UNIQUE INDEX story_versions_submission ON story_versions (story_id, submission) WHERE submission IS NOT NULL;

CREATE TABLE story_sources (
    story_id INTEGER NOT NULL REFERENCES stories (id),
    item_key TEXT    NOT NULL CHECK (item_key <> ''),
    position INTEGER NOT NULL, -- order of first submission; findings' source numbers refer to it
    name     TEXT    NOT NULL DEFAULT '',
    url      TEXT    NOT NULL DEFAULT '',
    kind     TEXT    NOT NULL DEFAULT '',
    title    TEXT    NOT NULL DEFAULT '',
    text     TEXT    NOT NULL DEFAULT '',
    added    TEXT    NOT NULL,
    PRIMARY KEY (story_id, item_key),
    UNIQUE (story_id, position)
) WITHOUT ROWID;
-- Which story holds an item (the pipeline's dedupe looks it up).
CREATE INDEX story_sources_item ON story_sources (item_key);

-- Tags are not foreign keys to securities: the tagger's universe is
-- embedded and may name a security the database has not imported yet.
CREATE TABLE story_tags (
    story_id        INTEGER NOT NULL REFERENCES stories (id),
    symbol          TEXT    NOT NULL CHECK (symbol <> ''),
    rank            INTEGER NOT NULL, -- 0 = most salient
    name            TEXT    NOT NULL DEFAULT '',
    confidence      REAL    NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    salience        REAL    NOT NULL CHECK (salience BETWEEN 0 AND 1),
    mentions        TEXT    NOT NULL DEFAULT '[]', -- JSON array of evidence
    sentiment_label TEXT    NOT NULL DEFAULT '' CHECK (sentiment_label IN ('', 'positive', 'negative', 'neutral')),
    sentiment_score REAL    NOT NULL DEFAULT 0 CHECK (sentiment_score BETWEEN -1 AND 1),
    PRIMARY KEY (story_id, symbol)
) WITHOUT ROWID;
-- A stock page's recent tagged stories.
CREATE INDEX story_tags_symbol ON story_tags (symbol, story_id);

CREATE TABLE corrections (
    id       INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories (id),
    text     TEXT    NOT NULL CHECK (text <> ''),
    contact  TEXT    NOT NULL DEFAULT '',
    status   TEXT    NOT NULL CHECK (status IN ('open', 'resolved', 'dismissed')),
    note     TEXT    NOT NULL DEFAULT '',
    version  INTEGER, -- the version that resolved it
    actor    TEXT    NOT NULL DEFAULT '',
    created  TEXT    NOT NULL,
    resolved TEXT    NOT NULL DEFAULT '',
    FOREIGN KEY (story_id, version) REFERENCES story_versions (story_id, number),
    CHECK ((status = 'resolved') = (version IS NOT NULL)),
    CHECK ((status = 'open') = (resolved = ''))
);
CREATE INDEX corrections_by_status ON corrections (status, id);
CREATE INDEX corrections_by_story ON corrections (story_id, id);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories (id),
    correction_id INTEGER REFERENCES corrections (id),
    version       INTEGER, -- the version created or acted on
    actor         TEXT    NOT NULL CHECK (actor <> ''),
    action        TEXT    NOT NULL CHECK (action IN ('submitted', 'approved', 'rejected', 'edited',
        'correction_reported', 'correction_resolved', 'correction_dismissed')),
    from_status   TEXT    NOT NULL DEFAULT '',
    to_status     TEXT    NOT NULL DEFAULT '',
    reason        TEXT    NOT NULL DEFAULT '',
    at            TEXT    NOT NULL,
    FOREIGN KEY (story_id, version) REFERENCES story_versions (story_id, number)
);
CREATE INDEX audit_log_by_story ON audit_log (story_id, id);

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
