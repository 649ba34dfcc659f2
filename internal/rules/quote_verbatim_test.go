package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/source"
)

var quoteSource = source.Source{Name: "Reuters", Kind: source.News, Text: `Amazon reported first-quarter results on Thursday.

"Customers are moving their AI workloads from experiments to production — and they are signing long-term commitments," said Andy Jassy, Amazon's chief executive. "We expect to keep investing heavily in data centers, chips and power."

Brian Olsavsky, the finance chief, told analysts: "Our fulfillment network is faster and cheaper to run than it was a year ago."

Jassy called demand insatiable. "Demand for 'agentic' tools is rising," he said.

Amazon said it 'remains committed to the Kuiper project' and would launch more satellites.`}

func TestQuoteVerbatim(t *testing.T) {
	tests := []struct {
		name  string
		quote string // the body paragraph holding the quotation
		want  Severity
		msg   string // substring of the message when not info
	}{
		// Passing forms.
		{"exact straight quotes", `"We expect to keep investing heavily in data centers, chips and power," Jassy said.`, Info, ""},
		{"curly quotes", `“We expect to keep investing heavily in data centers, chips and power,” Jassy said.`, Info, ""},
		{"double hyphen for em dash", `"Customers are moving their AI workloads from experiments to production -- and they are signing long-term commitments," Jassy said.`, Info, ""},
		{"closed-up em dash", `"Customers are moving their AI workloads from experiments to production—and they are signing long-term commitments," Jassy said.`, Info, ""},
		{"en dash", `"Customers are moving their AI workloads from experiments to production – and they are signing long-term commitments," Jassy said.`, Info, ""},
		{"white space", "\"We expect to keep  investing heavily\nin data centers,\" Jassy said.", Info, ""},
		{"first letter lower case", `Jassy said "we expect to keep investing heavily in data centers."`, Info, ""},
		{"first letter upper case", `Jassy said the company would "Keep investing heavily in data centers."`, Info, ""},
		{"trailing punctuation", `"We expect to keep investing heavily in data centers, chips and power." Jassy said so.`, Info, ""},
		{"ellipsis three dots", `"We expect to keep investing heavily ... chips and power," Jassy said.`, Info, ""},
		{"ellipsis character", `“We expect to keep investing heavily … chips and power,” Jassy said.`, Info, ""},
		{"spaced ellipsis", `"We expect to keep investing heavily . . . chips and power," Jassy said.`, Info, ""},
		{"bracketed ellipsis", `"We expect to keep investing heavily [...] chips and power," Jassy said.`, Info, ""},
		{"ellipsis within one speaker's consecutive quotations", `"Customers are moving their AI workloads … We expect to keep investing heavily," Jassy said.`, Info, ""},
		{"single quotes inside double", `"Demand for 'agentic' tools is rising," Jassy said.`, Info, ""},
		{"curly single quotes inside double", `“Demand for ‘agentic’ tools is rising,” Jassy said.`, Info, ""},
		{"top-level single quotes", `Amazon said it 'remains committed to the Kuiper project'.`, Info, ""},
		{"pronoun resolved", `Jassy spoke on a call. "We expect to keep investing heavily," he said.`, Info, ""},
		{"title and full name", `"We expect to keep investing heavily," said Chief Executive Andy Jassy.`, Info, ""},
		{"name before colon", `Olsavsky told analysts: "Our fulfillment network is faster and cheaper to run than it was a year ago."`, Info, ""},
		{"generic attribution", `"Our fulfillment network is faster and cheaper to run," the company said.`, Info, ""},
		{"partial quotation", `Olsavsky said the network was "faster and cheaper to run."`, Info, ""},
		{"pronoun after the sentence its subject names", `"We expect to keep investing heavily," Jassy said. Brian Olsavsky spoke next. "Our fulfillment network is faster and cheaper to run," he said.`, Info, ""},
		{"attribution after the subject sentence stands", `Brian Olsavsky spoke next. "Customers are moving their AI workloads," said Jassy. "We expect to keep investing heavily," he said.`, Info, ""},
		{"possessive is not the subject", `"Our fulfillment network is faster," Olsavsky said. Jassy's plan came next. "Our fulfillment network is faster and cheaper to run," he said.`, Info, ""},
		{"parenthetical pronoun", `"Customers are moving their AI workloads," Jassy said. Spending, he added, "we expect to keep investing heavily in data centers."`, Info, ""},
		{"parenthetical name", `Spending, Jassy added, "we expect to keep investing heavily in data centers."`, Info, ""},
		{"office the source gives", `"We expect to keep investing heavily," the chief executive said.`, Info, ""},
		{"office in another form", `"We expect to keep investing heavily," Amazon's CEO said.`, Info, ""},
		{"the speaker's company", `"We expect to keep investing heavily," Amazon said.`, Info, ""},
		{"office of a speaker the source gives none", `"Demand for 'agentic' tools is rising," the chief executive said.`, Info, ""},
		{"honorific in the attribution", `"Our fulfillment network is faster and cheaper to run," said Mr. Olsavsky.`, Info, ""},
		{"continued paragraph", "\"Customers are moving their AI workloads from experiments to production\n\n\"and they are signing long-term commitments,\" Jassy said.", Info, ""},

		// Failing forms.
		{"changed word", `"We expect to keep investing massively in data centers," Jassy said.`, Block, "differs from source 0 (Reuters)"},
		{"added word", `"We expect to keep investing heavily in new data centers," Jassy said.`, Block, "differs"},
		{"dropped word", `"We expect to keep investing in data centers," Jassy said.`, Block, "leaves out words without an ellipsis"},
		{"case changed inside", `"We Expect to keep investing heavily," Jassy said.`, Block, "differs"},
		{"contraction", `"We're moving AI workloads from experiments to production," Jassy said.`, Block, ""},
		{"merged without ellipsis", `"We expect to keep investing heavily in data centers, chips and power. Our fulfillment network is faster," Jassy said.`, Block, "without an ellipsis"},
		{"ellipsis across speakers", `"We expect to keep investing heavily … cheaper to run than it was a year ago," Jassy said.`, Block, "different quotations"},
		{"ellipsis out of order", `"Chips and power … we expect to keep investing heavily," Jassy said.`, Block, "not in this order"},
		{"wrong speaker", `"Our fulfillment network is faster and cheaper to run than it was a year ago," Jassy said.`, Block, "attributes it to Brian Olsavsky"},
		{"speaker of an attributed quotation replaced", `"We expect to keep investing heavily," said Tim Cook.`, Block, "attributes it to Andy Jassy"},
		{"reporting quoted as speech", `"Our fulfillment network is faster," Olsavsky said. "Amazon reported first-quarter results on Thursday," he said.`, Block, "is the reporting of source 0 (Reuters), not a quotation"},
		{"phrase from the reporting without attribution", `Amazon, which "reported first-quarter results on Thursday", grew.`, Info, ""},
		{"reporting attributed to its publisher", `According to Reuters, Amazon "reported first-quarter results on Thursday."`, Info, ""},
		{"speaker not in source", `Tim Cook told the paper Amazon "remains committed to the Kuiper project".`, Block, "attributes it to Amazon"},
		{"wrong speaker through pronoun", `Olsavsky spoke after Jassy's remarks. Olsavsky added details. "We expect to keep investing heavily," he said.`, Block, "attributes it to Andy Jassy"},
		{"wrong speaker through the subject before a pronoun", `"Our fulfillment network is faster," Olsavsky said. Andy Jassy took questions. "Our fulfillment network is faster and cheaper to run," he said.`, Block, "attributes it to Brian Olsavsky"},
		{"wrong speaker in a parenthetical", `Olsavsky's view, Jassy added, "our fulfillment network is faster and cheaper to run."`, Block, "attributes it to Brian Olsavsky"},
		{"wrong speaker after an honorific", `"Our fulfillment network is faster and cheaper to run," said Mr. Jassy.`, Block, "attributes it to Brian Olsavsky"},
		{"wrong office", `"We expect to keep investing heavily," the chief financial officer said.`, Block, "attributes it to Andy Jassy"},
		{"wrong office of the speaker's company in a statement", `"Our fulfillment network is faster and cheaper to run," Amazon's chief executive said.`, Block, "attributes it to Brian Olsavsky"},
		{"verb far before the quotation", `Jassy said the company would keep on with its plan and expected "to keep investing heavily in data centers."`, Info, ""},
		{"verb far before the quotation, wrong speaker", `Olsavsky said the company would keep on with its plan and expected "to keep investing heavily in data centers."`, Block, "attributes it to Andy Jassy"},
		{"according to far before the quotation, wrong speaker", `According to Chief Financial Officer Brian Olsavsky, the company plans "to keep investing heavily in data centers."`, Block, "attributes it to Andy Jassy"},
		{"publisher's credit after a named speaker", `Jassy said the company would "keep investing heavily in data centers," according to Reuters.`, Info, ""},
		{"introductory phrase before the subject", `"Our fulfillment network is faster," said Olsavsky. Asked about demand, Jassy was blunt. "Demand for 'agentic' tools is rising," he said.`, Info, ""},
		{"person named near another's pronoun quotation", `"Demand for 'agentic' tools is rising," Olsavsky said.`, Block, "attributes it to"},
		{"pronoun after according to", `Demand rose, according to Andy Jassy. "We expect to keep investing heavily," he said.`, Info, ""},
		{"wrong office at the speaker's company", `"We expect to keep investing heavily," Amazon's finance chief said.`, Block, "attributes it to Andy Jassy"},
		{"wrong speaker of the same first name", `"Our fulfillment network is faster and cheaper to run," said Brian Moynihan.`, Block, "attributes it to Brian Olsavsky"},
		{"wrong speaker of the same company", `"We expect to keep investing heavily," said Amazon finance chief Brian Olsavsky.`, Block, "attributes it to Andy Jassy"},
		{"fabricated", `"Nothing can stop AWS now," Jassy said.`, Block, "does not appear in any source"},
		{"altered single-quoted word inside", `"Demand for 'autonomous' tools is rising," Jassy said.`, Block, "differs"},
		{"altered top-level single quotes", `Amazon said it 'remains fully committed to the Kuiper project'.`, Block, "differs"},
		{"unbalanced opening", `"We expect to keep investing heavily, Jassy said.`, Block, "not closed"},
		{"stray closing", `We expect to keep investing heavily" Jassy said.`, Block, "no opening mark"},
		{"bracketed insertion is held", `"We expect to keep investing heavily in [Amazon's] data centers," Jassy said.`, Hold, "bracketed insertion"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			draftText := "Amazon keeps spending on AI\n\nAmazon reported results on Thursday.\n\n" + tc.quote
			rep, doc := check(t, draftText, Market{}, quoteSource)
			fs := of(rep, "quote.verbatim")
			if got := worst(fs); got != tc.want {
				t.Fatalf("worst severity %q, want %q%s", got, tc.want, describeFindings(doc, fs))
			}
			if tc.msg != "" {
				found := false
				for _, f := range fs {
					found = found || strings.Contains(f.Message, tc.msg)
				}
				if !found {
					t.Errorf("no message contains %q%s", tc.msg, describeFindings(doc, fs))
				}
			}
			if tc.want == Block && rep.Decision != Reject {
				t.Errorf("decision %s, want reject", rep.Decision)
			}
		})
	}
}

func TestQuoteFindingSpans(t *testing.T) {
	draftText := "Headline\n\nIntro sentence here.\n\n\"We expect to keep investing heavily,\" Jassy said. \"We expect to keep investing massively,\" Jassy said."
	rep, doc := check(t, draftText, Market{}, quoteSource)
	fs := of(rep, "quote.verbatim")
	if len(fs) != 2 {
		t.Fatalf("%d findings, want 2%s", len(fs), describeFindings(doc, fs))
	}
	for _, f := range fs {
		got := doc.Text[f.DraftSpan[0]:f.DraftSpan[1]]
		if !strings.HasPrefix(got, `"We expect`) || !strings.HasSuffix(got, `,"`) {
			t.Errorf("draft span %q does not cover the quotation", got)
		}
		if f.SourceSpan == nil {
			t.Fatalf("finding %q has no source span", f.Message)
		}
		src := quoteSource.Text[f.SourceSpan.Span[0]:f.SourceSpan.Span[1]]
		switch f.Severity {
		case Info:
			if src != "We expect to keep investing heavily" {
				t.Errorf("verified source span %q, want the quoted words", src)
			}
		case Block:
			if !strings.Contains(src, "We expect to keep investing heavily in data centers") {
				t.Errorf("nearest source span %q, want the source quotation's sentence", src)
			}
		}
	}
}

func TestQuoteElisionGapLimit(t *testing.T) {
	long := source.Source{Name: "Wire", Text: `"We will grow. ` + strings.Repeat("We keep building things every day. ", 25) + `We will hire," Smith said.`}
	rep, doc := check(t, "Headline\n\nLead text.\n\n\"We will grow … We will hire,\" Smith said.", Market{}, long)
	if got := worst(of(rep, "quote.verbatim")); got != Block {
		t.Errorf("elision over %d characters: severity %q, want block%s", MaxElisionGap, got, describeFindings(doc, rep.Findings))
	}
	rep, doc = check(t, "Headline\n\nLead text.\n\n\"We will grow … We keep building things every day,\" Smith said.", Market{}, long)
	if got := worst(of(rep, "quote.verbatim")); got != Info {
		t.Errorf("short elision: severity %q, want info%s", got, describeFindings(doc, rep.Findings))
	}
}

func TestQuoteAttributedToIssuingCompany(t *testing.T) {
	release := source.Source{Name: "Halvorsen Robotics", Kind: source.Statement,
		Text: `The order backlog reached a record in September. "We are converting a record backlog into revenue," said Ingrid Halvorsen, Chief Executive Officer. "The Polish plant lets us deliver faster," said Tomas Berg.`}
	tests := []struct {
		name, quote string
		want        Severity
	}{
		{"company named for its release", `"We are converting a record backlog into revenue," Halvorsen Robotics said.`, Info},
		{"person sharing the company's name is not the company", `"The Polish plant lets us deliver faster," said Ingrid Halvorsen.`, Block},
		{"statement text as the company's words", `Halvorsen Robotics said "the order backlog reached a record in September."`, Info},
		{"statement text generically attributed", `"The order backlog reached a record," the company said.`, Info},
		{"statement text is not the chief executive's quotation", `"The order backlog reached a record in September," said Ingrid Halvorsen.`, Block},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, doc := check(t, "Headline\n\nLead.\n\n"+tc.quote, Market{}, release)
			if got := worst(of(rep, "quote.verbatim")); got != tc.want {
				t.Errorf("severity %q, want %q%s", got, tc.want, describeFindings(doc, rep.Findings))
			}
		})
	}
}

var negationSource = source.Source{Name: "Halvorsen Robotics", Kind: source.Statement, Text: `"Our customers are automating because they cannot find enough people to run their warehouses, and that need is not going away," said Ingrid Halvorsen, Chief Executive Officer. "We don't expect prices to fall, and we will keep hiring," she added.

"The Polish plant lets us deliver faster to our European customers without building more in our most expensive locations," said Chief Financial Officer Tomas Berg.`}

// TestQuoteElisionMeaning: an ellipsis may leave words out, but not a
// negation cut from the words around it, and a bracketed insertion may not
// drop or add one.
func TestQuoteElisionMeaning(t *testing.T) {
	tests := []struct {
		name, quote string
		want        Severity
		msg         string
	}{
		{"ellipsis leaves out not", `"That need is … going away," Halvorsen said.`, Block, "leave out “not”"},
		{"ellipsis leaves out cannot", `"Our customers are automating because they … find enough people," Halvorsen said.`, Block, "leave out “cannot”"},
		{"ellipsis leaves out an n't word", `"We … expect prices to fall," Halvorsen said.`, Block, "leave out “don't”"},
		{"ellipsis leaves out without and its object", `"The Polish plant lets us deliver faster to our European customers … building more in our most expensive locations," Berg said.`, Block, "reverses its meaning"},
		{"ellipsis over a clause that holds a negation", `"Our customers are automating … and that need is not going away," Halvorsen said.`, Info, ""},
		{"ellipsis over words with no negation", `"The Polish plant lets us deliver faster … without building more," Berg said.`, Info, ""},
		{"bracket in place of a negation", `"Our customers are automating because they [can] find enough people," Halvorsen said.`, Block, "in place of the source's “cannot”"},
		{"bracket adds a negation", `"The Polish plant lets us deliver faster to [no] European customers," Berg said.`, Block, "reverses its meaning"},
		{"bracket that keeps the meaning is held", `"[Halvorsen's] customers are automating because they cannot find enough people," the chief executive said.`, Hold, "bracketed insertion"},
	}
	for _, tc := range tests {
		checkQuoteCase(t, tc.name, tc.quote, negationSource, tc.want, tc.msg)
	}
}

// TestQuotePronounByMention: a quotation attributed to "she" or "he" that
// no attribution before it resolves stands for the one quoted person the
// paragraph (or the one before) names; two people named, or only a word of
// the company's name, leave it unresolved (the words alone are checked).
func TestQuotePronounByMention(t *testing.T) {
	const polish = `"The Polish plant lets us deliver faster to our European customers," `
	tests := []struct {
		name, body string
		want       Severity
		msg        string
	}{
		{"names the other person", "Chief Executive Ingrid Halvorsen expects the plant to open on time. " + polish + "she said.", Block, "attributes it to Chief Financial Officer Tomas Berg"},
		{"names the speaker", "Chief Financial Officer Tomas Berg expects the plant to open on time. " + polish + "he said.", Info, ""},
		{"names the other person a paragraph before", "Ingrid Halvorsen expects the plant to open on time.\n\n" + polish + "she said.", Block, "attributes it to Chief Financial Officer Tomas Berg"},
		{"names both", "Ingrid Halvorsen and Tomas Berg visited the site. " + polish + "he said.", Info, ""},
		{"names only the company", "Halvorsen expects the plant to open on time. " + polish + "she said.", Info, ""},
		{"names no one", "The plant opens in March. " + polish + "she said.", Info, ""},
	}
	for _, tc := range tests {
		checkQuoteCase(t, tc.name, tc.body, negationSource, tc.want, tc.msg)
	}
}

// checkQuoteCase checks body, a paragraph of a draft checked against src,
// in a subtest: quote.verbatim's heaviest finding is want, and one of its
// messages holds msg (when not empty).
func checkQuoteCase(t *testing.T, name, body string, src source.Source, want Severity, msg string) {
	t.Run(name, func(t *testing.T) {
		rep, doc := check(t, "Headline\n\nLead.\n\n"+body, Market{}, src)
		fs := of(rep, "quote.verbatim")
		if got := worst(fs); got != want {
			t.Fatalf("severity %q, want %q%s", got, want, describeFindings(doc, fs))
		}
		if msg != "" && !strings.Contains(describeFindings(doc, fs), msg) {
			t.Errorf("no message contains %q%s", msg, describeFindings(doc, fs))
		}
	})
}

// TestQuoteInTitleCaseHeadline: a title-case headline capitalises its
// quotation's words; that is typography, a changed word is not.
func TestQuoteInTitleCaseHeadline(t *testing.T) {
	tests := []struct {
		headline string
		want     Severity
	}{
		{`Jassy: "We Expect to Keep Investing Heavily in Data Centers"`, Info},
		{`Jassy: 'We Expect to Keep Investing Heavily in Data Centers'`, Info},
		{`Jassy: "We Expect to Keep Investing Massively in Data Centers"`, Block},
		// not title case: only the first letter may change
		{`Jassy says "we Expect to keep investing heavily"`, Block},
	}
	for _, tc := range tests {
		rep, doc := check(t, tc.headline+"\n\nAmazon reported results on Thursday.\n\nAmazon keeps spending on AI.", Market{}, quoteSource)
		var fs []Finding
		for _, f := range of(rep, "quote.verbatim") {
			if f.DraftSpan[1] <= len(tc.headline) {
				fs = append(fs, f)
			}
		}
		if got := worst(fs); got != tc.want {
			t.Errorf("%s: worst severity %q, want %q%s", tc.headline, got, tc.want, describeFindings(doc, fs))
		}
	}
}

// TestQuoteStatementOffice: a company's statement may be quoted as the
// company's, or its office-holder's, but not as another office's.
func TestQuoteStatementOffice(t *testing.T) {
	src := source.Source{Name: "Quorvex", Kind: source.Statement, Text: `"Our backlog has never been larger," said Helena Marsh, president and chief executive officer of Quorvex. "Orders at this scale are exceptional," said Andrea Castellano, an analyst at Pereira & Lowe.`}
	tests := []struct {
		quote string
		want  Severity
	}{
		{`"Our backlog has never been larger," Quorvex said.`, Info},
		{`"Our backlog has never been larger," Quorvex's chief executive said.`, Info},
		{`"Our backlog has never been larger," Quorvex's chief financial officer said.`, Block},
		{`"Our backlog has never been larger," Quorvex CFO said.`, Block},
		{`Its chief executive says "our backlog has never been larger".`, Info},
		{`Its CFO says "our backlog has never been larger".`, Block},
		{`"Orders at this scale are exceptional," Quorvex said.`, Block},
		{`"Orders at this scale are exceptional," an analyst said.`, Info},
		{`"Orders at this scale are exceptional," the company said.`, Block},
		{`"Our backlog has never been larger," the company said.`, Info},
	}
	for _, tc := range tests {
		checkQuoteCase(t, tc.quote, tc.quote, src, tc.want, "")
	}
}
