package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"alphadesk/internal/market"
)

// Security is one column of a [Panel]: a symbol and its GICS sector (empty
// when unknown; such a security's value and quality metrics are ranked
// across the universe).
type Security struct {
	Symbol string
	Sector market.Sector
}

// maxSecurities bounds a panel's width: the ranker packs a column index
// into 20 bits of its sort key.
const maxSecurities = 1 << 20

// highWindow is the 52-week high's window in trading days.
const highWindow = 252

// Panel is the in-memory, columnar data the scorer reads: a trading
// calendar, one forward-filled adjusted close per security per day, story
// sentiment per security per day, and point-in-time fundamental snapshots
// per security. Rows are days and columns are securities, so one
// cross-section reads a handful of contiguous rows.
//
// Build a panel with [NewPanel], fill it with SetClose, SetFacts and
// AddSentiment, then call Seal before scoring. AppendDay adds one more
// trading day to a sealed panel. A Panel is not safe for concurrent
// writes; a sealed panel may be scored from several goroutines.
type Panel struct {
	secs   []Security
	sector []int8 // index into market.Sectors, -1 unknown
	days   []int32
	close  [][]float64 // [t][i], forward-filled after Seal, NaN before the first bar
	real   [][]uint64  // [t] bitset: a bar was reported on day t
	// Maxima of close, at float32 precision (the 52-week-high ratio needs
	// no more, and it saves a fifth of the panel's memory): from the start
	// of t's 252-day block to t, and from t to the end of its block
	// (complete blocks only).
	hiPre, hiSuf [][]float32
	jumps        [][]int32   // per security: days whose move looks like an unadjusted split or bad tick
	sentSum      [][]float32 // [t][i] sum of story sentiment mapped to day t
	sentN        [][]float32 // [t][i] number of stories mapped to day t
	// Exponentially decayed running sums of story sentiment and story
	// counts (half-life SentimentHalfLifeDays, in calendar days) and the
	// running story count: a window's decayed sums are two lookups.
	emaSum, emaN [][]float32
	stories      [][]int32
	funds        [][]snapshot
	fundFrom     [][]int32 // per security: each snapshot's from day, for the search
	factsVersion uint64    // bumped by SetFacts, so scorers refresh their cursors
	factScratch  []market.Fact
	sealed       bool
	// Build statistics, for the command's notes.
	badCloses int
}

// ErrNotSealed is returned when a panel is scored before [Panel.Seal].
var ErrNotSealed = errors.New("panel not sealed: call Seal after filling it")

// NewPanel allocates an empty panel for the securities over the trading
// calendar days (strictly ascending dates; only the date part is used).
func NewPanel(secs []Security, days []time.Time) (*Panel, error) {
	if len(secs) > maxSecurities {
		return nil, fmt.Errorf("new panel: %d securities, at most %d", len(secs), maxSecurities)
	}
	p := &Panel{secs: slices.Clone(secs), sector: make([]int8, len(secs)), funds: make([][]snapshot, len(secs)),
		fundFrom: make([][]int32, len(secs)), jumps: make([][]int32, len(secs))}
	for i, s := range secs {
		p.sector[i] = sectorIndex(s.Sector)
	}
	p.days = make([]int32, len(days))
	for t, d := range days {
		p.days[t] = dayOf(d)
		if t > 0 && p.days[t] <= p.days[t-1] {
			return nil, fmt.Errorf("new panel: calendar not strictly ascending at %s after %s",
				d.Format(market.DateLayout), days[t-1].Format(market.DateLayout))
		}
	}
	for range days {
		p.addRow()
	}
	return p, nil
}

func (p *Panel) addRow() {
	n := len(p.secs)
	c := make([]float64, n)
	for i := range c {
		c[i] = math.NaN()
	}
	p.close = append(p.close, c)
	p.real = append(p.real, make([]uint64, (n+63)/64))
	p.hiPre = append(p.hiPre, make([]float32, n))
	p.hiSuf = append(p.hiSuf, nil) // filled when the block completes
	p.sentSum = append(p.sentSum, make([]float32, n))
	p.sentN = append(p.sentN, make([]float32, n))
	p.emaSum = append(p.emaSum, make([]float32, n))
	p.emaN = append(p.emaN, make([]float32, n))
	p.stories = append(p.stories, make([]int32, n))
}

func sectorIndex(s market.Sector) int8 {
	for k, sec := range market.Sectors {
		if sec == s {
			return int8(k)
		}
	}
	return -1
}

// Len returns the number of securities and trading days.
func (p *Panel) Len() (securities, days int) { return len(p.secs), len(p.days) }

// Security returns column i.
func (p *Panel) Security(i int) Security { return p.secs[i] }

// Day returns the date of trading day t.
func (p *Panel) Day(t int) time.Time { return timeOf(p.days[t]) }

// DayIndex returns the last trading day on or before d, or -1 when d is
// before the calendar.
func (p *Panel) DayIndex(d time.Time) int {
	dn := dayOf(d)
	return sort.Search(len(p.days), func(t int) bool { return p.days[t] > dn }) - 1
}

// Column returns the column of a symbol, or -1.
func (p *Panel) Column(symbol string) int {
	for i, s := range p.secs {
		if s.Symbol == symbol {
			return i
		}
	}
	return -1
}

// SetClose records security i's adjusted close on trading day t. NaN means
// no bar. A close that is not a positive finite number is ignored and
// counted (see DataNotes): the day has no bar for that security, as if the
// vendor had skipped it.
func (p *Panel) SetClose(i, t int, close float64) {
	if p.sealed {
		panic("score: SetClose on a sealed panel; use AppendDay")
	}
	switch {
	case math.IsNaN(close):
		return // no bar
	case !(close > 0) || math.IsInf(close, 1):
		p.badCloses++
		return
	}
	p.close[t][i] = close
}

// AddSentimentAt adds one story's sentiment (clamped to [-1, 1]) toward
// security i on trading day t. NaN is ignored. On a sealed panel adding to
// the last day costs O(1); adding to an earlier day updates the running
// sums of the days after it.
func (p *Panel) AddSentimentAt(i, t int, score float64) {
	if math.IsNaN(score) {
		return
	}
	p.sentSum[t][i] += float32(max(-1, min(1, score)))
	p.sentN[t][i]++
	if p.sealed {
		for u := t; u < len(p.days); u++ {
			p.sealSentiment(u, i)
		}
	}
}

// sealSentiment derives security i's running story sums on day t.
func (p *Panel) sealSentiment(t, i int) {
	s, n, c := p.sentSum[t][i], p.sentN[t][i], int32(p.sentN[t][i])
	if t > 0 {
		d := p.decay(t)
		s += p.emaSum[t-1][i] * d
		n += p.emaN[t-1][i] * d
		c += p.stories[t-1][i]
	}
	p.emaSum[t][i], p.emaN[t][i], p.stories[t][i] = s, n, c
}

// decay is the weight factor from trading day t-1 to t.
func (p *Panel) decay(t int) float32 {
	return float32(math.Exp2(-float64(p.days[t]-p.days[t-1]) / SentimentHalfLifeDays))
}

// ErrOutsideCalendar is returned for an observation dated outside the
// panel's trading calendar.
var ErrOutsideCalendar = errors.New("date outside the panel's calendar")

// AddSentiment adds one story's sentiment toward security i, dated date.
// A story counts from the first trading day on or after its date, so a
// weekend story is first seen by Monday's score and never by Friday's.
func (p *Panel) AddSentiment(i int, date time.Time, score float64) error {
	dn := dayOf(date)
	t := sort.Search(len(p.days), func(t int) bool { return p.days[t] >= dn })
	if len(p.days) == 0 || t == len(p.days) || dn < p.days[0] {
		return fmt.Errorf("sentiment %s %s: %w", p.secs[i].Symbol, date.Format(market.DateLayout), ErrOutsideCalendar)
	}
	p.AddSentimentAt(i, t, score)
	return nil
}

// SetFacts replaces security i's fundamentals with facts (any order). They
// become point-in-time snapshots, one per filing date; see the package
// documentation for the rules. It may be called on a sealed panel.
func (p *Panel) SetFacts(i int, facts []market.Fact) {
	p.funds[i] = buildSnapshots(facts, &p.factScratch)
	from := make([]int32, len(p.funds[i]))
	for k, s := range p.funds[i] {
		from[k] = s.from
	}
	p.fundFrom[i] = from
	p.factsVersion++
}

// Seal forward-fills closes over gaps and computes the per-security
// rolling quantities (52-week high blocks, suspect jumps). Call it once
// after filling; scoring refuses an unsealed panel.
func (p *Panel) Seal() {
	if p.sealed {
		return
	}
	p.sealed = true
	for t := range p.days {
		p.sealRow(t)
	}
}

// AppendDay adds one trading day to a sealed panel with each security's
// close (NaN or non-positive for no bar; len(closes) must equal the number
// of securities) and returns its index. Story sentiment for the new day
// can then be added with AddSentimentAt. The cost is proportional to the
// number of securities, plus one block of suffix maxima every 252 days.
func (p *Panel) AppendDay(date time.Time, closes []float64) (int, error) {
	if !p.sealed {
		return 0, ErrNotSealed
	}
	if len(closes) != len(p.secs) {
		return 0, fmt.Errorf("append day %s: %d closes for %d securities", date.Format(market.DateLayout), len(closes), len(p.secs))
	}
	dn := dayOf(date)
	if n := len(p.days); n > 0 && dn <= p.days[n-1] {
		return 0, fmt.Errorf("append day %s: not after the last day %s", date.Format(market.DateLayout), p.Day(n-1).Format(market.DateLayout))
	}
	p.days = append(p.days, dn)
	p.addRow()
	t := len(p.days) - 1
	for i, c := range closes {
		if c > 0 && !math.IsInf(c, 1) {
			p.close[t][i] = c
		} else if !math.IsNaN(c) {
			p.badCloses++
		}
	}
	p.sealRow(t)
	return t, nil
}

// sealRow derives row t from the rows before it.
func (p *Panel) sealRow(t int) {
	row, bits, pre := p.close[t], p.real[t], p.hiPre[t]
	var prev []float64
	var prevPre []float32
	if t > 0 {
		prev, prevPre = p.close[t-1], p.hiPre[t-1]
	}
	blockStart := t%highWindow == 0
	for i, c := range row {
		if !math.IsNaN(c) {
			bits[i/64] |= 1 << (i % 64)
			if prev != nil && !math.IsNaN(prev[i]) && suspectJump(c/prev[i]) {
				p.jumps[i] = append(p.jumps[i], int32(t))
			}
		} else if prev != nil {
			c = prev[i]
			row[i] = c
		}
		if blockStart || prevPre == nil {
			pre[i] = float32(c)
		} else {
			pre[i] = nanMax(prevPre[i], float32(c))
		}
	}
	if (t+1)%highWindow == 0 {
		p.fillSuffix(t + 1 - highWindow)
	}
	// Story running sums.
	sum, cnt := p.sentSum[t], p.sentN[t]
	es, en, st := p.emaSum[t], p.emaN[t], p.stories[t]
	if t == 0 {
		for i := range sum {
			es[i], en[i], st[i] = sum[i], cnt[i], int32(cnt[i])
		}
		return
	}
	d := p.decay(t)
	ps, pn, pst := p.emaSum[t-1], p.emaN[t-1], p.stories[t-1]
	for i := range sum {
		es[i] = ps[i]*d + sum[i]
		en[i] = pn[i]*d + cnt[i]
		st[i] = pst[i] + int32(cnt[i])
	}
}

// storyWindow returns the day before the sentiment window of day t (the
// last day more than SentimentWindowDays before it, -1 when none) and the
// decay factor from that day to t.
func (p *Panel) storyWindow(t int) (int, float32) {
	limit := p.days[t] - SentimentWindowDays
	s := sort.Search(t+1, func(u int) bool { return p.days[u] > limit }) - 1
	if s < 0 {
		return -1, 0
	}
	return s, float32(math.Exp2(-float64(p.days[t]-p.days[s]) / SentimentHalfLifeDays))
}

// fillSuffix computes the suffix maxima of the complete block starting at s.
func (p *Panel) fillSuffix(s int) {
	end := s + highWindow - 1
	for t := end; t >= s; t-- {
		suf := make([]float32, len(p.secs))
		for i, c := range p.close[t] {
			if t == end {
				suf[i] = float32(c)
			} else {
				suf[i] = nanMax(p.hiSuf[t+1][i], float32(c))
			}
		}
		p.hiSuf[t] = suf
	}
}

// nanMax is max ignoring NaN (NaN only when both are).
func nanMax(a, b float32) float32 {
	switch {
	case a != a: // NaN
		return b
	case b != b || a >= b:
		return a
	}
	return b
}

// splitRatios are the ratios of the common forward and reverse splits. A
// one-day move within splitTolerance of one of them (or its reciprocal) is
// taken for an unadjusted split or a misplaced decimal point, not a return.
var splitRatios = [...]float64{2, 3, 4, 5, 7, 8, 10, 15, 20}

const splitTolerance = 0.02

func suspectJump(ratio float64) bool {
	if ratio > 1/1.9 && ratio < 1.9 {
		return false
	}
	for _, k := range splitRatios {
		if math.Abs(ratio/k-1) <= splitTolerance || math.Abs(ratio*k-1) <= splitTolerance {
			return true
		}
	}
	return false
}

// hasReal reports whether security i has a bar on day t.
func (p *Panel) hasReal(i, t int) bool { return p.real[t][i/64]&(1<<(i%64)) != 0 }

// lastBar is the last day ≤ t with a bar for security i, searching back at
// most limit days; -1 when none.
func (p *Panel) lastBar(i, t, limit int) int {
	for u := t; u >= 0 && u >= t-limit; u-- {
		if p.hasReal(i, u) {
			return u
		}
	}
	return -1
}

// high52 is the close on day t over the maximum close of the 252 trading
// days ending at t (t ≥ 251), at float32 precision, so that a close that
// is the maximum gives exactly 1; NaN when unknown.
func (p *Panel) high52(i, t int) float64 {
	s := t - (highWindow - 1)
	hi := p.hiPre[t][i]
	if s%highWindow != 0 {
		hi = nanMax(p.hiSuf[s][i], hi)
	}
	r := float64(float32(p.close[t][i]) / hi)
	if !(r > 0) || math.IsInf(r, 0) {
		return math.NaN()
	}
	return min(1, r)
}

// jumpIn reports whether security i has a suspect jump on a day in (a, b].
func (p *Panel) jumpIn(i, a, b int) bool {
	js := p.jumps[i]
	if len(js) == 0 {
		return false
	}
	k := sort.Search(len(js), func(k int) bool { return int(js[k]) > a })
	return k < len(js) && int(js[k]) <= b
}

// snapshotAt returns security i's latest snapshot filed on or before day
// number d, or nil.
func (p *Panel) snapshotAt(i int, d int32) *snapshot {
	k := p.snapshotIndex(i, d)
	if k < 0 {
		return nil
	}
	return &p.funds[i][k]
}

// snapshotIndex is the index of security i's latest snapshot filed on or
// before day number d, or -1.
func (p *Panel) snapshotIndex(i int, d int32) int {
	from := p.fundFrom[i]
	lo, hi := 0, len(from) // first k with from[k] > d
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if from[mid] <= d {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo - 1
}

// DataNotes reports how many one-day moves look like unadjusted splits or
// bad ticks (momentum is not computed across them) and how many closes
// were ignored as not positive.
func (p *Panel) DataNotes() (suspectJumps, ignoredCloses int) {
	for _, js := range p.jumps {
		suspectJumps += len(js)
	}
	return suspectJumps, p.badCloses
}

// Days are counted as whole days since 1970-01-01 UTC.
func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func timeOf(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
