package extract_test

import (
	"fmt"

	"alphadesk/internal/extract"
)

func ExampleFigures() {
	text := "Amazon projects Q2 sales of $194B-$199B; AWS revenue grew 28 percent and the backlog is $364 billion."
	for _, f := range extract.Figures(text) {
		fmt.Printf("%-12s %-8s %g-%g step %g\n", text[f.Start:f.End], f.Kind, f.Low.Value, f.High.Value, f.Low.Step)
	}
	// Output:
	// $194B-$199B  money    1.94e+11-1.99e+11 step 1e+09
	// 28 percent   percent  28-28 step 1
	// $364 billion money    3.64e+11-3.64e+11 step 1e+09
}

func ExampleQuotes() {
	text := `"We are seeing strong demand," said Andy Jassy, Amazon's chief executive. "It is early," he added.`
	qs, problems := extract.Quotes(text)
	for i, sp := range extract.Speakers(text, qs) {
		fmt.Printf("%q by %v\n", text[qs[i].Inner.Start:qs[i].Inner.End], sp.Keys)
	}
	fmt.Println(len(problems), "problems")
	// Output:
	// "We are seeing strong demand," by [andy jassy]
	// "It is early," by [andy jassy]
	// 0 problems
}

func ExampleTables() {
	text := "| Metric | Value |\n|---|---|\n| Backlog | $364B |"
	for _, t := range extract.Tables(text) {
		fmt.Println(t.Format, t.Header, t.Rows)
	}
	// Output: markdown [Metric Value] [[Backlog $364B]]
}
