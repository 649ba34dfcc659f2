package newsroom_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"alphadesk/internal/newsroom"
	"alphadesk/internal/newsroom/newsroomtest"
	"alphadesk/internal/store/sqlite"
)

func ExampleSlug() {
	fmt.Println(newsroom.Slug("Amazon's AWS backlog grows to $364 billion", "item:aws-backlog", newsroom.SlugHashLen))
	// Output: amazons-aws-backlog-grows-to-364-billion-4853c0
}

func ExampleCategoryFor() {
	fmt.Println(newsroom.CategoryFor([]string{"news"}, "Amazon forecasts Q2 sales above estimates", "", 1))
	fmt.Println(newsroom.CategoryFor([]string{"filing"}, "Tesla names a new director", "", 1))
	fmt.Println(newsroom.CategoryFor(nil, "Fed holds interest rates steady", "", 0))
	// Output:
	// Earnings
	// Filings
	// Macro
}

// Example shows a story's life: the pipeline submits a draft the rules
// hold, an editor approves it, a reader reports a mistake and the editor
// resolves it with an edit.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "newsroom-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "desk.db"), sqlite.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	clock := newsroomtest.NewClock(time.Date(2026, 4, 30, 20, 0, 0, 0, time.UTC), time.Minute)
	svc := newsroom.NewService(db.Newsroom(), newsroom.Options{Now: clock.Now})

	d := newsroom.Draft{
		Headline:  "Amazon's AWS backlog grows",
		Body:      []string{"The backlog reached " + newsroomtest.HoldWord + " at the end of the quarter, Amazon said."},
		DraftedBy: "extractive",
	}
	check, _ := newsroomtest.Checker(d) // the real desk runs the publishing rules (rulecheck)
	res, err := svc.SubmitDraft(ctx, newsroom.Submission{Key: "item:aws-backlog", Draft: d, Check: &check,
		Sources: []newsroom.Source{{ItemKey: "item:aws-backlog", Name: "Amazon", Kind: "statement"}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Outcome, res.Story.Status, res.Story.Category)

	queue, _ := svc.ReviewQueue(ctx, 10, "")
	for _, s := range queue.Stories {
		fmt.Printf("queued %s: %s %s\n", s.Slug, s.Findings[0].Rule, s.Findings[0].Severity)
	}

	st, err := svc.Approve(ctx, res.Story.Slug, newsroom.Review{Actor: "jane", Reason: "figure checked by phone"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Status, "last reviewed", st.LastReviewed.Format(time.Kitchen), "by", st.LastReviewedBy)

	c, _ := svc.ReportCorrection(ctx, newsroom.CorrectionReport{Slug: st.Slug, Text: "The backlog figure is missing."})
	d.Body = []string{"The backlog reached $364 billion at the end of the quarter, Amazon said."}
	c, v, err := svc.ResolveCorrection(ctx, c.ID, newsroom.ResolveRequest{Draft: d, Actor: "jane",
		Note: "An earlier version of this story omitted the size of the backlog."}, newsroomtest.Checker)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("correction", c.Status, "by version", v.Number, v.Change)

	detail, _ := svc.Story(ctx, st.Slug)
	for _, a := range detail.Audit {
		fmt.Println(a.At.Format(time.Kitchen), a.Actor, a.Action, a.From, "→", a.To)
	}
	// Output:
	// created held Stocks
	// queued amazons-aws-backlog-grows-4853c0: number.traced hold
	// published last reviewed 8:02PM by jane
	// correction resolved by version 2 corrected
	// 8:01PM pipeline submitted draft → held
	// 8:02PM jane approved held → published
	// 8:03PM reader correction_reported published → published
	// 8:04PM jane correction_resolved published → published
}
