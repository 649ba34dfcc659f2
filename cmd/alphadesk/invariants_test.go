package main

import (
	"database/sql"
	"testing"
)

// dbCheck is a count a desk's database must show after a run.
type dbCheck struct {
	name  string
	query string
	want  int
}

// exactlyOnceChecks are what a run of items through workers that were
// killed and started again must leave, on either backend: every item done
// and in exactly one story, and no stage, version, audit entry or tag
// applied twice.
func exactlyOnceChecks(items int) []dbCheck {
	return []dbCheck{
		{"items stored", `SELECT count(*) FROM ingest_items`, items},
		{"items not done", `SELECT count(*) FROM ingest_items WHERE stage <> 'done'`, 0},
		{"items not in exactly one story", `SELECT count(*) FROM ingest_items i WHERE (SELECT count(*) FROM story_sources s WHERE s.item_key = i.item_key) <> 1`, 0},
		{"stories without exactly one pipeline story key", `SELECT (SELECT count(*) FROM stories) - (SELECT count(DISTINCT story_key) FROM ingest_items)`, 0},
		{"duplicated versions (same submission twice)", `SELECT count(*) FROM (SELECT story_id, submission FROM story_versions WHERE submission IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x`, 0},
		{"single-source stories with more than one version", `SELECT count(*) FROM stories s WHERE s.version <> 1 AND (SELECT count(*) FROM story_sources x WHERE x.story_id = s.id) = 1`, 0},
		{"duplicated audit entries", `SELECT count(*) FROM (SELECT story_id, version, action FROM audit_log GROUP BY 1, 2, 3 HAVING count(*) > 1) x`, 0},
		{"duplicated tags", `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT story_id, symbol FROM story_tags) x) FROM story_tags`, 0},
		{"duplicated stage runs", `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT item_id, stage FROM ingest_stage_runs) x) FROM ingest_stage_runs`, 0},
	}
}

// runChecks reports every check conn does not pass.
func runChecks(t *testing.T, conn *sql.DB, checks []dbCheck) {
	t.Helper()
	for _, c := range checks {
		var got int
		if err := conn.QueryRow(c.query).Scan(&got); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
}
