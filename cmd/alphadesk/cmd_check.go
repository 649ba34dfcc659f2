package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"alphadesk/internal/config"
	"alphadesk/internal/draft"
	"alphadesk/internal/rules"
)

// Exit statuses of the check command, beside exitOK (publish) and
// exitUsage (input that cannot be read).
const (
	exitHold   = 10
	exitReject = 20
)

func init() {
	register(command{
		name:    "check",
		summary: "check a draft against its sources and the publishing rules",
		usage:   "--source FILE [--source FILE ...] --draft FILE [--market FILE] [--price N] [--day-change PCT] [--alpha-score N] [--tag-confidence F]",
		help: "Checks a draft against its named sources and the publishing rules (docs/publishing-rules.md) and " +
			"prints {\"decision\": \"publish|hold|reject\", \"findings\": [...], \"cleaned\": {...}}: every finding names " +
			"its rule, severity (block, hold or info), the byte range in the draft text it is about (draft_span) " +
			"and, when it helps, the source passage (source_span: source number and byte range in that source's " +
			"text); cleaned is the draft with low-information tables removed.\n\n" +
			"The draft file is our JSON draft (as 'alphadesk draft' prints it) or plain text laid out as headline, " +
			"dek, paragraphs and \"- \" or \"•\" bullets separated by blank lines; for plain text, draft_span " +
			"offsets are into the file itself.\n\n" +
			sourceFormatHelp + "\n\n" +
			"Market data for the story's security traces the figures that quote it: --market names a JSON file " +
			"{\"symbol\": \"AMZN\", \"price\": 263.04, \"day_change_pct\": 1.29, \"alpha_score\": 54, \"exchange\": \"NASDAQ\"} " +
			"(every field optional); --price, --day-change and --alpha-score set or override single values. " +
			"--tag-confidence passes the tagger's confidence in the story's company tags (0 to 1); without it " +
			"that check is skipped.\n\n" +
			"Exit status: 0 publish, 10 hold, 20 reject, 2 when an input cannot be read.",
		details: rulesList,
		flags: func(fs *flag.FlagSet, _ *config.Config) func(context.Context, env, []string) error {
			var o checkOptions
			fs.Var(&o.sources, "source", "source `FILE` (repeat for several): text with optional headers, HTML, or JSON")
			fs.StringVar(&o.draft, "draft", "", "draft `FILE`: our JSON draft or plain text")
			fs.StringVar(&o.market, "market", "", "market data JSON `FILE` (see above)")
			fs.Var(&o.price, "price", "last price in US dollars, `USD` (overrides --market)")
			fs.Var(&o.dayChange, "day-change", "day change in percent, `PCT`, signed: 1.29 or -0.4 (overrides --market)")
			fs.Var(&o.alphaScore, "alpha-score", "Alpha Score, `N` from 0 to 100 (overrides --market)")
			fs.Float64Var(&o.tagConfidence, "tag-confidence", rules.TagConfidenceUnknown, "tagging confidence 0-1; negative means not measured")
			return func(ctx context.Context, e env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected arguments %q: name the draft with --draft and sources with --source", args)
				}
				code, err := runCheck(e, o)
				if err != nil {
					return err
				}
				if code == exitOK {
					return nil
				}
				return exitStatus(code)
			}
		},
	})
}

type checkOptions struct {
	sources                      fileList
	draft, market                string
	price, dayChange, alphaScore optionalFloat
	tagConfidence                float64
}

// optionalFloat is a number flag that remembers whether it was given.
type optionalFloat struct {
	v   float64
	set bool
}

func (o *optionalFloat) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.FormatFloat(o.v, 'f', -1, 64)
}

func (o *optionalFloat) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimPrefix(strings.TrimSpace(s), "+"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("not a number: %q", s)
	}
	o.v, o.set = v, true
	return nil
}

func (o optionalFloat) ptr() *float64 {
	if !o.set {
		return nil
	}
	v := o.v
	return &v
}

// runCheck checks the draft and writes the report; it returns the exit
// status for the decision.
func runCheck(e env, o checkOptions) (int, error) {
	if o.draft == "" {
		return 0, usagef("no draft: name it with --draft FILE")
	}
	if len(o.sources) == 0 {
		return 0, usagef("no sources: name at least one with --source FILE")
	}
	if o.tagConfidence > 1 {
		return 0, usagef("--tag-confidence %v: want a confidence from 0 to 1, or a negative number for not measured", o.tagConfidence)
	}
	market, err := readMarket(o)
	if err != nil {
		return 0, err
	}
	srcs, err := readSources(o.sources)
	if err != nil {
		return 0, err
	}
	data, err := readLimited(o.draft, draft.MaxDraftBytes)
	if err != nil {
		return 0, inputError{fmt.Errorf("draft: %w", err)}
	}
	d, doc, err := draft.Decode(data)
	if err != nil {
		return 0, inputError{fmt.Errorf("draft %s: %w", o.draft, err)}
	}
	conf := o.tagConfidence
	if conf < 0 {
		conf = rules.TagConfidenceUnknown
	}
	rep, err := rules.Check(rules.Input{Draft: d, Doc: doc, Sources: srcs, Market: market, TagConfidence: conf})
	if err != nil {
		return 0, inputError{fmt.Errorf("check %s: %w", o.draft, err)}
	}
	if err := writeJSON(e.stdout, rep); err != nil {
		return 0, err
	}
	switch rep.Decision {
	case rules.Reject:
		return exitReject, nil
	case rules.HoldFor:
		return exitHold, nil
	}
	return exitOK, nil
}

// readMarket reads --market and applies the single-value flags over it.
func readMarket(o checkOptions) (rules.Market, error) {
	var m rules.Market
	if o.market != "" {
		data, err := readLimited(o.market, 1<<20)
		if err != nil {
			return m, inputError{fmt.Errorf("market data: %w", err)}
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil {
			return m, inputError{fmt.Errorf("market data %s: want {\"symbol\",\"price\",\"day_change_pct\",\"alpha_score\",\"exchange\"}: %w", o.market, err)}
		}
	}
	if p := o.price.ptr(); p != nil {
		m.Price = p
	}
	if p := o.dayChange.ptr(); p != nil {
		m.DayChangePct = p
	}
	if p := o.alphaScore.ptr(); p != nil {
		m.AlphaScore = p
	}
	if m.Price != nil && *m.Price <= 0 {
		return m, usagef("price %v: want a positive number of US dollars", *m.Price)
	}
	if m.AlphaScore != nil && (*m.AlphaScore < 0 || *m.AlphaScore > 100) {
		return m, usagef("Alpha Score %v: want 0 to 100", *m.AlphaScore)
	}
	return m, nil
}

// rulesList is the help text listing the publishing rules.
func rulesList() string {
	var b strings.Builder
	b.WriteString("Publishing rules (docs/publishing-rules.md has each in full):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range rules.All() {
		first, _, _ := strings.Cut(r.Description(), ". ")
		fmt.Fprintf(tw, "  %s\t%s\n", r.Name(), wrapFirst(first, 70))
	}
	tw.Flush()
	return b.String()
}

// wrapFirst shortens a sentence to about n characters at a word boundary.
func wrapFirst(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut <= 0 {
		cut = n
	}
	return s[:cut] + " …"
}
