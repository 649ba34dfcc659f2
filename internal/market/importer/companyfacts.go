package importer

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"alphadesk/internal/market"
)

// xbrlAlt is one way to obtain a metric from XBRL tags: the sum of the
// values of every tag in all, plus, for each group in plus, the first of
// its tags reported for the same period in the same filing.
type xbrlAlt struct {
	all  []string
	plus [][]string
}

// xbrlRule lists a metric's alternatives in priority order. Tags are
// "taxonomy:Name".
type xbrlRule struct {
	metric market.Metric
	alts   []xbrlAlt
}

func tags(names ...string) []xbrlAlt {
	alts := make([]xbrlAlt, len(names))
	for i, n := range names {
		if !strings.Contains(n, ":") {
			n = "us-gaap:" + n
		}
		alts[i] = xbrlAlt{all: []string{n}}
	}
	return alts
}

// commercialPaper is added to long-term debt when a filing reports it for
// the same date. ShortTermBorrowings is not: filers use it for the current
// maturities of long-term debt too (Marvell does), which LongTermDebt
// already includes.
var commercialPaper = []string{"us-gaap:CommercialPaper"}

// xbrlRules maps us-gaap (and dei) tags to canonical metrics. Within a
// metric, earlier alternatives win when several report the same period in
// filings of the same day.
var xbrlRules = []xbrlRule{
	{market.Revenue, tags("RevenueFromContractWithCustomerExcludingAssessedTax", "Revenues", "SalesRevenueNet",
		"RevenueFromContractWithCustomerIncludingAssessedTax", "SalesRevenueGoodsNet")},
	{market.CostOfRevenue, tags("CostOfRevenue", "CostOfGoodsAndServicesSold", "CostOfGoodsSold")},
	{market.GrossProfit, tags("GrossProfit")},
	{market.OperatingIncome, tags("OperatingIncomeLoss")},
	{market.NetIncome, tags("NetIncomeLoss", "ProfitLoss")},
	{market.TotalAssets, tags("Assets")},
	{market.TotalEquity, tags("StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest")},
	// Total debt: long-term debt including its current portion, plus
	// commercial paper.
	{market.TotalDebt, []xbrlAlt{
		{all: []string{"us-gaap:LongTermDebt"}, plus: [][]string{commercialPaper}},
		{all: []string{"us-gaap:LongTermDebtNoncurrent", "us-gaap:DebtCurrent"}},
		{all: []string{"us-gaap:LongTermDebtNoncurrent"}, plus: [][]string{{"us-gaap:LongTermDebtCurrent"}, commercialPaper}},
	}},
	{market.SharesOutstanding, tags("dei:EntityCommonStockSharesOutstanding", "CommonStockSharesOutstanding")},
	{market.EPSDiluted, tags("EarningsPerShareDiluted", "EarningsPerShareBasicAndDiluted")},
	{market.DividendsPerShare, tags("CommonStockDividendsPerShareDeclared", "CommonStockDividendsPerShareCashPaid")},
	{market.DividendsPaid, tags("PaymentsOfDividends", "PaymentsOfDividendsCommonStock")},
	{market.OperatingCashFlow, tags("NetCashProvidedByUsedInOperatingActivities", "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations")},
	// Payments are positive outflows in XBRL, as alphadesk stores capex.
	{market.CapitalExpend, tags("PaymentsToAcquirePropertyPlantAndEquipment", "PaymentsToAcquireProductiveAssets")},
}

// xbrlTags maps each tag any rule uses to the metrics it serves.
var xbrlTags = func() map[string][]market.Metric {
	m := map[string][]market.Metric{}
	add := func(tag string, metric market.Metric) {
		if !slices.Contains(m[tag], metric) {
			m[tag] = append(m[tag], metric)
		}
	}
	for _, r := range xbrlRules {
		for _, a := range r.alts {
			for _, t := range a.all {
				add(t, r.metric)
			}
			for _, g := range a.plus {
				for _, t := range g {
					add(t, r.metric)
				}
			}
		}
	}
	return m
}()

// xbrlForms are the periodic reports whose facts are kept; 8-K exhibits,
// registration statements and proxies are not.
var xbrlForms = map[string]bool{
	"10-K": true, "10-K/A": true, "10-Q": true, "10-Q/A": true,
	"20-F": true, "20-F/A": true, "40-F": true, "40-F/A": true,
	"10-KT": true, "10-KT/A": true, "10-QT": true, "10-QT/A": true,
}

// Durations, in days counted inclusively, that make a flow value a quarter
// or a year (52/53-week years included). Six- and nine-month year-to-date
// values fall between and are dropped: they would double count.
const (
	minQuarterDays = 84
	maxQuarterDays = 100
	minYearDays    = 350
	maxYearDays    = 380
)

// xbrlValue is one element of a companyfacts units array.
type xbrlValue struct {
	Start string  `json:"start"`
	End   string  `json:"end"`
	Val   float64 `json:"val"`
	Accn  string  `json:"accn"`
	FY    int     `json:"fy"`
	FP    string  `json:"fp"`
	Form  string  `json:"form"`
	Filed string  `json:"filed"`
}

// xfact is a kept XBRL value, parsed.
type xfact struct {
	tag, unit, accn, fp, form string
	start, end, filed         time.Time
	val                       float64
	fy                        int
	record                    int
	annual                    bool
}

// companyFacts collects the values of mapped tags, then resolves them.
type companyFacts struct {
	p      *parser
	cik    int64
	entity string
	facts  []xfact
}

func parseCompanyFacts(p *parser) error {
	c := &companyFacts{p: p}
	dec := json.NewDecoder(p.in)
	if err := expectDelim(dec, '{'); err != nil {
		return p.jsonErr(0, err)
	}
	record := 0
	sawFacts := false
	for dec.More() {
		key, err := jsonKey(dec)
		if err != nil {
			return p.jsonErr(record, err)
		}
		switch key {
		case "cik":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return p.jsonErr(record, err)
			}
			if c.cik, err = parseCIK(string(raw)); err != nil {
				return fmt.Errorf("%s: %w", p.file, err)
			}
		case "entityName":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return p.jsonErr(record, err)
			}
			c.entity, _ = jsonString(raw)
		case "facts":
			sawFacts = true
			if err := c.walkFacts(dec, &record); err != nil {
				return err
			}
		default:
			if err := skipValue(dec); err != nil {
				return p.jsonErr(record, err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return p.jsonErr(record, err)
	}
	if !sawFacts {
		return fmt.Errorf("%s: no \"facts\": not an SEC companyfacts document", p.file)
	}
	sym, err := c.symbol()
	if err != nil {
		return err
	}
	return c.emit(sym)
}

// symbol resolves the file's company to a symbol.
func (c *companyFacts) symbol() (string, error) {
	if c.p.opts.Symbol != "" {
		sym, _, err := market.NormalizeSymbol(c.p.opts.Symbol)
		if err != nil {
			return "", fmt.Errorf("%s: --symbol: %w", c.p.file, err)
		}
		return sym, nil
	}
	if c.cik <= 0 {
		return "", fmt.Errorf("%s: the document has no \"cik\": pass --symbol", c.p.file)
	}
	if c.p.opts.CIKSymbol != nil {
		if sym, ok := c.p.opts.CIKSymbol(c.cik); ok {
			return sym, nil
		}
	}
	name := ""
	if c.entity != "" {
		name = " (" + c.entity + ")"
	}
	return "", fmt.Errorf("%s: CIK %d%s is not in the securities master: import securities first (alphadesk import securities company_tickers.json) or pass --symbol",
		c.p.file, c.cik, name)
}

// walkFacts streams {"taxonomy":{"Concept":{"label":…,"units":{"USD":[…]}}}}
// and collects the values of mapped tags. record counts every value in
// document order, mapped or not, so row errors point at one.
func (c *companyFacts) walkFacts(dec *json.Decoder, record *int) error {
	p := c.p
	fail := func(err error) error { return p.jsonErr(*record, err) }
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	for dec.More() {
		taxonomy, err := jsonKey(dec)
		if err != nil {
			return fail(err)
		}
		if err := expectDelim(dec, '{'); err != nil {
			return fail(err)
		}
		for dec.More() {
			concept, err := jsonKey(dec)
			if err != nil {
				return fail(err)
			}
			tag := taxonomy + ":" + concept
			metrics := xbrlTags[tag]
			if err := expectDelim(dec, '{'); err != nil {
				return fail(err)
			}
			for dec.More() {
				field, err := jsonKey(dec)
				if err != nil {
					return fail(err)
				}
				if field != "units" {
					if err := skipValue(dec); err != nil {
						return fail(err)
					}
					continue
				}
				if err := expectDelim(dec, '{'); err != nil {
					return fail(err)
				}
				for dec.More() {
					unit, err := jsonKey(dec)
					if err != nil {
						return fail(err)
					}
					if err := expectDelim(dec, '['); err != nil {
						return fail(err)
					}
					for dec.More() {
						*record++
						if err := p.tick(); err != nil {
							return err
						}
						var raw json.RawMessage
						if err := dec.Decode(&raw); err != nil {
							return fail(err)
						}
						if len(metrics) > 0 {
							if err := c.collect(*record, tag, unit, metrics, raw); err != nil {
								return err
							}
						}
					}
					if err := expectDelim(dec, ']'); err != nil {
						return fail(err)
					}
				}
				if err := expectDelim(dec, '}'); err != nil {
					return fail(err)
				}
			}
			if err := expectDelim(dec, '}'); err != nil {
				return fail(err)
			}
		}
		if err := expectDelim(dec, '}'); err != nil {
			return fail(err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fail(err)
	}
	return nil
}

// collect parses one value of a mapped tag and keeps it when its form,
// unit and duration suit the metric.
func (c *companyFacts) collect(record int, tag, unit string, metrics []market.Metric, raw json.RawMessage) error {
	p := c.p
	var v xbrlValue
	if err := json.Unmarshal(raw, &v); err != nil {
		return p.bad(record, "%s (%s): %v", tag, unit, err)
	}
	if !xbrlForms[v.Form] {
		p.sink.Skip("XBRL value from a form other than 10-K, 10-Q, 20-F, 40-F")
		return nil
	}
	if !unitFits(metrics[0], unit) {
		p.sink.Skip("XBRL value in an unexpected unit")
		return nil
	}
	x := xfact{tag: tag, unit: unit, accn: v.Accn, fp: v.FP, form: v.Form, val: v.Val, fy: v.FY, record: record}
	var err error
	if x.end, err = parseDate(v.End); err != nil {
		return p.bad(record, "%s (%s) end: %v", tag, unit, err)
	}
	if x.filed, err = parseDate(v.Filed); err != nil {
		return p.bad(record, "%s (%s) filed: %v", tag, unit, err)
	}
	instant := metrics[0].Instant()
	if v.Start == "" {
		if !instant {
			p.sink.Skip("XBRL flow value without a start date")
			return nil
		}
	} else {
		if instant {
			p.sink.Skip("XBRL balance value with a duration")
			return nil
		}
		if x.start, err = parseDate(v.Start); err != nil {
			return p.bad(record, "%s (%s) start: %v", tag, unit, err)
		}
		days := int(x.end.Sub(x.start).Hours()/24) + 1
		switch {
		case days >= minYearDays && days <= maxYearDays:
			x.annual = true
		case days >= minQuarterDays && days <= maxQuarterDays:
		default:
			p.sink.Skip("XBRL year-to-date or other non-quarter, non-annual value")
			return nil
		}
	}
	c.facts = append(c.facts, x)
	return nil
}

// unitFits reports whether unit suits m: a currency code for money, a
// currency per share for per-share figures, shares for share counts.
func unitFits(m market.Metric, unit string) bool {
	switch m {
	case market.SharesOutstanding:
		return unit == "shares"
	case market.EPSDiluted, market.DividendsPerShare:
		cur, ok := strings.CutSuffix(unit, "/shares")
		return ok && isCurrency(cur)
	}
	return isCurrency(unit)
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// xkey identifies a value of one tag in one filing.
type xkey struct {
	tag, unit, accn string
	start, end      time.Time
}

// candidate is a possible fact for a metric before deduplication.
type candidate struct {
	x        xfact
	priority int
}

// emit resolves the collected values into facts: it combines summed tags,
// keeps the highest-priority alternative per metric, period and filing
// date, labels fiscal periods and hands each fact to the sink.
func (c *companyFacts) emit(sym string) error {
	p := c.p
	// One tag may list several values for one period of one filing:
	// dual-class registrants give a cover-page share count per class.
	// Share counts are added; for anything else the first value stands.
	index := make(map[xkey]int, len(c.facts))
	byTag := map[string][]int{}
	var kept []xfact
	for _, x := range c.facts {
		k := xkey{x.tag, x.unit, x.accn, x.start, x.end}
		if i, ok := index[k]; ok {
			if kept[i].val != x.val && xbrlTags[x.tag][0] == market.SharesOutstanding {
				kept[i].val += x.val
			}
			continue
		}
		index[k] = len(kept)
		byTag[x.tag] = append(byTag[x.tag], len(kept))
		kept = append(kept, x)
	}
	filingEnd := map[string]time.Time{}
	for _, x := range kept {
		if !x.start.IsZero() && x.end.After(filingEnd[x.accn]) {
			filingEnd[x.accn] = x.end
		}
	}

	var out []market.Fact
	var rows []int
	for _, rule := range xbrlRules {
		var cands []candidate
		for pri, alt := range rule.alts {
			for _, i := range byTag[alt.all[0]] {
				x, ok := combine(kept[i], alt, kept, index)
				if ok {
					cands = append(cands, candidate{x, pri})
				}
			}
		}
		// Best first: priority, then a USD value over another currency,
		// then the later filing (an amendment of the same day).
		slices.SortStableFunc(cands, func(a, b candidate) int {
			return cmp.Or(
				cmp.Compare(a.priority, b.priority),
				cmp.Compare(unitRank(a.x.unit), unitRank(b.x.unit)),
				strings.Compare(b.x.accn, a.x.accn),
			)
		})
		type period struct{ start, end, filed time.Time }
		seen := map[period]bool{}
		for _, cand := range cands {
			x := cand.x
			k := period{x.start, x.end, x.filed}
			if seen[k] {
				p.sink.Skip("XBRL value superseded by a preferred tag for the same period and filing date")
				continue
			}
			seen[k] = true
			f := market.Fact{
				Symbol:      sym,
				Metric:      rule.metric,
				PeriodStart: x.start,
				PeriodEnd:   x.end,
				Filed:       x.filed,
				Value:       x.val,
				Unit:        x.unit,
				Form:        x.form,
				Source:      p.format.Source,
			}
			f.FiscalYear, f.FiscalPeriod = fiscalLabel(x, filingEnd[x.accn], rule.metric.Instant())
			if f.Filed.Before(f.PeriodEnd) {
				// A dividend declared for a quarter that has not ended yet.
				p.sink.Skip("XBRL value for a period ending after its filing date")
				continue
			}
			if err := f.Validate(); err != nil {
				if err := p.bad(x.record, "%s (%s) accession %s: %v", x.tag, x.unit, x.accn, err); err != nil {
					return err
				}
				continue
			}
			out = append(out, f)
			rows = append(rows, x.record)
		}
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	metricRank := func(m market.Metric) int { return slices.Index(market.Metrics, m) }
	slices.SortFunc(order, func(a, b int) int {
		fa, fb := out[a], out[b]
		return cmp.Or(
			cmp.Compare(metricRank(fa.Metric), metricRank(fb.Metric)),
			fa.PeriodEnd.Compare(fb.PeriodEnd),
			fa.PeriodStart.Compare(fb.PeriodStart),
			fa.Filed.Compare(fb.Filed),
		)
	})
	for _, i := range order {
		if err := p.sink.Facts(rows[i], []market.Fact{out[i]}); err != nil {
			return err
		}
	}
	return nil
}

// combine builds the value of alternative alt starting from first, a value
// of alt.all[0]: every other tag in all must be reported for the same
// period, unit and filing, and each plus group adds its first tag that is.
func combine(first xfact, alt xbrlAlt, kept []xfact, index map[xkey]int) (xfact, bool) {
	x := first
	x.tag = strings.Join(alt.all, "+")
	for _, t := range alt.all[1:] {
		i, ok := index[xkey{t, first.unit, first.accn, first.start, first.end}]
		if !ok {
			return xfact{}, false
		}
		x.val += kept[i].val
	}
	for _, group := range alt.plus {
		for _, t := range group {
			if i, ok := index[xkey{t, first.unit, first.accn, first.start, first.end}]; ok {
				x.val += kept[i].val
				x.tag += "+" + t
				break
			}
		}
	}
	return x, true
}

func unitRank(u string) int {
	if u == "USD" || u == "USD/shares" || u == "shares" {
		return 0
	}
	return 1
}

// fiscalLabel returns the fiscal year and period of the value itself.
//
// The SEC's fy and fp describe the filing a value appears in, not the
// value: the FY2025 10-K labels its FY2024 comparatives fy=2025, fp=FY.
// The filing's own period ends at filingEnd (its latest flow value); the
// value's fiscal quarter is the filing's, less the whole quarters between
// the value's end and filingEnd. Annual flows and balances at a fiscal
// year end are labelled "FY", quarters "Q1".."Q4". Without a usable fy/fp
// the filing's labels are kept as they are.
func fiscalLabel(x xfact, filingEnd time.Time, instant bool) (int, string) {
	q := 0
	switch x.fp {
	case "FY":
		q = 4
	case "Q1", "Q2", "Q3", "Q4":
		q = int(x.fp[1] - '0')
	}
	if x.fy <= 0 || q == 0 || filingEnd.IsZero() {
		if x.annual {
			return x.fy, "FY"
		}
		return x.fy, x.fp
	}
	days := filingEnd.Sub(x.end).Hours() / 24
	// Cover-page share counts are dated after the period they report on.
	days = max(days, 0)
	idx := x.fy*4 + q - 1 - int(math.Round(days/(365.25/4)))
	fy, fq := idx/4, idx%4+1
	if x.annual || (instant && fq == 4) {
		return fy, "FY"
	}
	return fy, "Q" + strconv.Itoa(fq)
}
