package universe_test

import (
	"fmt"

	"alphadesk/internal/universe"
)

func ExampleLookup() {
	c, ok := universe.Lookup("brk-b")
	fmt.Println(ok, c.Symbol, c.ShareClass, c.Name, c.CIK, c.Exchange, c.Sector, c.Size)
	// Output: true BRK.B B Berkshire Hathaway 1067983 NYSE Financials mega
}

func ExampleSecurities() {
	secs, err := universe.Securities()
	if err != nil {
		panic(err)
	}
	for _, s := range secs {
		if s.Symbol == "QTWO" {
			fmt.Printf("%s: %s (%s), %s / %s\n", s.Symbol, s.LegalName, s.Name, s.Sector, s.Industry)
		}
	}
	// Output: QTWO: Q2 Holdings, Inc. (Q2 Holdings), Information Technology / Application Software
}
