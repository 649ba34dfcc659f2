package score

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"alphadesk/internal/market"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// handPanel is a small panel built from exact arithmetic (no exp or sin),
// so its scores are the same on every platform: n securities (n ≥ 16) in
// three sectors and one without a sector, 330 trading days, annual facts,
// and stories for most of them. Some securities lack fundamentals or
// stories, or have stale or negative prices, to exercise every coverage rule.
func handPanel(t testing.TB, n int) *Panel {
	t.Helper()
	p, err := buildHandPanel(n)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func buildHandPanel(n int) (*Panel, error) {
	const days = 330
	secs := make([]Security, n)
	for i := range secs {
		secs[i] = Security{Symbol: genSymbol(i), Sector: market.Sectors[i%3]}
	}
	secs[15].Sector = ""
	cal := genCalendar(days)
	p, err := NewPanel(secs, cal)
	if err != nil {
		return nil, err
	}
	for i := range n {
		for u := range days {
			if i == 14 && u > days-10 {
				continue // stale prices
			}
			c := 50 + float64(i) + float64(u*(i%16-7))/40 + float64((u*7+i*13)%11)/10 + float64(i%5*u*u)/20000
			p.SetClose(i, u, c)
		}
		if i == 13 {
			continue // no fundamentals
		}
		var facts []market.Fact
		for y, end := range []string{"2007-12-31", "2008-12-31", "2009-03-31"} {
			if y == 2 {
				break
			}
			filed := day(end).AddDate(0, 0, 45)
			f := func(m market.Metric, v float64) {
				fact := market.Fact{Symbol: secs[i].Symbol, Metric: m, PeriodEnd: day(end), Filed: filed, Value: v, FiscalPeriod: "FY", Source: "hand"}
				if !m.Instant() {
					fact.PeriodStart = day(end).AddDate(-1, 0, 1)
				}
				facts = append(facts, fact)
			}
			rev := float64(1000 + 37*i + 50*y*(i%4))
			ni := rev * float64(5+(i*3)%9) / 100
			shares := float64(100 + 5*i)
			f(market.Revenue, rev)
			f(market.CostOfRevenue, rev*float64(50+i%5*5)/100)
			f(market.OperatingIncome, ni*1.4)
			f(market.NetIncome, ni)
			f(market.EPSDiluted, ni/shares)
			f(market.OperatingCashFlow, ni+float64(i%6*10))
			f(market.CapitalExpend, float64(20+i))
			f(market.TotalAssets, rev*float64(12+i%7)/10)
			f(market.TotalEquity, rev*float64(3+i%5)/10-float64(boolInt(i == 11)*2000)) // one company with negative equity
			f(market.TotalDebt, rev*float64(i%4)/10)
			f(market.SharesOutstanding, shares)
			f(market.DividendsPerShare, float64(i%3)/10)
		}
		p.SetFacts(i, facts)
	}
	for i := range n {
		if i%5 == 4 {
			continue // no stories
		}
		for u := days - 80; u < days; u += 1 + i%4 {
			p.AddSentimentAt(i, u, float64((u*3+i*7)%21-10)/10)
		}
	}
	p.Seal()
	return p, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for k := range max(len(gl), len(wl)) {
		var g, w []byte
		if k < len(gl) {
			g = gl[k]
		}
		if k < len(wl) {
			w = wl[k]
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s line %d differs from the golden file:\ngot  %s\nwant %s\n(run go test -update after checking the change)", name, k+1, g, w)
			return
		}
	}
}

func TestGoldenScores(t *testing.T) {
	t.Parallel()
	p := handPanel(t, 16)
	_, days := p.Len()
	for _, m := range Methods {
		s, err := NewScorer(Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.Score(p, p.Day(days-1))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		for i := range cs.Len() {
			line, err := json.Marshal(cs.Result(i))
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		checkGolden(t, fmt.Sprintf("scores_%s.jsonl", m), b.Bytes())
	}
}

func TestGoldenEval(t *testing.T) {
	t.Parallel()
	p := handPanel(t, 40)
	ev, err := Evaluate(p, EvalOptions{Horizon: 10})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "eval.json", append(b, '\n'))
}
