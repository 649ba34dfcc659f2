-- Saved Alpha Scores, one row per security, method and as-of date: the
-- score history stock pages draw. Saving a date again replaces its rows.

CREATE TABLE scores (
    security_id bigint NOT NULL REFERENCES securities (id) ON DELETE CASCADE,
    method      text COLLATE "C" NOT NULL CHECK (method <> ''),
    as_of       text COLLATE "C" NOT NULL, -- YYYY-MM-DD trading day scored
    score       double precision CHECK (score IS NULL OR (score >= 0 AND score <= 100)), -- NULL when unscored
    band        text COLLATE "C" NOT NULL DEFAULT '',
    coverage    integer NOT NULL CHECK (coverage BETWEEN 0 AND 4),
    capped      boolean NOT NULL DEFAULT false,
    momentum    double precision,
    value       double precision,
    quality     double precision,
    sentiment   double precision,
    explanation text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (security_id, method, as_of)
);
CREATE INDEX scores_by_date ON scores (method, as_of);
