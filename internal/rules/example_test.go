package rules_test

import (
	"fmt"

	"alphadesk/internal/draft"
	"alphadesk/internal/rules"
	"alphadesk/internal/source"
)

func ExampleCheck() {
	src := source.Source{Name: "Reuters", Text: `Amazon forecast second-quarter net sales of $194 billion to $199 billion. ` +
		`AWS revenue grew 28% and the backlog reached $364 billion. ` +
		`"We expect to keep investing heavily," said Andy Jassy, Amazon's chief executive.`}
	d := draft.Draft{
		Headline: "Amazon forecasts up to $199 billion in sales",
		Body: []string{
			"Amazon expects second-quarter sales of $194B-$199B, according to Reuters. AWS revenue grew 30%.",
			`"We expect to keep investing heavily," Jassy said. "We will win," he added.`,
		},
	}
	rep, err := rules.Check(rules.Input{Draft: d, Sources: []source.Source{src}, TagConfidence: rules.TagConfidenceUnknown})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Decision)
	for _, f := range rep.Findings {
		if f.Severity != rules.Info {
			fmt.Println(f.Severity, f.Rule, f.Message)
		}
	}
	// Output:
	// reject
	// block quote.verbatim quotation “We will win,” does not appear in any source
	// hold story.thin thin story: 22 words in sourced sentences (minimum 60)
	// hold number.traced figure “30%” (percent 30) is not in any source or the market data; the nearest percent figure is “28%” in source 0 (Reuters)
}
