package tagger

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"alphadesk/internal/market"
)

// naive is the baseline the seed page evidently used: one regular
// expression per ticker and one per name, each matched with word
// boundaries and ignoring case. It is what tagged "as" AS, "has" HAS and
// "Q2 sales" QTWO.
type naive struct {
	res  []*regexp.Regexp
	syms []string
}

// naiveName is the name the baseline looks for: the short name (else the
// legal name) without suffix words, "Holdings" included, which is how the
// seed page came to look for "Q2" for Q2 Holdings.
func naiveName(s market.Security) string {
	name := s.Name
	if name == "" {
		name = s.LegalName
	}
	words := strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(name))
	for len(words) > 1 {
		switch strings.ToLower(words[len(words)-1]) {
		case "inc", "corp", "co", "company", "corporation", "incorporated", "ltd", "plc", "holdings", "group", "/de/":
			words = words[:len(words)-1]
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

// newNaive compiles the baseline. caseSensitiveTickers matches tickers only
// in capitals, the variant that would not have produced AS and HAS.
func newNaive(secs []market.Security, caseSensitiveTickers bool) *naive {
	n := &naive{}
	tickerFlags := "(?i)"
	if caseSensitiveTickers {
		tickerFlags = ""
	}
	for _, s := range secs {
		n.res = append(n.res, regexp.MustCompile(tickerFlags+`\b`+regexp.QuoteMeta(s.Symbol)+`\b`))
		n.syms = append(n.syms, s.Symbol)
		if name := naiveName(s); len(name) >= 2 {
			n.res = append(n.res, regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(name)+`\b`))
			n.syms = append(n.syms, s.Symbol)
		}
	}
	return n
}

// tag returns the symbols whose ticker or name regexp matches text.
func (n *naive) tag(text string) []string {
	var out []string
	for i, re := range n.res {
		if slices.Contains(out, n.syms[i]) {
			continue
		}
		if re.MatchString(text) {
			out = append(out, n.syms[i])
		}
	}
	slices.Sort(out)
	return out
}

// TestBaselineSeed shows that the naive baseline reproduces the seed page's
// errors, which the tagger does not make: on the seed story when the shared
// data is present, and on our paraphrase always.
func TestBaselineSeed(t *testing.T) {
	secs := curated(t)
	base := newNaive(secs, false)
	story := ""
	for _, d := range loadDocs(t, "testdata/docs") {
		if d.where == "seed-paraphrase.txt" {
			story = d.text
		}
	}
	got := base.tag(story)
	for _, want := range []string{"AMZN", "AS", "HAS"} {
		if !slices.Contains(got, want) {
			t.Errorf("baseline on the paraphrase: %v lacks %s", got, want)
		}
	}
	t.Logf("baseline on our paraphrase (embedded universe): %v", got)
	res, err := embedded(t).Tag(story)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tagger on our paraphrase: %v", res.Symbols())

	seed := readSeed(t)
	if seed == "" {
		t.Skip("seed story not present: ../shared/seed/amazon-aws-backlog-story.txt")
	}
	got = base.tag(seed)
	for _, want := range []string{"AMZN", "AS", "HAS", "QTWO"} {
		if !slices.Contains(got, want) {
			t.Errorf("baseline on the seed story: %v lacks %s", got, want)
		}
	}
	t.Logf("baseline on the seed story (embedded universe, tickers ignoring case): %v", got)
	t.Logf("baseline on the seed story (embedded universe, tickers in capitals only): %v", newNaive(secs, true).tag(seed))
	if testing.Short() {
		return
	}
	sharedFile(t, "sec/company_tickers_exchange.json")
	sec := secUniverse(t)
	t.Logf("baseline on the seed story (SEC universe, %d securities): %v", len(sec), newNaive(sec, false).tag(seed))
	t.Logf("baseline on the seed story (SEC universe, tickers in capitals only): %v", newNaive(sec, true).tag(seed))
}
