package score

import (
	"fmt"
	"strings"
)

func ExampleBandOf() {
	for _, s := range []float64{12, 29.5, 54.2, 84.5, 90} {
		b := BandOf(s)
		fmt.Printf("%.1f shows as %d: %s (%s %s profile)\n", s, Whole(s), b, b.Article(), b.Word())
	}
	// Output:
	// 12.0 shows as 12: Poor (a poor profile)
	// 29.5 shows as 30: Weak (a weak profile)
	// 54.2 shows as 54: Moderate (a moderate profile)
	// 84.5 shows as 85: Excellent (an excellent profile)
	// 90.0 shows as 90: Excellent (an excellent profile)
}

func ExampleScorer_Score() {
	p, err := buildHandPanel(16) // any sealed panel: closes, facts, stories
	if err != nil {
		panic(err)
	}
	s, err := NewScorer(Options{}) // the alpha method, weights 30/25/25/20
	if err != nil {
		panic(err)
	}
	_, days := p.Len()
	cs, err := s.Score(p, p.Day(days-1))
	if err != nil {
		panic(err)
	}
	for _, sym := range []string{"XF", "XE", "XN"} {
		r := cs.Result(p.Column(sym))
		fmt.Println(r.Explanation)
	}
	r := cs.Result(p.Column("XF"))
	fmt.Println(r.Signals[Value].Metrics[0].Text)
	// Output:
	// Alpha Score of 67 reflects a moderate overall profile: poor momentum, strong value, excellent quality, excellent sentiment.
	// Alpha Score of 43 reflects a weak overall profile: weak momentum, strong value, poor quality; no sentiment signal (no stories in the last 90 days). Based on 3 of 4 signals — capped at 90 until the remaining data arrives.
	// XN is unscored: 2 of 4 signals available (missing value: no fundamentals filed; quality: no fundamentals filed).
	// earnings yield 2.8%, 80th percentile
}

func ExampleParseSentiment() {
	file := "symbol,date,score\nAMZN,2016-06-29,0.6\n# a comment\nbrk-b,2016-06-30,-0.25\n"
	obs, err := ParseSentiment(strings.NewReader(file), "stories.csv")
	if err != nil {
		panic(err)
	}
	for _, o := range obs {
		fmt.Println(o.Symbol, o.Date.Format("2006-01-02"), o.Score)
	}
	_, err = ParseSentiment(strings.NewReader("AMZN,2016-06-29,1.5\n"), "bad.csv")
	fmt.Println(err)
	// Output:
	// AMZN 2016-06-29 0.6
	// BRK.B 2016-06-30 -0.25
	// bad.csv:1: score 1.5 outside [-1, 1]
}
