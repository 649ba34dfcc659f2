-- Leases that elect one process of the desk for a duty (the pollers: one
-- process enqueues the polls of every source at a time). A holder renews
-- its lease before it expires; another process takes it over only once it
-- has expired. Times are UTC text in the fixed-width form
-- 2006-01-02T15:04:05.000000Z, so they compare as text (COLLATE "C").
CREATE TABLE ingest_leases (
    name    text COLLATE "C" PRIMARY KEY CHECK (name <> ''),
    holder  text COLLATE "C" NOT NULL CHECK (holder <> ''), -- the client ID of ingest_workers
    expires text COLLATE "C" NOT NULL,
    since   text COLLATE "C" NOT NULL -- when the holder took it
);
