package tagger

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"alphadesk/internal/market"
)

// symbols tags text with tg at the default threshold.
func symbols(t *testing.T, tg *Tagger, text string) []string {
	t.Helper()
	var out []string
	for _, g := range kept(t, tg, text) {
		out = append(out, g.Symbol)
	}
	slices.Sort(out)
	return out
}

// TestTraps holds a regression case for every trap the issue names: each
// word in a sentence where it must not be tagged and, for the real
// companies, one where it must.
func TestTraps(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		// Tickers that are words, abbreviations or finance terms.
		{"AS word", "Sales rose as expected, as the plan worked.", nil},
		{"AS cashtag", "Bought more $AS today.", []string{"AS"}},
		{"HAS word", "The company has said it has no plans.", nil},
		{"HAS shouting", "AMAZON HAS SET A RECORD FOR PRIME DAY SALES", []string{"AMZN"}},
		{"HAS exchange", "Hasbro (NASDAQ: HAS) fell.", []string{"HAS"}},
		{"A letter", "A deal is near.", nil},
		{"A after name", "Agilent Technologies (A) rose.", []string{"A"}},
		{"ALL caps", "ALL OF IT WENT UP", nil},
		{"ALL exchange", "The Allstate Corporation (NYSE: ALL) reported.", []string{"ALL"}},
		{"ARE word", "Investors ARE nervous.", nil},
		{"IT abbreviation", "IT spending rose 8%.", nil},
		{"IT company", "Gartner raised its outlook.", []string{"IT"}},
		{"ON word", "Results come ON Tuesday.", nil},
		{"ON company", "ON Semiconductor (ON) won a deal.", []string{"ON"}},
		{"NOW word", "NOW is the time.", nil},
		{"NOW company", "ServiceNow beat estimates.", []string{"NOW"}},
		{"KEY word", "The KEY risk is rates.", nil},
		{"KEY company", "KeyCorp cut deposit costs.", []string{"KEY"}},
		{"CAT word", "A CAT bond pays out.", nil},
		{"CAT company", "Caterpillar (CAT) hit a record.", []string{"CAT"}},
		{"LOW word", "Volatility stayed LOW.", nil},
		{"LOW company", "Lowe's cut its outlook.", []string{"LOW"}},
		{"FAST word", "The FAST Act passed.", nil},
		{"FAST company", "Fastenal reported higher sales.", []string{"FAST"}},
		{"OPEN word", "Markets are OPEN today.", nil},
		{"OPEN company", "Opendoor shares surged on the news.", []string{"OPEN"}},
		{"WELL word", "It went WELL.", nil},
		{"WELL company", "Welltower bought a portfolio.", []string{"WELL"}},
		{"SO word", "SO FAR SO GOOD", nil},
		{"SO company", "Southern Company raised its dividend.", []string{"SO"}},
		{"GO word", "They got the GO signal.", nil},
		{"BIG word", "BIG TECH RALLIES AGAIN", nil},
		{"TRUE word", "That is TRUE.", nil},
		{"REAL word", "REAL wages rose.", nil},
		{"EPS CEO GDP CPI", "The CEO said EPS would beat as GDP and CPI improved.", nil},
		{"IPO ETF SEC FDA", "The SEC cleared the ETF; the FDA approved the drug; the IPO priced.", nil},
		{"AI EV", "AI servers and EV batteries drove demand.", nil},
		{"US USA", "US stocks rose; USA Today reported it.", nil},
		{"PM AM", "The call is at 4:30 PM, not 9 AM.", nil},
		{"AI company", "C3.ai (AI) named a new chief.", []string{"AI"}},
		// Period labels.
		{"Q2 sales", "Amazon projects Q2 sales of $194B as AWS backlog grows.", []string{"AMZN"}},
		{"period labels", "Q1, Q2, Q3, Q4, H1, H2, FY2026, 1Q26 and FY25 results.", nil},
		{"Q2 Holdings", "Q2 Holdings raised its outlook.", []string{"QTWO"}},
		// Names that are everyday words.
		{"apple fruit", "Apple orchards lost their crop to frost.", nil},
		{"Apple company", "Apple shares rose after record iPhone sales.", []string{"AAPL"}},
		{"price target", "The analyst raised the price Target to $120.", nil},
		{"Target company", "Target cut its sales forecast.", []string{"TGT"}},
		{"Amazon river", "Deforestation in the Amazon rainforest rose.", nil},
		{"Amazon company", "Amazon said it would hire 10,000 workers.", []string{"AMZN"}},
		{"Delta variant", "The Delta variant spread quickly.", nil},
		{"Delta company", "Delta Air Lines raised its guidance.", []string{"DAL"}},
		{"shell company", "Investigators found a Shell company in Cyprus.", nil},
		{"Block word", "Building Block Of Growth", nil},
		{"Visa word", "Visa applications from students fell.", nil},
		{"Visa company", "Visa reported higher payments volume and revenue.", []string{"V"}},
		{"metadata", "The metadata and a meta-analysis were published.", nil},
		{"Meta company", "Meta plans to spend more on AI.", []string{"META"}},
		{"Oracle of Omaha", "Buffett, the Oracle of Omaha, bought shares.", nil},
		{"Oracle company", "Oracle's cloud revenue jumped.", []string{"ORCL"}},
		{"Gap word", "The pay gap narrowed; Stocks Gap Higher.", nil},
		{"Ford river", "Harrison Ford had to ford the river.", nil},
		{"Ford company", "Ford (F) shares rose 2%.", []string{"F"}},
		{"Snap word", "A cold snap hit; Snap Election Called.", nil},
		{"Snap company", "Snap shares plunged after the results.", []string{"SNAP"}},
		{"Progressive word", "Progressive Democrats pushed for a wage rise.", nil},
		{"Progressive company", "Progressive said premiums rose 15%.", []string{"PGR"}},
		{"Travelers word", "Travelers Flock To Airports", nil},
		{"Travelers company", "Travelers reported catastrophe losses.", []string{"TRV"}},
		{"Carnival word", "Rio's Carnival drew millions.", nil},
		{"Carnival company", "Carnival raised its profit forecast.", []string{"CCL"}},
		{"Mosaic word", "A Mosaic Of Views On Rates", nil},
		{"Mosaic company", "Mosaic cut potash output.", []string{"MOS"}},
		{"open door", "The mayor promised an open door.", nil},
		// Longest match.
		{"Bank of America", "Bank of America raised its dividend.", []string{"BAC"}},
		{"America", "America's retailers reported mixed results.", nil},
		// Strong forms.
		{"cashtag lower case", "$tsla looking heavy", []string{"TSLA"}},
		{"exchange no space", "Shares of NASDAQ:NVDA rose.", []string{"NVDA"}},
		{"share class", "Berkshire Hathaway (NYSE: BRK.B) bought stock.", []string{"BRK.B"}},
		{"two classes", "Alphabet Inc. (NASDAQ: GOOGL, GOOG) will report.", []string{"GOOG", "GOOGL"}},
		{"Reuters code", "Johnson & Johnson <JNJ.N> shares gained.", []string{"JNJ"}},
		{"money not cashtag", "It paid $5 billion and US$2 billion.", nil},
		{"curly possessive", "Apple’s chief met suppliers in Shenzhen.", []string{"AAPL"}},
	}
	tg := embedded(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := symbols(t, tg, tc.text)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("Tag(%q) = %v, want %v", tc.text, got, want)
			}
		})
	}
}

// TestSeedParaphrase checks our own rewrite of the seed story's traps (Q3
// sales, "as", "has", AWS, AI): exactly AMZN, with every universe.
func TestSeedParaphrase(t *testing.T) {
	docs := loadDocs(t, "testdata/docs")
	var text string
	for _, d := range docs {
		if d.where == "seed-paraphrase.txt" {
			text = d.text
		}
	}
	if text == "" {
		t.Fatal("testdata/docs/seed-paraphrase.txt missing")
	}
	res, err := embedded(t).Tag(text)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Symbols(); !slices.Equal(got, []string{"AMZN"}) {
		t.Errorf("symbols %v, want [AMZN]", got)
	}
	amzn := res.Tags[0]
	if amzn.Salience < 0.9 {
		t.Errorf("AMZN salience %.2f, want at least 0.9 (headline, lead, most mentions)", amzn.Salience)
	}
	if amzn.Mentions[0].Start != 0 || amzn.Mentions[0].Text != "Amazon" || amzn.Mentions[0].Via != ViaName {
		t.Errorf("first mention %+v, want Amazon at 0 via name", amzn.Mentions[0])
	}
}

// TestBadInput covers empty, invalid and oversized texts.
func TestBadInput(t *testing.T) {
	tg := embedded(t)
	for _, text := range []string{"", "   \n\n\t", "\xff\xfe\xfd", "$", "(NYSE:", "Apple\xffInc", strings.Repeat("$", 1000)} {
		res, err := tg.Tag(text)
		if err != nil {
			t.Errorf("Tag(%q): %v", text, err)
		}
		checkMentions(t, text, res)
	}
	res, _ := tg.Tag("Microsoft\xff (NASDAQ: MSFT) rose")
	if got := res.Symbols(); !slices.Equal(got, []string{"MSFT"}) {
		t.Errorf("text with an invalid byte: symbols %v, want [MSFT]", got)
	}
	small, err := New(curated(t), Options{MaxBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := small.Tag("Apple rose sharply today"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized text: error %v, want ErrTooLarge", err)
	}
}

// checkMentions verifies the invariants of a result: offsets inside the
// text, Text equal to the span, valid UTF-8, tags sorted by salience.
func checkMentions(t *testing.T, text string, res Result) {
	t.Helper()
	for i, g := range res.Tags {
		if g.Confidence < 0 || g.Confidence > 1 || g.Salience < 0 || g.Salience > 1 {
			t.Errorf("%s: confidence %v, salience %v outside [0,1]", g.Symbol, g.Confidence, g.Salience)
		}
		if i > 0 && g.Salience > res.Tags[i-1].Salience {
			t.Errorf("tags not sorted by salience: %s %.3f after %s %.3f", g.Symbol, g.Salience, res.Tags[i-1].Symbol, res.Tags[i-1].Salience)
		}
		if len(g.Mentions) == 0 {
			t.Errorf("%s: no mentions", g.Symbol)
		}
		for _, m := range g.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("%s: mention [%d,%d) outside text of %d bytes", g.Symbol, m.Start, m.End, len(text))
			}
			if text[m.Start:m.End] != m.Text {
				t.Errorf("%s: mention text %q, text has %q", g.Symbol, m.Text, text[m.Start:m.End])
			}
			if !utf8.ValidString(m.Text) {
				t.Errorf("%s: mention %q is not valid UTF-8", g.Symbol, m.Text)
			}
			if !slices.Contains(Vias, m.Via) {
				t.Errorf("%s: via %q", g.Symbol, m.Via)
			}
		}
	}
}

func TestSalience(t *testing.T) {
	text := "Nvidia Raises Forecast As Data Center Sales Soar\n\nNvidia said revenue would rise. Intel fell.\n\nLater, analysts compared Nvidia with AMD and with Nvidia's own history."
	res, err := embedded(t).Tag(text)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Symbols(); len(got) != 3 || got[0] != "NVDA" {
		t.Fatalf("symbols %v, want NVDA first of three", got)
	}
	if res.Tags[1].Symbol != "INTC" {
		t.Errorf("second tag %s, want INTC (in the lead, before AMD)", res.Tags[1].Symbol)
	}
	checkMentions(t, text, res)
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		secs    []market.Security
		opts    Options
		wantErr string
	}{
		{"empty", nil, Options{}, "empty universe"},
		{"bad symbol", []market.Security{{Symbol: "A B C D E F G H", LegalName: "X"}}, Options{}, "bad symbol"},
		{"bad threshold", []market.Security{{Symbol: "AAPL", LegalName: "Apple Inc."}}, Options{MinConfidence: 2}, "outside [0,1]"},
		{"ok", []market.Security{{Symbol: "aapl", LegalName: "Apple Inc."}}, Options{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.secs, tc.opts)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("New: error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestSECNames checks name forms made from SEC-style upper-case legal
// names without curated aliases.
func TestSECNames(t *testing.T) {
	secs := []market.Security{
		{Symbol: "AMZN", LegalName: "AMAZON COM INC", CIK: 1018724, Exchange: market.NASDAQ},
		{Symbol: "MSFT", LegalName: "MICROSOFT CORP", CIK: 789019, Exchange: market.NASDAQ},
		{Symbol: "BAC", LegalName: "BANK OF AMERICA CORP /DE/", CIK: 70858, Exchange: market.NYSE},
		{Symbol: "TGT", LegalName: "TARGET CORP", CIK: 27419, Exchange: market.NYSE},
		{Symbol: "XYZ", LegalName: "Block, Inc.", CIK: 1512673, Exchange: market.NYSE},
		{Symbol: "GLD", LegalName: "SPDR GOLD TRUST", CIK: 1222333, Exchange: market.NYSEArca},
		{Symbol: "QTWO", LegalName: "Q2 Holdings, Inc.", CIK: 1410384, Exchange: market.NYSE},
		{Symbol: "TIMB", LegalName: "TIM S.A.", CIK: 1826168, Exchange: market.NYSE},
		{Symbol: "LLY", LegalName: "ELI LILLY & Co", CIK: 59478, Exchange: market.NYSE},
		{Symbol: "PG", LegalName: "PROCTER & GAMBLE Co", CIK: 80424, Exchange: market.NYSE},
	}
	tg, err := New(secs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"Amazon.com shares rose.", []string{"AMZN"}},
		{"Microsoft beat estimates.", []string{"MSFT"}},
		{"Bank of America fell; America rose.", []string{"BAC"}},
		{"Target Corp cut its forecast.", []string{"TGT"}},
		{"The price target on Target was cut.", nil},
		{"Block shares jumped after the results.", []string{"XYZ"}},
		{"A building block of growth.", nil},
		{"SPDR Gold Trust holdings rose; $GLD too.", []string{"GLD"}},
		{"Q2 sales rose; Q2 Holdings did well.", []string{"QTWO"}},
		{"Tim Cook spoke; TIM reported.", []string{"TIMB"}},
		{"Eli Lilly and Procter & Gamble rose.", []string{"LLY", "PG"}},
	}
	for _, tc := range tests {
		got := symbols(t, tg, tc.text)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Tag(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestWithNames(t *testing.T) {
	base := []market.Security{{Symbol: "GOOGL", LegalName: "Alphabet Inc.", CIK: 1652044}, {Symbol: "ZZZ", LegalName: "Zed Corp"}}
	names := []market.Security{{Symbol: "GOOGL", LegalName: "Alphabet Inc.", Name: "Alphabet", Aliases: []string{"Google"}}, {Symbol: "XXX", Name: "Nobody"}}
	got := WithNames(base, names)
	if len(got) != 2 || got[0].Name != "Alphabet" || !slices.Equal(got[0].Aliases, []string{"Google"}) || got[0].CIK != 1652044 {
		t.Errorf("WithNames = %+v", got)
	}
	if base[0].Name != "" {
		t.Error("WithNames changed its input")
	}
}

func TestIsPeriodLabel(t *testing.T) {
	for _, w := range []string{"Q1", "q4", "H2", "FY2026", "FY25", "1Q26", "2H25", "Q3FY25", "CY24", "3Q"} {
		if !isPeriodLabel(w) {
			t.Errorf("isPeriodLabel(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"QTWO", "Q", "HP", "FYI", "Q5", "H3", "5Q26"} {
		if isPeriodLabel(w) {
			t.Errorf("isPeriodLabel(%q) = true, want false", w)
		}
	}
}

func TestCleanLegalName(t *testing.T) {
	tests := map[string]string{
		"BANK OF AMERICA CORP /DE/":               "BANK OF AMERICA CORP",
		`US BANCORP \DE\`:                         "US BANCORP",
		"Bank Pekao S.A./ADR":                     "Bank Pekao S.A.",
		"Apple Inc. - Common Stock":               "Apple Inc.",
		"Alphabet Inc. (Class A)":                 "Alphabet Inc.",
		"INTERCONTINENTAL HOTELS GROUP PLC /NEW/": "INTERCONTINENTAL HOTELS GROUP PLC",
	}
	for in, want := range tests {
		if got := cleanLegalName(in); got != want {
			t.Errorf("cleanLegalName(%q) = %q, want %q", in, got, want)
		}
	}
}
