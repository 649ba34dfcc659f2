-- The securities master, daily bars, point-in-time fundamentals and the
-- import log.

CREATE TABLE securities (
    id          INTEGER PRIMARY KEY,
    symbol      TEXT    NOT NULL UNIQUE,
    share_class TEXT    NOT NULL DEFAULT '',
    legal_name  TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL DEFAULT '',
    aliases     TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    cik         INTEGER NOT NULL DEFAULT 0,
    exchange    TEXT    NOT NULL DEFAULT '',
    sector      TEXT    NOT NULL DEFAULT '' CHECK (sector IN ('',
        'Communication Services', 'Consumer Discretionary', 'Consumer Staples',
        'Energy', 'Financials', 'Health Care', 'Industrials',
        'Information Technology', 'Materials', 'Real Estate', 'Utilities')),
    industry    TEXT    NOT NULL DEFAULT '',
    etf         INTEGER NOT NULL DEFAULT 0 CHECK (etf IN (0, 1))
);
CREATE INDEX securities_cik ON securities (cik) WHERE cik <> 0;
CREATE INDEX securities_sector ON securities (sector, symbol);

CREATE TABLE bars (
    security_id INTEGER NOT NULL REFERENCES securities (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL, -- YYYY-MM-DD session date
    open        REAL    NOT NULL CHECK (open > 0),
    high        REAL    NOT NULL CHECK (high > 0),
    low         REAL    NOT NULL CHECK (low > 0),
    close       REAL    NOT NULL CHECK (close > 0),
    volume      REAL    NOT NULL CHECK (volume >= 0),
    source      TEXT    NOT NULL,
    PRIMARY KEY (security_id, day)
) WITHOUT ROWID;

CREATE TABLE facts (
    security_id     INTEGER NOT NULL REFERENCES securities (id) ON DELETE CASCADE,
    metric          TEXT    NOT NULL,
    period_start    TEXT    NOT NULL DEFAULT '', -- '' for instant metrics
    period_end      TEXT    NOT NULL,
    filed           TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    fiscal_year     INTEGER NOT NULL DEFAULT 0,
    fiscal_period   TEXT    NOT NULL DEFAULT '',
    filed_estimated INTEGER NOT NULL DEFAULT 0 CHECK (filed_estimated IN (0, 1)),
    value           REAL    NOT NULL,
    unit            TEXT    NOT NULL DEFAULT '',
    form            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (security_id, metric, period_start, period_end, filed, source)
) WITHOUT ROWID;

CREATE TABLE imports (
    id       INTEGER PRIMARY KEY,
    kind     TEXT    NOT NULL,
    format   TEXT    NOT NULL,
    file     TEXT    NOT NULL,
    rows     INTEGER NOT NULL,
    bad      INTEGER NOT NULL,
    imported TEXT    NOT NULL -- RFC 3339 UTC
);

CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
