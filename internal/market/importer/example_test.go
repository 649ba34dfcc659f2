package importer_test

import (
	"context"
	"fmt"
	"strings"

	"alphadesk/internal/market"
	"alphadesk/internal/market/importer"
)

func ExampleParse() {
	const file = `ticker,date,open,high,low,close,volume
AAPL,2017-11-09,175.11,176.095,173.14,175.88,29533086
AAPL,2017-02-30,175.11,175.38,174.27,174.67,25130494
BRK-B,2017-11-10,185.6,186.3,185.05,185.36,2.1e6
`
	f, err := importer.Lookup("stooq-long")
	if err != nil {
		panic(err)
	}
	err = importer.Parse(context.Background(), strings.NewReader(file), f, importer.Options{File: "prices.csv"}, importer.Sink{
		Bar: func(line int, b market.Bar) error {
			fmt.Printf("line %d: %s %s close %.2f (%s)\n", line, b.Symbol, b.Date.Format(market.DateLayout), b.Close, b.Source)
			return nil
		},
		Bad: func(e importer.RowError) error {
			fmt.Println("bad:", e)
			return nil
		},
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// line 2: AAPL 2017-11-09 close 175.88 (stooq)
	// bad: prices.csv:3: bad date "2017-02-30": no such day
	// line 4: BRK.B 2017-11-10 close 185.36 (stooq)
}

func ExampleDetect() {
	head := []byte("Symbol|Security Name|Market Category|Test Issue|Financial Status|Round Lot Size|ETF|NextShares\n")
	f, err := importer.Detect(importer.Securities, "nasdaqlisted.txt", head)
	fmt.Println(f.Name, f.Kind, err)

	_, err = importer.Detect(importer.Prices, "nasdaqlisted.txt", head)
	fmt.Println(err)
	// Output:
	// nasdaqlisted securities <nil>
	// detect format of nasdaqlisted.txt: it looks like nasdaqlisted, which holds securities, not prices: run alphadesk import securities nasdaqlisted.txt
}
