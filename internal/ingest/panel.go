package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/score"
	"alphadesk/internal/store"
)

// ErrNoPrices is returned by LoadPanel when the store holds no prices in the
// requested range, so there is nothing to score.
var ErrNoPrices = errors.New("no prices to score")

// PanelOptions select what LoadPanel reads.
type PanelOptions struct {
	// From and To bound the bars read (zero: open).
	From, To time.Time
	// LookbackMonths, when positive, keeps only the trading days within that
	// many calendar months of the latest one (momentum reads 15).
	LookbackMonths int
	// Sentiment is the story sentiment toward each company.
	Sentiment []score.Observation
}

// PanelStats describes what LoadPanel found.
type PanelStats struct {
	Securities, Bars, Facts int
	Splits                  []score.InferredSplit
	// Sentiment observations used, of unknown symbols, and dated outside
	// the price calendar.
	Sentiment, SentimentUnknown, SentimentOutside int
}

// LoadPanel reads every non-ETF security in st with its closes, all its
// facts (restated to the adjusted prices' share basis) and the given
// sentiment into a sealed scoring panel. It is the one place scoring reads
// the store, for the score command and the rescore stage alike.
func LoadPanel(ctx context.Context, st store.Store, o PanelOptions) (*score.Panel, PanelStats, error) {
	var stats PanelStats
	all, err := st.Securities(ctx, store.SecurityFilter{})
	if err != nil {
		return nil, stats, fmt.Errorf("load panel: %w", err)
	}
	var secs []score.Security
	col := map[string]int{}
	for _, s := range all {
		if s.ETF {
			continue
		}
		col[s.Symbol] = len(secs)
		secs = append(secs, score.Security{Symbol: s.Symbol, Sector: s.Sector})
	}
	stats.Securities = len(secs)
	// Bars are kept compact (day numbers, not time.Time) while the calendar
	// is still unknown: a full price history is millions of rows.
	type cell struct {
		col, day int32
		close    float64
	}
	var cells []cell
	days := map[int32]bool{}
	err = st.EachBar(ctx, nil, o.From, o.To, func(b market.Bar) error {
		if i, ok := col[b.Symbol]; ok {
			d := int32(b.Date.Unix() / 86400)
			days[d] = true
			cells = append(cells, cell{int32(i), d, b.Close})
		}
		return nil
	})
	if err != nil {
		return nil, stats, fmt.Errorf("load panel: read prices: %w", err)
	}
	if len(days) == 0 {
		return nil, stats, ErrNoPrices
	}
	nums := make([]int32, 0, len(days))
	for d := range days {
		nums = append(nums, d)
	}
	slices.Sort(nums)
	cal := make([]time.Time, len(nums))
	for t, d := range nums {
		cal[t] = time.Unix(int64(d)*86400, 0).UTC()
	}
	if o.LookbackMonths > 0 {
		from := cal[len(cal)-1].AddDate(0, -o.LookbackMonths, 0)
		first, _ := slices.BinarySearchFunc(cal, from, func(a, b time.Time) int { return a.Compare(b) })
		cal = cal[first:]
		nums = nums[first:]
	}
	p, err := score.NewPanel(secs, cal)
	if err != nil {
		return nil, stats, fmt.Errorf("load panel: %w", err)
	}
	index := make(map[int32]int, len(nums))
	for t, d := range nums {
		index[d] = t
	}
	for _, c := range cells {
		if t, ok := index[c.day]; ok {
			p.SetClose(int(c.col), t, c.close)
			stats.Bars++
		}
	}
	cells = nil
	// Every fact is loaded, whatever the date scored: the panel uses each
	// from its filing date on, and share-basis restatement needs the later
	// reports to undo the later splits already in the adjusted prices.
	facts := make([][]market.Fact, len(secs))
	err = st.EachFact(ctx, nil, time.Time{}, func(f market.Fact) error {
		if i, ok := col[f.Symbol]; ok {
			facts[i] = append(facts[i], f)
			stats.Facts++
		}
		return nil
	})
	if err != nil {
		return nil, stats, fmt.Errorf("load panel: read fundamentals: %w", err)
	}
	for i, fs := range facts {
		restated, splits := score.RestateShareBasis(fs)
		stats.Splits = append(stats.Splits, splits...)
		p.SetFacts(i, restated)
	}
	for _, ob := range o.Sentiment {
		i, ok := col[ob.Symbol]
		if !ok {
			stats.SentimentUnknown++
			continue
		}
		if err := p.AddSentiment(i, ob.Date, ob.Score); err != nil {
			stats.SentimentOutside++ // a story outside the calendar does not count
			continue
		}
		stats.Sentiment++
	}
	p.Seal()
	return p, stats, nil
}
