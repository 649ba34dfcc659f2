-- Saved Alpha Scores, one row per security, method and as-of date: the
-- score history stock pages draw. Saving a date again replaces its rows.

CREATE TABLE scores (
    security_id INTEGER NOT NULL REFERENCES securities (id) ON DELETE CASCADE,
    method      TEXT    NOT NULL CHECK (method <> ''),
    as_of       TEXT    NOT NULL, -- YYYY-MM-DD trading day scored
    score       REAL    CHECK (score IS NULL OR (score >= 0 AND score <= 100)), -- NULL when unscored
    band        TEXT    NOT NULL DEFAULT '',
    coverage    INTEGER NOT NULL CHECK (coverage BETWEEN 0 AND 4),
    capped      INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
    momentum    REAL,
    value       REAL,
    quality     REAL,
    sentiment   REAL,
    explanation TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (security_id, method, as_of)
) WITHOUT ROWID;
CREATE INDEX scores_by_date ON scores (method, as_of);
