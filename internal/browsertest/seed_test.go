package browsertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/store/sqlite"
)

// Each vector calls alert or console.error, or throws, when it runs: the
// browser tests listen for exactly those events. They cover script tags,
// event handlers, javascript: URLs, SVG payloads, broken markup and an
// attempt to close the <title> element early.
var (
	xssHeadline = `Apple </title><script>alert("title")</script> <img src=x onerror=alert("headline")> deal`
	xssDek      = `Apple said "><svg onload=alert("dek")> and <a href="javascript:alert('dek-link')">terms</a> apply.`
	xssBody     = []string{
		`Apple said on Tuesday <script>alert("body")</script> that it signed the agreement, according to a statement.`,
		`Apple's filing <img src="x" onerror="console.error('xss-onerror')"> listed <a href="javascript:alert(1)">the terms</a> and <svg><script>alert("svg-script")</script></svg>.`,
		`Broken markup <div><p onclick=alert(1) <b>unterminated <iframe src="javascript:alert('iframe')"></iframe> <svg/onload=alert("svg")> <math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")></style></mglyph></table></mtext></math>`,
		`Apple quoted <object data="data:text/html,<script>alert('object')</script>"></object> <embed src="javascript:alert('embed')"> <base href="javascript:alert('base')//"> and ended.`,
	}
	xssSourceName = `Demo Wire <script>alert("source")</script><img src=x onerror=alert("source-name")>`
	xssSourceURL  = `https://example.com/news?q="><script>alert('url')</script>&x='onmouseover='alert(1)`
	xssSourceText = `Apple said on Tuesday that it signed the agreement. <script>alert("source-text")</script>`
)

// heldHeadline is the headline of the story the editor approves.
const heldHeadline = "Microsoft opens browser test research centre"

// seeded is what seed put into the database.
type seeded struct {
	xssSlug  string // published, every field full of XSS vectors
	heldSlug string // held for review with a hold finding, approvable
	// javascriptURL is what SubmitDraft said to a source whose URL uses the
	// javascript: scheme (it must refuse it).
	javascriptURL error
}

// seed submits the test stories through the newsroom Service, the way the
// pipeline does, into the database at path.
func seed(ctx context.Context, path string) (seeded, error) {
	var out seeded
	db, err := sqlite.Open(ctx, path, sqlite.Options{MustExist: true})
	if err != nil {
		return out, fmt.Errorf("seed: %w", err)
	}
	defer db.Close()
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{Now: time.Now})
	apple := []newsroom.Tag{{Symbol: "AAPL", Name: "Apple", Confidence: 1, Salience: 1,
		Mentions: []newsroom.Mention{{Start: 0, End: 5, Text: "Apple", Via: "name"}}}}

	xss := newsroom.Submission{
		Key:   "browsertest-xss",
		Draft: newsroom.Draft{Headline: xssHeadline, Dek: xssDek, Body: xssBody, DraftedBy: "extractive"},
		Check: &newsroom.Check{Decision: newsroom.Publish, Rules: []string{"number-traced"}},
		Sources: []newsroom.Source{{ItemKey: "browsertest-xss-item", Name: xssSourceName, URL: xssSourceURL,
			Kind: "news", Title: xssHeadline, Text: xssSourceText}},
		Tags:      apple,
		Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.3},
	}
	res, err := svc.SubmitDraft(ctx, xss)
	if err != nil {
		return out, fmt.Errorf("seed XSS story: %w", err)
	}
	if res.Story.Status != newsroom.StatusPublished {
		return out, fmt.Errorf("seed XSS story: status %s, want published", res.Story.Status)
	}
	out.xssSlug = res.Story.Slug

	bad := xss
	bad.Key = "browsertest-javascript-url"
	bad.Sources = []newsroom.Source{{ItemKey: "browsertest-js-item", Name: "Demo Wire", URL: "javascript:alert(1)", Kind: "news"}}
	if _, err := svc.SubmitDraft(ctx, bad); err != nil {
		out.javascriptURL = err
	} else {
		out.javascriptURL = errors.New("accepted")
	}

	msft := []newsroom.Tag{{Symbol: "MSFT", Name: "Microsoft", Confidence: 1, Salience: 1,
		Mentions: []newsroom.Mention{{Start: 0, End: 9, Text: "Microsoft", Via: "name"}}}}
	body := "Microsoft said on Tuesday it opened a research centre that will employ 200 people, according to a statement."
	held, err := svc.SubmitDraft(ctx, newsroom.Submission{
		Key:   "browsertest-held",
		Draft: newsroom.Draft{Headline: heldHeadline, Dek: "Microsoft said the centre will employ 200 people.", Body: []string{body}, DraftedBy: "extractive"},
		Check: &newsroom.Check{Decision: newsroom.Hold, Rules: []string{"number-traced"},
			Findings: []newsroom.Finding{{Rule: "number-traced", Severity: newsroom.SeverityHold, DraftSpan: [2]int{0, 9}, Message: "figure needs an editor's look"}}},
		Sources: []newsroom.Source{{ItemKey: "browsertest-held-item", Name: "Demo Wire", URL: "https://example.com/msft-centre",
			Kind: "news", Title: heldHeadline, Text: body}},
		Tags:      msft,
		Sentiment: newsroom.Sentiment{Label: "positive", Score: 0.4},
	})
	if err != nil {
		return out, fmt.Errorf("seed held story: %w", err)
	}
	if held.Story.Status != newsroom.StatusHeld {
		return out, fmt.Errorf("seed held story: status %s, want held", held.Story.Status)
	}
	out.heldSlug = held.Story.Slug
	if strings.TrimSpace(out.xssSlug) == "" || out.heldSlug == "" {
		return out, errors.New("seed: empty slug")
	}
	return out, nil
}
