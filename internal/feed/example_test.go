package feed_test

import (
	"fmt"
	"strings"
	"time"

	"alphadesk/internal/feed"
)

func ExampleParseSources() {
	conf := `# name   kind  location                          options
wire     rss   https://wire.example.com/rss.xml  every=10m
sec-8k   edgar https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&output=atom every=5m
`
	srcs, err := feed.ParseSources("sources.conf", strings.NewReader(conf))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range srcs {
		fmt.Println(s.Name, s.Kind, s.Interval, s.EDGARForms())
	}
	_, err = feed.ParseSources("sources.conf", strings.NewReader("wire rdf https://wire.example.com/rss.xml\n"))
	fmt.Println(err)
	// Output:
	// wire rss 10m0s [8-K 8-K/A EX-99*]
	// sec-8k edgar 5m0s [8-K 8-K/A EX-99*]
	// sources.conf:1: source "wire": unknown kind "rdf" (want rss, atom, jsonfeed, edgar or folder)
}

func ExampleParse() {
	body := []byte(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><link>https://wire.example.com/</link>
<item><title>Apple &amp; Broadcom sign chip deal</title><link>/apple-broadcom</link>
<description><![CDATA[<p onclick="x()">Apple agreed a deal.</p><script>steal()</script>]]></description></item>
</channel></rss>`)
	fetched := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	f, err := feed.Parse(feed.Source{Name: "wire", Kind: feed.KindRSS}, body, fetched)
	if err != nil {
		fmt.Println(err)
		return
	}
	it := f.Items[0]
	fmt.Println(it.Title)
	fmt.Println(it.URL)
	fmt.Println(it.Summary)
	fmt.Println(it.Published, it.DateMissing)
	fmt.Println(f.Notes)
	// Output:
	// Apple & Broadcom sign chip deal
	// https://wire.example.com/apple-broadcom
	// <p>Apple agreed a deal.</p>
	// 2026-05-04 12:00:00 +0000 UTC true
	// [1 item(s) have no usable date; stamped with the fetch time 2026-05-04T12:00:00Z]
}

// A stripped tag leaves a space behind so that words never run together;
// browsers collapse the extra white space.
func ExampleSanitize() {
	fmt.Println(feed.Sanitize(`<p onmouseover="x()">Read <a href="javascript:alert(1)">this</a> and <a href="https://example.com/a">that</a>.</p><svg onload="x()"/>`))
	// Output:
	// <p>Read  this  and <a href="https://example.com/a" rel="nofollow noreferrer noopener" target="_blank">that</a>.</p>
}

func ExampleExtractArticle() {
	page := `<html><head><title>Site | Story</title></head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
<article><h1>Visa raises merchant fees</h1>
<p>Visa Inc will raise some of the fees it charges merchants from October, a notice said.</p>
<p>The change affects card-not-present transactions, the notice said on Friday.</p></article>
<aside class="related"><a href="/x">Other story one</a> <a href="/y">Other story two</a></aside>
<footer>© Example</footer></body></html>`
	a := feed.ExtractArticle(page)
	fmt.Println(a.Text)
	// Output:
	// Visa raises merchant fees
	//
	// Visa Inc will raise some of the fees it charges merchants from October, a notice said.
	//
	// The change affects card-not-present transactions, the notice said on Friday.
}
