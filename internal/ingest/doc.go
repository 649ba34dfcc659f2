// Package ingest runs the newsroom pipeline: it polls the configured sources,
// and takes every new item through the stages
//
//	poll → fetch (extract, dedupe) → tag → sentiment → draft → check → decide → rescore
//
// each stage a durable job on River (github.com/riverqueue/river) over the
// desk's SQLite database. docs/pipeline.md describes the stages, their jobs,
// the idempotency keys, retries, dead letters, run modes and metrics.
//
// The package has three layers:
//
//   - stage logic (stages.go, engines.go): plain functions over plain values
//     — an item's text in, its tags, sentiment, draft, check or submission
//     out — with no SQL, no queue and no clock, so they are table-tested
//     without River;
//   - persistence (store.go): the pipeline's own tables (migration
//     0004_ingest.sql of internal/store/sqlite) on the same connection as
//     River's jobs, so that a stage's results, the next stage's job and the
//     completion of its own job commit in one transaction;
//   - the job plumbing (jobs.go, runner.go): River job kinds, one per stage,
//     whose arguments carry item IDs only, and a Runner with Start and Stop
//     that runs pollers and workers.
//
// Every stage is idempotent: items are keyed by source and GUID, stories by
// their dedupe key, versions by the digest of their submission, tags by story
// and symbol, and scores by security, method and date, so re-running any job
// — after a crash, a retry or an operator's replay — never duplicates a row.
package ingest
