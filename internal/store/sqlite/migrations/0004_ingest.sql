-- The ingest pipeline's own records (internal/ingest; docs/pipeline.md):
-- the state of every source, every item read from a source with the output
-- of each stage, the near-duplicate signatures dedupe matches against, and
-- one outcome row per item and stage. The job queue itself is River's
-- (river_job and friends, created by River's own migrations when the desk
-- migrates). Times are UTC text in the fixed-width form
-- 2006-01-02T15:04:05.000000Z, so they sort as text; '' is "never".

-- One row per configured source, keyed by its name in the sources file.
CREATE TABLE ingest_sources (
    name          TEXT    PRIMARY KEY CHECK (name <> ''),
    kind          TEXT    NOT NULL DEFAULT '',
    location      TEXT    NOT NULL DEFAULT '',
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    last_polled   TEXT    NOT NULL DEFAULT '', -- last attempt
    last_fetched  TEXT    NOT NULL DEFAULT '', -- last success (new content or not modified)
    last_error    TEXT    NOT NULL DEFAULT '', -- '' after a success
    errors        INTEGER NOT NULL DEFAULT 0,  -- consecutive failures
    notes         TEXT    NOT NULL DEFAULT '[]', -- JSON array: what the last parse changed or left out
    items         INTEGER NOT NULL DEFAULT 0   -- items ever stored from the source
) WITHOUT ROWID;

-- One row per item of a source. item_key is dedupe.ItemKey (source and GUID,
-- else the normalised URL): reading a feed again never stores an item twice.
CREATE TABLE ingest_items (
    id           INTEGER PRIMARY KEY,
    item_key     TEXT    NOT NULL UNIQUE CHECK (item_key <> ''),
    source       TEXT    NOT NULL CHECK (source <> ''),
    source_name  TEXT    NOT NULL DEFAULT '', -- the publisher named on stories
    kind         TEXT    NOT NULL DEFAULT 'news', -- news, statement, filing, transcript
    guid         TEXT    NOT NULL DEFAULT '',
    url          TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL DEFAULT '',
    published    TEXT    NOT NULL DEFAULT '',
    raw          TEXT    NOT NULL DEFAULT '', -- the feed's sanitised content or summary
    text         TEXT    NOT NULL DEFAULT '', -- plain article text (fetch stage)
    story_key    TEXT    NOT NULL DEFAULT '', -- the story it belongs to (fetch stage: dedupe)
    draft_hash   TEXT    NOT NULL DEFAULT '', -- the ingest_drafts row its chain drafted (draft stage)
    dup_of       TEXT    NOT NULL DEFAULT '', -- "url" or "text" when it joined an existing story
    tags         TEXT,   -- JSON (tag stage); NULL until tagged
    sentiment    TEXT,   -- JSON (sentiment stage); NULL until measured
    stage        TEXT    NOT NULL DEFAULT 'fetch', -- the next stage to run, or 'done' / 'failed'
    outcome      TEXT    NOT NULL DEFAULT '', -- when done: created, updated, unchanged, locked, merged; failed: the error
    story_id     INTEGER, -- the newsroom story it ended in
    arrived      TEXT    NOT NULL, -- when the poll stored it
    decided      TEXT    NOT NULL DEFAULT '' -- when the decide stage finished it
);
CREATE INDEX ingest_items_story ON ingest_items (story_key, id);
CREATE INDEX ingest_items_stage ON ingest_items (stage, id);

-- Signatures of items assigned to stories, in assignment order; every
-- process catches up on it inside the write transaction that assigns the
-- next item, so two copies of one story never create two stories.
CREATE TABLE ingest_signatures (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     INTEGER NOT NULL UNIQUE REFERENCES ingest_items (id),
    story_key   TEXT    NOT NULL CHECK (story_key <> ''),
    url_key     TEXT    NOT NULL DEFAULT '',
    fingerprint INTEGER, -- SimHash as a signed 64-bit integer; NULL when the text is too short
    at          TEXT    NOT NULL
);

-- The draft and check of a story for one set of its items (sources_hash):
-- a later item joining the story gives a new row, re-running a stage
-- replaces its own.
CREATE TABLE ingest_drafts (
    story_key    TEXT NOT NULL CHECK (story_key <> ''),
    sources_hash TEXT NOT NULL CHECK (sources_hash <> ''),
    draft        TEXT NOT NULL, -- JSON newsroom.Draft
    items        TEXT NOT NULL, -- JSON array of the item IDs drafted from, oldest first
    tag_conf     REAL NOT NULL DEFAULT -1,
    checked      TEXT, -- JSON newsroom.Check; NULL until the check stage
    at           TEXT NOT NULL,
    PRIMARY KEY (story_key, sources_hash)
) WITHOUT ROWID;

-- One row per item and stage: the last run's outcome and timing.
CREATE TABLE ingest_stage_runs (
    item_id  INTEGER NOT NULL REFERENCES ingest_items (id),
    stage    TEXT    NOT NULL,
    outcome  TEXT    NOT NULL, -- ok, skipped, failed
    detail   TEXT    NOT NULL DEFAULT '',
    runs     INTEGER NOT NULL DEFAULT 1, -- how many times the stage ran for the item
    micros   INTEGER NOT NULL DEFAULT 0, -- duration of the last run
    at       TEXT    NOT NULL,
    PRIMARY KEY (item_id, stage)
) WITHOUT ROWID;

-- The pipeline processes that run River workers on this database, so that
-- a process starting up can return the jobs of one that died (killed, or
-- its machine restarted) to the queue at once instead of after River's
-- stuck-job timeout. A process is dead when its heartbeat is stale, or
-- when it ran on this host and its process ID is gone.
CREATE TABLE ingest_workers (
    client_id TEXT    PRIMARY KEY CHECK (client_id <> ''), -- River's client ID, as in river_job.attempted_by
    host      TEXT    NOT NULL,
    pid       INTEGER NOT NULL,
    started   TEXT    NOT NULL,
    heartbeat TEXT    NOT NULL
) WITHOUT ROWID;
