package demo_test

import (
	"fmt"
	"time"

	"alphadesk/internal/demo"
	"alphadesk/internal/universe"
)

func ExampleBarsFor() {
	amzn, _ := universe.Lookup("AMZN")
	bars := demo.BarsFor(amzn.Security)
	last := bars[len(bars)-1]
	fmt.Println(len(bars), "sessions to", last.Date.Format(time.DateOnly), "source", last.Source)
	// Output: 1507 sessions to 2026-11-20 source demo
}

func ExampleGenerate() {
	secs, _ := universe.Securities()
	data, err := demo.Generate(secs[:2])
	if err != nil {
		panic(err)
	}
	fmt.Println(secs[0].Symbol, secs[1].Symbol, len(data.Bars), "bars", len(data.Facts), "facts")
	// Output: GOOGL GOOG 3014 bars 168 facts
}

func ExampleHoliday() {
	for _, d := range []string{"2026-07-03", "2026-11-26", "2026-11-27"} {
		t, _ := time.Parse(time.DateOnly, d)
		name, closed := demo.Holiday(t)
		fmt.Println(d, closed, name)
	}
	// Output:
	// 2026-07-03 true Independence Day
	// 2026-11-26 true Thanksgiving Day
	// 2026-11-27 false
}
