-- Each saved score's signals with the metrics behind them, as JSON: an
-- object keyed by signal name ("momentum", "value", "quality",
-- "sentiment"), each {"score", "band", "reason", "metrics": [{"name",
-- "value", "rank", "text"}]} with null for a missing number. Rows saved
-- before this step keep '{}': their signal scores stay in the columns of
-- 0002, only the metrics are unknown. The column is text, as in SQLite;
-- the CHECK's cast to jsonb refuses text that is not JSON.

ALTER TABLE scores ADD COLUMN signals text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (signals::jsonb IS NOT NULL);
