package extract

import "testing"

func TestCorpusBest(t *testing.T) {
	sources := []string{
		"Amazon reported results on Thursday. Net sales rose 9%. The AWS backlog reached $364 billion, up sharply.",
		"Microsoft said cloud revenue grew. Azure grew 33% in the quarter.",
	}
	c := NewCorpus(sources, "Reuters")
	tests := []struct {
		name        string
		sentence    string
		wantOK      bool
		wantSource  int
		wantText    string
		minCoverage float64
		maxCoverage float64
	}{
		{"paraphrase", "Amazon's AWS backlog reached $364 billion, according to Reuters.", true, 0, "The AWS backlog reached $364 billion, up sharply.", 0.7, 0.8},
		{"other source", "Azure grew in the quarter.", true, 1, "Azure grew 33% in the quarter.", 0.99, 1},
		{"unsupported", "Retail margins hold steady as the firm pivots.", false, 0, "", 0, 0},
		{"partly supported", "The backlog signals durable enterprise commitments.", true, 0, "The AWS backlog reached $364 billion, up sharply.", 0.1, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := c.Best(tc.sentence)
			if ok != tc.wantOK {
				t.Fatalf("ok %v, want %v (match %+v)", ok, tc.wantOK, m)
			}
			if !ok {
				return
			}
			if m.Source != tc.wantSource {
				t.Errorf("source %d, want %d", m.Source, tc.wantSource)
			}
			if got := sources[m.Source][m.Start:m.End]; got != tc.wantText {
				t.Errorf("span %q, want %q", got, tc.wantText)
			}
			if m.Coverage < tc.minCoverage || m.Coverage > tc.maxCoverage {
				t.Errorf("coverage %.2f, want in [%.2f, %.2f]", m.Coverage, tc.minCoverage, tc.maxCoverage)
			}
		})
	}
}
