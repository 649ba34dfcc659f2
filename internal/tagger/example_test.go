package tagger_test

import (
	"fmt"

	"alphadesk/internal/market"
	"alphadesk/internal/tagger"
)

func ExampleTagger_Tag() {
	universe := []market.Security{
		{Symbol: "AMZN", LegalName: "Amazon.com, Inc.", Name: "Amazon", CIK: 1018724},
		{Symbol: "AS", LegalName: "Amer Sports, Inc.", Name: "Amer Sports", CIK: 1988894},
		{Symbol: "HAS", LegalName: "Hasbro, Inc.", Name: "Hasbro", CIK: 46080},
		{Symbol: "QTWO", LegalName: "Q2 Holdings, Inc.", Name: "Q2 Holdings", CIK: 1410384},
	}
	tg, err := tagger.New(universe, tagger.Options{MinConfidence: tagger.DefaultMinConfidence})
	if err != nil {
		panic(err)
	}
	res, err := tg.Tag("Amazon projects Q2 sales of $194B as AWS backlog grows\n\nAmazon has set a clear trajectory (NASDAQ: AMZN).")
	if err != nil {
		panic(err)
	}
	for _, t := range res.Tags {
		fmt.Printf("%s %.2f %.2f\n", t.Symbol, t.Confidence, t.Salience)
		for _, m := range t.Mentions {
			fmt.Printf("  %d-%d %q via %s\n", m.Start, m.End, m.Text, m.Via)
		}
	}
	// Output:
	// AMZN 0.99 1.00
	//   0-6 "Amazon" via name
	//   56-62 "Amazon" via name
	//   91-103 "NASDAQ: AMZN" via exchange
}
