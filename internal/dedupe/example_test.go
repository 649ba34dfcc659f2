package dedupe_test

import (
	"fmt"

	"alphadesk/internal/dedupe"
)

func ExampleNormalizeURL() {
	u, _ := dedupe.NormalizeURL("HTTPS://News.Example.com:443/markets/amazon/?utm_source=rss&b=2&a=1#comments")
	fmt.Println(u)
	// Output:
	// https://news.example.com/markets/amazon?a=1&b=2
}

func ExampleDetector() {
	wire := "Amazon.com Inc on Thursday forecast second-quarter net sales above Wall Street estimates, " +
		"betting that strong demand for its cloud computing services and a steady online retail business " +
		"would offset higher spending on data centers, the company said in a statement."
	copyElsewhere := "Amazon sees strong quarter ahead. " + wire + " (Reporting by the Seattle desk)"

	det, _ := dedupe.NewDetector(dedupe.Threshold)
	det.Add("story-1", dedupe.Sign("https://wire.example.com/amazon?utm_source=x", wire))

	byURL, _ := det.Find(dedupe.Sign("https://wire.example.com/amazon/", ""), nil)
	fmt.Println(byURL.ID, byURL.By)

	byText, ok := det.Find(dedupe.Sign("https://portal.example.net/9", copyElsewhere), func(m dedupe.Match) bool {
		return dedupe.Resemblance(copyElsewhere, wire) >= dedupe.MinResemblance
	})
	fmt.Println(byText.ID, byText.By, ok)
	// Output:
	// story-1 url
	// story-1 text true
}
