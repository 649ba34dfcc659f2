package rules

import (
	"reflect"
	"sync"
	"testing"

	"alphadesk/internal/draft"
	"alphadesk/internal/extract"
)

// TestSourceQuoteSpeakers checks the speakers of source quotations, read
// as they are asked for, against extract.QuotesAndSpeakers: in the
// Sources of one check (asked last quotation first) and in prepared
// Sources shared by concurrent checks (run with -race to check that those
// are only read).
func TestSourceQuoteSpeakers(t *testing.T) {
	type set struct {
		name  string
		input Input
	}
	srcs, text := benchTexts(t)
	d, doc, err := draft.Decode([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sets := []set{{"benchmark", Input{Draft: d, Doc: doc, Sources: srcs}}}
	seen := map[string]bool{}
	for _, c := range loadEval(t) {
		if !seen[c.Set] {
			seen[c.Set] = true
			sets = append(sets, set{c.Set, c.input})
		}
	}
	quotations := 0
	for _, s := range sets {
		prep, err := PrepareSources(s.input.Sources)
		if err != nil {
			t.Fatal(err)
		}
		warmIn := s.input
		warmIn.Sources, warmIn.Prepared = nil, prep
		// concurrent checks first, while only PrepareSources has read the
		// speakers
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				a, err := NewAnalysis(warmIn)
				if err != nil {
					t.Error(err)
					return
				}
				for i := range prep.List() {
					qs, sps := a.SourceQuoteSpeakers(i)
					for k := range qs {
						sps.Speaker(k)
					}
				}
			})
		}
		wg.Wait()
		analyses := map[string]*Analysis{"cold": newTestAnalysis(t, s.input), "prepared": newTestAnalysis(t, warmIn)}
		for i, src := range s.input.Sources {
			wantQs, _, want := extract.QuotesAndSpeakers(src.Text)
			quotations += len(want)
			for how, a := range analyses {
				qs, sps := a.SourceQuoteSpeakers(i)
				if !reflect.DeepEqual(qs, wantQs) || sps.Len() != len(want) {
					t.Fatalf("%s %s source %d: %d quotations, %d speakers; want %d", s.name, how, i, len(qs), sps.Len(), len(wantQs))
				}
				for k := len(want) - 1; k >= 0; k-- {
					if got := sps.Speaker(k); !reflect.DeepEqual(got, want[k]) {
						t.Errorf("%s %s source %d: speaker %d = %+v, want %+v", s.name, how, i, k, got, want[k])
					}
				}
				if _, got := a.SourceQuotes(i); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s source %d: SourceQuotes speakers = %+v, want %+v", s.name, how, i, got, want)
				}
			}
		}
	}
	if quotations < 50 {
		t.Errorf("the sources have %d quotations, want the many of the evaluation sources", quotations)
	}
}

func newTestAnalysis(t *testing.T, in Input) *Analysis {
	t.Helper()
	a, err := NewAnalysis(in)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
