package ingest

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"alphadesk/internal/newsroom"
)

func TestItemText(t *testing.T) {
	tests := []struct {
		name, title, raw, want string
	}{
		{"plain", "Headline", "First para.\n\n\n  Second para.  ", "Headline\n\nFirst para.\n\nSecond para."},
		{"html", "Headline", "<p>One &amp; two.</p><p>Three.</p>", "Headline\n\nOne & two.\n\nThree."},
		{"title repeated in body", "Headline", "Headline\n\nBody.", "Headline\n\nBody."},
		{"no body", "Headline", "", "Headline"},
		{"no title", "", "Body only.", "Body only."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ItemText(tc.title, tc.raw); got != tc.want {
				t.Errorf("ItemText(%q, %q) = %q, want %q", tc.title, tc.raw, got, tc.want)
			}
		})
	}
}

func TestSourcesHashIgnoresOrder(t *testing.T) {
	a, b := SourcesHash([]string{"x", "y"}), SourcesHash([]string{"y", "x", "x"})
	if a != b {
		t.Errorf("SourcesHash differs by order or repeats: %s vs %s", a, b)
	}
	if c := SourcesHash([]string{"x"}); c == a {
		t.Errorf("SourcesHash of a different set is the same: %s", c)
	}
}

func TestStoryTagsKeepsMostConfident(t *testing.T) {
	items := []Item{
		{ID: 1, Tags: []newsroom.Tag{{Symbol: "AMZN", Confidence: 0.7, Salience: 0.9}, {Symbol: "UPS", Confidence: 0.9, Salience: 0.2}}},
		{ID: 2, Tags: []newsroom.Tag{{Symbol: "AMZN", Confidence: 0.95, Salience: 0.5}}},
	}
	got := StoryTags(items)
	if len(got) != 2 || got[0].Symbol != "AMZN" || got[0].Confidence != 0.95 || got[1].Symbol != "UPS" {
		t.Errorf("StoryTags = %+v, want AMZN (0.95) then UPS", got)
	}
	if c := TagConfidence(got); c != 0.9 {
		t.Errorf("TagConfidence = %v, want the lowest, 0.9", c)
	}
	if c := TagConfidence(nil); c != -1 {
		t.Errorf("TagConfidence(nil) = %v, want -1 (not measured)", c)
	}
}

func TestStorySentiment(t *testing.T) {
	tests := []struct {
		name  string
		items []Item
		want  newsroom.Sentiment
	}{
		{"none", nil, newsroom.Sentiment{}},
		{"one", []Item{{Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.4}}}, newsroom.Sentiment{Label: "positive", Score: 0.4}},
		{"tie is neutral", []Item{{Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.5}}, {Sentiment: newsroom.Sentiment{Label: "negative", Score: -0.3}}},
			newsroom.Sentiment{Label: "neutral", Score: 0.1}},
		{"majority", []Item{{Sentiment: newsroom.Sentiment{Label: "negative", Score: -0.2}}, {Sentiment: newsroom.Sentiment{Label: "negative", Score: -0.4}}, {Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.3}}},
			newsroom.Sentiment{Label: "negative", Score: -0.1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := StorySentiment(tc.items)
			if got.Label != tc.want.Label || got.Score-tc.want.Score > 1e-9 || tc.want.Score-got.Score > 1e-9 {
				t.Errorf("StorySentiment = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{"demo-wire": "Demo Wire", "sec_8k": "Sec 8k", "x": "X"} {
		if got := DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNextStage(t *testing.T) {
	want := map[string]string{StageFetch: StageTag, StageTag: StageSentiment, StageSentiment: StageDraft,
		StageDraft: StageCheck, StageCheck: StageDecide, StageDecide: StageDone}
	for from, to := range want {
		if got := nextStage(from); got != to {
			t.Errorf("nextStage(%s) = %s, want %s", from, got, to)
		}
	}
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	m.ingested("wire", 3)
	m.observeStage(StageTag, 3e6, nil) // 3 ms
	m.decided(newsroom.Check{Decision: newsroom.Hold, Findings: []newsroom.Finding{{Rule: "story.risk", Severity: newsroom.SeverityHold}}})
	var b strings.Builder
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`alphadesk_ingest_items_total{source="wire"} 3`,
		`alphadesk_ingest_stage_duration_seconds_bucket{stage="tag",le="0.0025"} 0`,
		`alphadesk_ingest_stage_duration_seconds_bucket{stage="tag",le="0.005"} 1`,
		`alphadesk_ingest_stage_duration_seconds_bucket{stage="tag",le="+Inf"} 1`,
		`alphadesk_ingest_stage_duration_seconds_count{stage="tag"} 1`,
		`alphadesk_ingest_decisions_total{decision="hold"} 1`,
		`alphadesk_ingest_rule_findings_total{rule="story.risk",severity="hold"} 1`,
		"# TYPE alphadesk_ingest_item_latency_seconds histogram",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %q:\n%s", want, out)
		}
	}
	var nilMetrics *Metrics
	nilMetrics.ingested("x", 1) // a nil *Metrics counts nothing and does not panic
}

func TestAdvanceRefusesUnknownColumns(t *testing.T) {
	d := setup(t)
	err := d.db.inTx(context.Background(), func(tx *sql.Tx) error {
		_, err := advance(context.Background(), tx, 1, StageFetch, StageTag, map[string]any{"stage = 'done', text": "x"})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "no stage output column") {
		t.Errorf("advance with an unknown column: %v, want a refusal", err)
	}
}
