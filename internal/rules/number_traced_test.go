package rules

import (
	"strings"
	"testing"

	"alphadesk/internal/source"
)

var figureSource = source.Source{Name: "Reuters", Text: `Amazon forecast second-quarter net sales between $194 billion and $199 billion on April 30, 2026.
AWS revenue grew 28.4% in the first quarter, and the backlog stood at $364 billion. Operating income was 28 percent higher.
The company employs 1,512 engineers in the unit and opened three new regions in 2025.
Its shares closed at $263.04. The Fed cut rates by 25 basis points. Retail margins fell 3% and the unit booked a loss of ($1.5 billion).
Results were released at 10:30 a.m. The stock trades at 2.5x sales.`}

func TestNumberTraced(t *testing.T) {
	market := Market{Price: ptr(263.04), DayChangePct: ptr(1.29), AlphaScore: ptr(54)}
	tests := []struct {
		name     string
		sentence string
		want     Severity // of the sentence's figure; "" when it has none
	}{
		// Unit normalisation.
		{"billion shorthand", "The backlog is $364B.", Info},
		{"billion word", "The backlog is $364 billion.", Info},
		{"bn", "The backlog is $364bn.", Info},
		{"thousands of millions", "The backlog is 364,000 million dollars.", Info},
		{"trillion", "The backlog is $0.364 trillion.", Info},
		{"currency prefix", "The backlog is US$364 billion.", Info},
		{"wrong currency", "The backlog is €364 billion.", Hold},
		{"wrong amount", "The backlog is $346 billion.", Hold},
		{"percent sign", "AWS grew 28%.", Info},
		{"percent word", "AWS grew 28 percent.", Info},
		{"per cent", "AWS grew 28 per cent.", Info},
		{"basis points as percentage points", "Rates fell 0.25 percentage points.", Info},
		{"basis points", "Rates were cut by 25bps.", Info},
		{"multiple", "It trades at 2.5x sales.", Info},

		// Ranges.
		{"shorthand range", "Sales of $194B-$199B.", Info},
		{"word range", "Sales of $194 billion to $199 billion.", Info},
		{"range with unit once", "Sales of $194–199 billion.", Info},
		{"between range", "Sales between $194 billion and $199 billion.", Info},
		{"range end", "Sales of up to $199 billion.", Info},
		{"wrong range end", "Sales of $194B-$201B.", Hold},

		// Rounding tolerance.
		{"rounded down to fewer digits", "AWS grew 28%.", Info},
		{"rounded to the next ten", "AWS grew 30%.", Hold},
		{"precision kept", "AWS grew 28.4 percent.", Info},
		{"invented precision", "AWS grew 28.5%.", Hold},
		{"cents dropped", "Shares closed at $263.", Info},
		{"cents wrong", "Shares closed at $263.40.", Hold},
		{"about rounds", "It employs about 1,500 engineers.", Info},
		{"exact 1,500 does not", "It employs 1,500 engineers.", Hold},
		{"more than", "It employs more than 1,500 engineers.", Info},
		{"less than", "It employs fewer than 1,500 engineers.", Hold},

		// Signs and directions.
		{"direction agrees", "Retail margins fell 3%.", Info},
		{"explicit sign agrees", "Retail margins: -3%.", Info},
		{"direction contradicts", "Retail margins rose 3%.", Hold},
		{"accounting negative as magnitude", "The unit lost $1.5 billion.", Info},

		// Market data.
		{"market price", "The stock is at $263.04.", Info},
		{"market day change", "Shares are up 1.29% today.", Info},
		{"market day change signed", "Shares: +1.29% today.", Info},
		{"market day change rounded", "Shares gained 1.3%.", Info},
		{"market day change wrong sign", "Shares are down 1.29% today.", Hold},
		{"market score", "It has an Alpha Score of 54/100.", Info},
		{"market score as plain number", "It has an Alpha Score of 54.", Info},
		{"wrong score", "It has an Alpha Score of 55/100.", Hold},

		// Dates, years, counts, times.
		{"date", "Results came on April 30, 2026.", Info},
		{"date day first", "Results came on 30 April 2026.", Info},
		{"date without year", "Results came on April 30.", Info},
		{"wrong day", "Results came on April 29, 2026.", Hold},
		{"year of a date", "The forecast was made in 2026.", Info},
		{"year", "It opened regions in 2025.", Info},
		{"wrong year", "It opened regions in 2024.", Hold},
		{"spelled count", "It opened three new regions.", Info},
		{"digit count for a spelled one", "It opened 3 new regions.", Info},
		{"wrong count", "It opened four new regions.", Hold},
		{"time", "Results were out at 10:30 a.m.", Info},

		// Not figures.
		{"quarters the source names", "Second-quarter and Q2 results; the first quarter.", Info},
		{"quarter the source does not name", "Third-quarter results.", Hold},
		{"half when the source names none", "First-half results.", ""},
		{"ordinal word", "The second unit.", ""},
		{"index name", "The S&P 500 rose.", ""},
		{"one and two", "One of two units grew.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantSentenceSeverity(t, "Amazon update\n\nAmazon reported results.\n\n"+tc.sentence, tc.sentence, "number.traced", tc.want, market, figureSource)
		})
	}
}

func TestNumberTracedMessages(t *testing.T) {
	rep, doc := check(t, "Amazon update\n\nAmazon reported results.\n\nAWS grew 30% and shares were up 1.29%.", Market{DayChangePct: ptr(1.29)}, figureSource)
	fs := of(rep, "number.traced")
	if len(fs) != 2 {
		t.Fatalf("%d findings, want 2%s", len(fs), describeFindings(doc, fs))
	}
	hold, info := fs[0], fs[1]
	if hold.Severity != Hold || !strings.Contains(hold.Message, "“30%”") || !strings.Contains(hold.Message, "nearest percent figure is “28.4%”") {
		t.Errorf("hold finding %+v, want one naming 30%% and the nearest 28.4%%", hold)
	}
	if got := doc.Text[hold.DraftSpan[0]:hold.DraftSpan[1]]; got != "30%" {
		t.Errorf("hold draft span %q, want 30%%", got)
	}
	if hold.SourceSpan == nil || figureSource.Text[hold.SourceSpan.Span[0]:hold.SourceSpan.Span[1]] != "28.4%" {
		t.Errorf("hold source span %+v, want the 28.4%% in the source", hold.SourceSpan)
	}
	if info.Severity != Info || !strings.Contains(info.Message, "market data day change") {
		t.Errorf("info finding %+v, want the market price match", info)
	}
	if rep.Decision != HoldFor {
		t.Errorf("decision %s, want hold", rep.Decision)
	}
}

// TestNumberTracedReadings: directions written after a percentage or as
// nouns, numbers that count things (only a source count traces them), and
// month-year dates against a source's full date.
func TestNumberTracedReadings(t *testing.T) {
	src := source.Source{Name: "Wire", Text: `Fuel costs were EUR 2.91 billion, 6% lower than a year earlier. Investment banking fees showed a 22% increase.
The board has 11 members, and four of them are new. Unemployment was 7.0%. Costs rose 61%.
Chief Executive Anil Malhotra, 58, joined in 2019. The notes mature on 11 November 2031; the fiscal year ends March 31, 2027.
In the trial 78.4% of patients responded, and 33.5% of them within a month. Net interest margin was 3.18%, up 7 basis points from the prior quarter and up 12 basis points from a year ago. Revenue rose 8% sequentially and 31% from a year earlier.
Dwell time fell to 21.3 hours from 23.9 hours. Deposit costs rose to 2.46% from 2.18%. The deal pays $175 million upfront and $50 million on approval.
The bank will close 47 of its 286 branches. Response was 42% on the drug and 14% on placebo.`}
	tests := []struct {
		name, sentence string
		want           Severity
	}{
		{"direction after agrees", "Fuel costs fell 6%.", Info},
		{"direction after contradicts", "Fuel costs rose 6%.", Hold},
		{"noun direction agrees", "Fees climbed 22%.", Info},
		{"noun direction contradicts", "Fees fell 22%.", Hold},
		{"direction after in the draft contradicts", "Fees showed a 22% drop.", Hold},
		{"noun before of agrees", "Fees showed an increase of 22%.", Info},
		{"noun before of contradicts", "Fees showed a decline of 22%.", Hold},
		{"count traced to a count", "Four members are new.", Info},
		{"count of a unit that only a percentage has", "Eight members dissented.", Hold},
		{"plain number may still match a percentage", "Unemployment was 7.", Info},
		{"age", "Malhotra, 58, leads the bank.", Info},
		{"age that only a percentage has", "Malhotra, 61, leads the bank.", Hold},
		{"month and year of a full date", "The notes mature in November 2031.", Info},
		{"month and year of a fiscal year end", "The fiscal year runs to March 2027.", Info},
		{"wrong month", "The notes mature in December 2031.", Hold},
		{"basis agrees", "The margin rose 7 basis points from the prior quarter.", Info},
		{"basis swapped", "The margin rose 7 basis points from a year earlier.", Hold},
		{"basis swapped, other figure", "The margin improved 12 basis points from the previous quarter.", Hold},
		{"quarter on quarter given as year on year", "Revenue rose 8% from a year earlier.", Hold},
		{"no basis given", "Revenue rose 8%.", Info},
		{"year on year agrees", "Revenue rose 31% year on year.", Info},
		{"ratio for a percentage", "Nearly four in five patients responded.", Info},
		{"ratio with a numerator that is no figure", "One in three responded within a month.", Info},
		{"ratio in digits", "About 4 out of 5 patients responded.", Info},
		{"ratio too far from the percentage", "One in five patients responded.", Hold},
		{"not a ratio", "Results came in five days.", Hold},
		{"difference of two figures of a sentence", "Dwell was cut by 2.6 hours.", Info},
		{"wrong difference", "Dwell was cut by 3.6 hours.", Hold},
		{"difference of percentages in points", "Deposit costs rose 28 basis points.", Info},
		{"difference of percentages in plain points", "Deposit costs rose 0.28 points.", Info},
		{"sum of two amounts", "The payments total $225 million.", Info},
		{"share of a count", "The bank will close one in six branches.", Info},
		{"ratio of two rates", "Response was three times the placebo rate.", Info},
		{"wrong ratio", "Response was four times the placebo rate.", Hold},
		{"plain number after basis points", "The margin gained 7 basis points, after 12 a year before.", Info},
		{"reporting period after final", "Fees rose 22% in the final three months of the year.", Info},
		{"length of a reporting period", "Fees rose 22% in the three months to September.", Info},
		{"months that are not a reporting period", "Fees rose 22% after 3 months of talks.", Hold},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantSentenceSeverity(t, "Update\n\nThe company reported.\n\n"+tc.sentence, tc.sentence, "number.traced", tc.want, Market{}, src)
		})
	}
}

// TestPeriods: quarters and halves the draft names against those the
// sources name.
func TestPeriods(t *testing.T) {
	report := "Northgate reported third-quarter profit of $1.84 billion for the first half."
	prior := report + " Its margin rose 7 basis points from the prior quarter."
	tests := []struct {
		name, src, sentence string
		want                Severity
	}{
		{"named quarter", report, "Profit in the third quarter was $1.84 billion.", Info},
		{"other form", report, "Q3 profit was $1.84 billion.", Info},
		{"wrong quarter", report, "Second-quarter profit was $1.84 billion.", Hold},
		{"prior quarter the sources compare with", prior, "The margin rose 7 basis points from the second quarter.", Info},
		{"quarter before without a comparison", report, "The margin was better than in the second quarter.", Hold},
		{"not the prior quarter", prior, "The margin rose 7 basis points from the first quarter.", Hold},
		{"named half", report, "First-half profit was $1.84 billion.", Info},
		{"wrong half", report, "Second-half profit was $1.84 billion.", Hold},
		{"half in the year the sources name", "Northgate expects first gold in the second half of 2027. " + report, "First gold is due in the second half of 2027.", Info},
		{"half in another year", "Northgate expects first gold in the second half of 2027 after a first half of 2026 of building. Profit was $1.84 billion.", "First gold is due in the first half of 2027.", Hold},
		{"half named without a year", report, "First-half 2026 profit was $1.84 billion.", Info},
		{"sources name no quarter", "Northgate reported profit of $1.84 billion.", "Q3 profit was $1.84 billion.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, doc := check(t, "Update\n\nNorthgate reported.\n\n"+tc.sentence, Market{}, source.Source{Name: "Wire", Text: tc.src})
			var periods []Finding
			for _, f := range of(rep, "number.traced") {
				if strings.HasPrefix(f.Message, "period ") {
					periods = append(periods, f)
				}
			}
			if got := worst(periods); got != tc.want {
				t.Errorf("severity %q, want %q%s", got, tc.want, describeFindings(doc, periods))
			}
		})
	}
}
