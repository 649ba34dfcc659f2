package sentiment

import (
	"strings"
	"testing"
)

// ruleCase is one sentence with the label it must get and, optionally, a
// cue (as Cue.String renders it) that must be among its cues.
type ruleCase struct {
	name string
	text string
	want Label
	cue  string
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	m := newModel(t, Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := m.Sentence(tc.text)
			if s.Label != tc.want {
				t.Errorf("%q: got %s (%.3f) %v, want %s", tc.text, s.Label, s.Score, cueStrings(s.Cues), tc.want)
			}
			if tc.cue != "" && !hasCue(s.Cues, tc.cue) {
				t.Errorf("%q: cues %v, want one %q", tc.text, cueStrings(s.Cues), tc.cue)
			}
		})
	}
}

func hasCue(cues []Cue, want string) bool {
	for _, c := range cues {
		if c.String() == want {
			return true
		}
	}
	return false
}

func TestDirectionRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"profit rose", "Operating profit rose to EUR 13.1 mn.", Positive, "operating profit rose"},
		{"profit fell", "Operating profit fell to EUR 3.1 mn.", Negative, "operating profit fell"},
		{"profit did not fall", "Operating profit did not fall in the quarter.", Positive, "not: operating profit fall"},
		{"revenue beat", "Quarterly revenue beat the consensus estimate.", Positive, ""},
		{"revenue missed", "Quarterly revenue missed the consensus estimate.", Negative, "missed consensus estimate"},
		{"did not miss", "The company did not miss its profit target.", Positive, ""},
		{"raised guidance", "The company raised its full-year guidance.", Positive, "raised guidance"},
		{"cut guidance", "The company cut its full-year guidance.", Negative, "cut guidance"},
		{"did not cut guidance", "The company did not cut its guidance.", Positive, ""},
		{"cut costs is good", "The group cut costs by EUR 20 mn.", Positive, "cut costs"},
		{"costs rose is bad", "Personnel costs rose by 12 %.", Negative, "personnel costs rose"},
		{"loss narrowed", "The net loss narrowed to EUR 2 mn.", Positive, "net loss narrowed"},
		{"loss widened", "The net loss widened to EUR 9 mn.", Negative, "net loss widened"},
		{"margin narrowed", "The operating margin narrowed to 4 %.", Negative, "operating margin narrowed"},
		{"margin widened", "The operating margin widened to 9 %.", Positive, "operating margin widened"},
		{"raised dividend", "The board raised the dividend to EUR 0.60.", Positive, "raised dividend"},
		{"cut dividend", "The board cut the dividend to EUR 0.10.", Negative, "cut dividend"},
		{"increase in noun", "The report showed an increase in net sales.", Positive, "increase net sales"},
		{"decline in noun", "The report showed a decline in net sales.", Negative, "decline net sales"},
		{"higher costs", "Results suffered from higher costs.", Negative, "higher costs"},
		{"lower costs", "Results benefited from lower costs.", Positive, "lower costs"},
		{"compound head", "Analysts raised their sales forecast for the group.", Positive, "raised sales forecast"},
		{"signed change", "Net sales EUR 50.2 mn (+12 %).", Positive, "net sales +%"},
		{"unpaired move with figure", "Nordvik rose 4.2 % in Helsinki trading.", Positive, "rose"},
		{"unpaired move without figure is weak", "The crane has a lifting arm.", Neutral, ""},
		{"fig-only word needs a figure", "The firm markets advanced composite products.", Neutral, ""},
		{"fig-only word with figure", "Like-for-like sales advanced 4.1 %.", Positive, ""},
		{"comparative after figure", "Net profit was 36 % more than in 2004.", Positive, ""},
		{"comparative quantity", "The company has more than 400 stores.", Neutral, ""},
		{"raise money is not a direction", "The share issue aims to raise more than EUR 500 million.", Neutral, ""},
		{"facility closed", "The group will close its sawmill in Kemi.", Negative, "close sawmill"},
		{"facility opened", "The retailer opened two new stores in Riga.", Positive, "opened stores"},
		{"facility does not take other verbs", "The office space will rise above the station.", Neutral, ""},
		{"won an order", "Nordvik won an order worth EUR 12 mn.", Positive, "won order"},
		{"lost a contract", "The company lost a major contract.", Negative, "lost contract"},
		{"qualifier is not the subject", "Operating profit excluding restructuring costs grew to EUR 44 mn.", Positive, "operating profit grew"},
	})
}

func TestComparisonRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"compared with, up", "Operating profit totalled EUR 4.6 mn, compared with EUR 2.9 mn.", Positive, "operating profit 4.6M vs 2.9M"},
		{"compared with, down", "Operating profit totalled EUR 2.9 mn, compared with EUR 4.6 mn.", Negative, "operating profit 2.9M vs 4.6M"},
		{"parenthesis, up", "Earnings per share were EUR 0.42 (EUR 0.31).", Positive, "earnings per share 0.42 vs 0.31"},
		{"parenthesis, down", "Earnings per share were EUR 0.08 (EUR 0.35).", Negative, ""},
		{"two comparisons", "Operating profit was EUR 7.2 mn (EUR 5.8 mn) and net sales EUR 64.0 mn (EUR 59.5 mn).", Positive, "net sales 64M vs 59.5M"},
		{"scales differ", "Turnover totalled EUR 1.05 bn, compared with EUR 912 mn.", Positive, "turnover 1.05B vs 912M"},
		{"loss compared with loss", "The net loss was EUR 2 mn, compared with a loss of EUR 5 mn.", Positive, ""},
		{"loss compared with profit", "The company posted an operating loss of EUR 4.2 mn, compared with a profit of EUR 3.6 mn.", Negative, ""},
		{"profit compared with loss", "Net profit was EUR 1.7 mn compared to a net loss of EUR 1.3 mn.", Positive, ""},
		{"down from a profit is a swing", "Operating loss totalled EUR 0.9 mn, down from a profit of EUR 2.7 mn.", Negative, "down to operating loss"},
		{"up from a loss is a swing", "Net profit was EUR 1.2 mn, up from a loss of EUR 0.4 mn.", Positive, ""},
		{"negative earlier figure", "Cash flow was positive at EUR 5.1 mn, compared with negative EUR 2.3 mn.", Positive, ""},
		{"metric after the figure", "The board proposed a 1.00 eur dividend, compared with 0.90 eur a year ago.", Positive, ""},
		{"currency conversion is not a comparison", "The price is EUR 30 million ( USD 38.7 m ).", Neutral, ""},
		{"note in parenthesis is not a comparison", "Capacity will be 320,000 tons ( 350,000 short tons ).", Neutral, ""},
		{"year is not a figure", "Net sales totalled EUR 10 mn compared with 2007.", Neutral, ""},
		{"unchanged", "Operating profit was EUR 5.0 mn (EUR 5.0 mn).", Neutral, ""},
		{"pre-tokenised figures", "Net profit rose to EUR10 .5 m from EUR8 .1 m .", Positive, ""},
		{"glued figures compared", "Earnings per share amounted to EUR0 .29 , compared with EUR0 .40 .", Negative, "earnings per share 0.29 vs 0.4"},
		{"swing verb", "Kalmar swung to an operating profit of EUR 1.9 mn from a loss of EUR 0.6 mn.", Positive, "swung to operating profit"},
		{"swing into loss", "Write-downs pushed the company into a loss.", Negative, "pushed to loss"},
		{"fell to a loss", "The operating result fell to a loss of EUR 2.7 mn.", Negative, "fell to loss"},
		{"did not swing", "The unit did not return to profitability.", Negative, ""},
	})
}

func TestNegationAndHedges(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"no layoffs", "There will be no layoffs at the plant.", Positive, "not: layoffs"},
		{"layoffs", "There will be layoffs at the plant.", Negative, "layoffs"},
		{"no dividend", "The board proposes that no dividend be paid.", Negative, "no dividend"},
		{"failed to", "The company failed to secure financing for the project.", Negative, "failed to"},
		{"back negation", "The expected recovery in demand did not materialise.", Negative, ""},
		{"scope ends at comma", "Sales rose 5 %, and the company did not comment.", Positive, ""},
		{"not only is not negation", "Not only sales but also profit rose.", Positive, ""},
		{"may hedges", "Sales may improve next year.", Neutral, ""},
		{"could hedges bad news", "The company could lose some customers.", Neutral, ""},
		{"May the month is not a hedge", "On 8 May 2009 the company said its net loss narrowed.", Positive, ""},
		{"expects is not a hedge", "The company expects net sales to decrease in 2009.", Negative, ""},
		{"question is hedged", "Will operating profit improve?", Neutral, ""},
		{"concession weighs less", "Despite weak markets, operating profit rose to EUR 5.3 mn.", Positive, ""},
		{"concession weighs less, bad", "Despite higher sales, operating profit fell to EUR 1.2 mn.", Negative, ""},
		{"but weighs more", "Net sales rose slightly, but operating profit decreased by 27 %.", Negative, ""},
		{"while is a plain boundary", "Net sales decreased, while operating profit increased.", Neutral, ""},
	})
}

func TestAnalystRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"upgrade", "Analysts upgraded Nordvik to buy from hold.", Positive, "upgraded"},
		{"downgrade", "Analysts downgraded Nordvik to sell from hold.", Negative, "downgraded"},
		{"downgrade to hold", "The broker downgraded the shares to hold from buy.", Negative, ""},
		{"not downgraded", "The broker has not downgraded the shares.", Positive, ""},
		{"initiate with overweight", "Morgan Stanley initiated coverage with an overweight rating.", Positive, "overweight"},
		{"initiate with underweight", "Barclays initiated coverage with an underweight rating.", Negative, "underweight"},
		{"initiate with neutral", "JPMorgan initiated coverage with a neutral rating.", Neutral, ""},
		{"reiterate buy", "The broker reiterated its buy recommendation.", Positive, "buy"},
		{"reiterate sell", "The broker reiterated its sell recommendation.", Negative, "sell"},
		{"raised price target", "Goldman Sachs raised its price target to $85 from $70.", Positive, "raised price target"},
		{"cut price target", "UBS cut its price target on the stock to EUR 9 from EUR 13.", Negative, "cut price target"},
		{"buy outside analyst context", "Solberg agreed to buy the Danish company.", Neutral, ""},
		{"upgraded outside analyst context", "The mine produces upgraded iron ore products.", Neutral, ""},
		{"credit rating cut", "S&P lowered the company's credit rating to BB+.", Negative, "lowered credit rating"},
	})
}

func TestWordRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"profit warning", "The group issued a profit warning on Monday.", Negative, "profit warning"},
		{"bankruptcy", "The retailer filed for bankruptcy protection.", Negative, "bankruptcy"},
		{"record sales", "Lindqvist reported record sales for the quarter.", Positive, "record sales"},
		{"record loss", "The airline reported a record loss for the year.", Negative, ""},
		{"record date is neutral", "The record date for the dividend is 14 March.", Neutral, ""},
		{"strong demand", "Demand remained strong throughout the year.", Positive, "demand strong"},
		{"strong competition", "Competition remained strong in all markets.", Negative, "competition strong"},
		{"weak demand", "Weak demand hurt the paper division.", Negative, ""},
		{"weak currency is neutral", "The weak krona was discussed at the meeting.", Neutral, ""},
		{"solid fuel is not solid results", "The solid fuel is heated before use.", Neutral, ""},
		{"net loss alone", "The net loss for the period was EUR 21.3 mn.", Negative, "net loss for the period"},
		{"profit alone is neutral", "Operating profit totalled EUR 12.0 mn.", Neutral, ""},
		{"negative figure", "Cash flow from operating activities was negative EUR 12 mn.", Negative, ""},
		{"negative margin", "Reported operating margin was a negative 5.9 %.", Negative, ""},
		{"growth with a figure", "Organic growth was 6 % in the quarter.", Positive, ""},
		{"growth markets are neutral", "The phones are aimed at growth markets.", Neutral, ""},
		{"construction concern is a company", "SRV is a Finnish construction concern.", Neutral, ""},
		{"layoff talks", "The company started co-operation negotiations at its Oulu plant.", Negative, ""},
		{"positive impact", "The deal will have a positive impact on earnings.", Positive, ""},
		{"negative impact", "The strike had a negative impact on earnings.", Negative, ""},
	})
}

func TestNeutralFinanceTerms(t *testing.T) {
	// Words a general-purpose sentiment list scores, which are ordinary
	// financial vocabulary.
	runRuleCases(t, []ruleCase{
		{"liability", "Deferred tax liabilities are shown separately.", Neutral, ""},
		{"product liability", "The company carries product liability insurance.", Neutral, ""},
		{"cost of goods sold", "The cost of goods sold includes freight.", Neutral, ""},
		{"tax", "Income taxes for the period were EUR 1.2 mn.", Neutral, ""},
		{"capital", "Capital expenditure is estimated at EUR 20 mn.", Neutral, ""},
		{"debt alone", "The debt matures in 2015 and carries a floating rate.", Neutral, ""},
		{"risk management", "Risk management is the responsibility of the board.", Neutral, ""},
		{"depreciation", "Depreciation is calculated on a straight-line basis.", Neutral, ""},
		{"charges", "Charges are recognised when incurred.", Neutral, ""},
		{"stake", "The company increased its holding in Harjula to 12.5 %.", Neutral, ""},
		{"share count", "The number of shares rose to 35.6 million after the share issue.", Neutral, ""},
		{"in line", "Operating profit was in line with expectations.", Neutral, ""},
	})
}

// TestCueOffsets checks that every cue points at its words.
func TestCueOffsets(t *testing.T) {
	m := newModel(t, Options{})
	text := "Operating profit rose to EUR 13.1 mn, but the company issued a profit warning."
	s := m.Sentence(text)
	want := map[string]string{
		"operating profit rose": "Operating profit rose",
		"profit warning":        "profit warning",
	}
	for _, c := range s.Cues {
		if w, ok := want[c.String()]; ok {
			if got := text[c.Start:c.End]; got != w {
				t.Errorf("cue %q covers %q, want %q", c, got, w)
			}
			delete(want, c.String())
		}
	}
	for k := range want {
		t.Errorf("missing cue %q in %v", k, cueStrings(s.Cues))
	}
	for _, c := range s.Cues {
		if !strings.Contains(strings.ToLower(text[c.Start:c.End]), strings.Fields(c.Word)[0]) {
			t.Errorf("cue %q span %q does not contain its word", c, text[c.Start:c.End])
		}
	}
}
