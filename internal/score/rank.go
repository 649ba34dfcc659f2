package score

import "math"

// Ranking: every metric is winsorised at its ranking group's 1st and 99th
// percentiles and then turned into a percentile, 100 × (average rank −
// ½) / n, so n members spread over (0, 100) symmetrically and tied values
// share their average rank.
//
// The ranker sorts 64-bit keys with a stable least-significant-digit
// radix sort of three 12-bit digits: the group in 4 bits, the value's
// order-preserving bit pattern at float32 precision in 32 bits (about 7
// significant digits), and the column index in the low 20 bits, which the
// sort leaves alone: input in column order stays in column order among
// ties. Values that agree to 7 digits are treated as ties. Rounding to
// float32 is monotone, so a higher value never ranks lower.
const (
	winsorP       = 0.01
	groupShift    = 52
	valueShift    = 20
	valueBits     = 32
	indexMask     = 1<<valueShift - 1
	radixBits     = 12
	radixPasses   = 3
	radixBuckets  = 1 << radixBits
	universeGroup = 0
	fallbackGroup = 15 // unknown sector or a sector too small to rank in
)

type ranker struct {
	keys, tmp []uint64
	members   [16]int
	hist      [radixPasses][radixBuckets]int32
	vals      []float64 // signed values by column, for quantiles
}

// valueField maps v to a 32-bit key with the same order (at float32
// precision); both zeros share one key.
func valueField(v float64) uint64 {
	f := float32(v)
	if f == 0 {
		f = 0
	}
	b := math.Float32bits(f)
	// Negative numbers: flip every bit; others: set the sign bit.
	mask := uint32(int32(b)>>31) | 1<<31
	return uint64(b ^ mask)
}

// finite reports whether v is neither NaN nor infinite, in one comparison.
func finite(v float64) bool { return v-v == 0 }

// rank writes to out[i] the percentile of vals[i] (NaN for NaN input).
// higher says whether larger values are better. With groups (sector
// indexes, -1 unknown) each member is ranked within its group; members of
// groups with fewer than minGroup present values, and of the unknown
// group, are ranked across all present values instead.
func (r *ranker) rank(vals []float64, higher bool, groups []int8, minGroup int, out []float64) {
	n := len(vals)
	if cap(r.vals) < n {
		r.vals = make([]float64, n)
	}
	r.vals = r.vals[:n]
	sign := 1.0
	if !higher {
		sign = -1
	}
	r.members = [16]int{}
	if cap(r.keys) < n {
		r.keys = make([]uint64, n)
	}
	keys := r.keys[:n]
	total := 0
	nan := math.NaN()
	for i, v := range vals {
		out[i] = nan
		if !finite(v) {
			continue
		}
		v *= sign
		r.vals[i] = v
		g := uint64(universeGroup)
		if groups != nil {
			g = fallbackGroup
			if groups[i] >= 0 {
				g = uint64(groups[i])
			}
		}
		r.members[g]++
		keys[total] = g<<groupShift | valueField(v)<<valueShift | uint64(i)
		total++
	}
	r.keys = keys[:total]
	if total == 0 {
		return
	}
	fallback := 0
	if groups != nil {
		for g := range r.members {
			if g == fallbackGroup || r.members[g] < minGroup {
				fallback += r.members[g]
			}
		}
		if fallback == total {
			// Nobody can be ranked in a sector: rank everyone together.
			groups, fallback = nil, 0
			for k, key := range r.keys {
				r.keys[k] = key &^ (0xF << groupShift)
			}
		}
	}
	r.sort()
	for a := 0; a < total; {
		g := r.keys[a] >> groupShift
		b := a + r.members[g]
		if groups == nil {
			b = total
		}
		if groups == nil || (g != fallbackGroup && r.members[g] >= minGroup) {
			r.assign(r.keys[a:b], out)
		}
		a = b
	}
	if fallback == 0 {
		return
	}
	// Rank the fallback members against every present value.
	for k, key := range r.keys {
		r.keys[k] = key &^ (0xF << groupShift)
	}
	r.sort()
	r.assignSome(r.keys, out, func(i int) bool {
		g := groups[i]
		return g < 0 || r.members[g] < minGroup
	})
}

// assign winsorises and ranks one sorted group.
func (r *ranker) assign(keys []uint64, out []float64) {
	r.assignSome(keys, out, nil)
}

// assignSome ranks the sorted keys and writes the percentiles of the
// members for which want returns true (all when want is nil).
func (r *ranker) assignSome(keys []uint64, out []float64, want func(i int) bool) {
	n := len(keys)
	lo, hi := r.quantileField(keys, winsorP), r.quantileField(keys, 1-winsorP)
	const fieldMask = 1<<valueBits - 1
	scale := 50 / float64(n)
	for a := 0; a < n; {
		c := min(max(keys[a]>>valueShift&fieldMask, lo), hi)
		b := a + 1
		for b < n && min(max(keys[b]>>valueShift&fieldMask, lo), hi) == c {
			b++
		}
		pct := float64(a+b) * scale // 100 × (average rank − ½) / n
		for _, key := range keys[a:b] {
			i := int(key & indexMask)
			if want == nil || want(i) {
				out[i] = pct
			}
		}
		a = b
	}
}

// quantileField is the truncated order key of the p-quantile of the sorted
// group (linear interpolation between closest ranks).
func (r *ranker) quantileField(keys []uint64, p float64) uint64 {
	pos := p * float64(len(keys)-1)
	k := int(pos)
	x := r.vals[keys[k]&indexMask]
	if k+1 < len(keys) {
		y := r.vals[keys[k+1]&indexMask]
		x += (pos - float64(k)) * (y - x)
	}
	return valueField(x)
}

// sort orders r.keys by group and value, stably, so equal values stay in
// column order.
func (r *ranker) sort() {
	n := len(r.keys)
	if cap(r.tmp) < n {
		r.tmp = make([]uint64, n)
	}
	r.tmp = r.tmp[:n]
	r.hist = [radixPasses][radixBuckets]int32{}
	h0, h1, h2 := &r.hist[0], &r.hist[1], &r.hist[2]
	for _, k := range r.keys {
		h0[k>>valueShift&(radixBuckets-1)]++
		h1[k>>(valueShift+radixBits)&(radixBuckets-1)]++
		h2[k>>(valueShift+2*radixBits)&(radixBuckets-1)]++
	}
	src, dst := r.keys, r.tmp
	for p := range radixPasses {
		shift := valueShift + radixBits*p
		h := &r.hist[p]
		if h[src[0]>>shift&(radixBuckets-1)] == int32(n) {
			continue // every key has the same digit
		}
		var sum int32
		for b := range h {
			c := h[b]
			h[b] = sum
			sum += c
		}
		for _, k := range src {
			d := k >> shift & (radixBuckets - 1)
			dst[h[d]] = k
			h[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &r.keys[0] {
		copy(r.keys, src)
	}
}

// spread writes to out[i] the percentile of vals[i] among all present
// values (NaN for NaN input), interpolated between its neighbours: the
// value with rank k (from 0) of n gets 100 × (k + u) / n, where u ∈ [0, 1]
// is its position between the previous and the next distinct value (½ at
// either end), and a group of equal values gets its average rank. Ranks
// alone put every security on a lattice of steps of 100/n, and weighted
// sums of lattice values coincide often (swap two equally weighted
// signals and the sum is the same); interpolating keeps the order and
// the uniform spread of ranks while making equal scores as rare as equal
// inputs. Signals use it to turn the mean of their metric percentiles into
// a 0–100 score.
func (r *ranker) spread(vals []float64, out []float64) {
	n := len(vals)
	if cap(r.vals) < n {
		r.vals = make([]float64, n)
	}
	r.vals = r.vals[:n]
	if cap(r.keys) < n {
		r.keys = make([]uint64, n)
	}
	all := r.keys[:n]
	m := 0
	nan := math.NaN()
	for i, v := range vals {
		out[i] = nan
		if !finite(v) {
			continue
		}
		r.vals[i] = v
		all[m] = valueField(v)<<valueShift | uint64(i)
		m++
	}
	r.keys = all[:m]
	if m == 0 {
		return
	}
	r.sort()
	// The sort key holds float32 precision; finish the order on the exact
	// values (the keys are already nearly sorted, so this is linear).
	keys := r.keys
	x := func(k int) float64 { return r.vals[keys[k]&indexMask] }
	for k := 1; k < m; k++ {
		for j := k; j > 0 && x(j) < x(j-1); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	scale := 100 / float64(m)
	prev := math.NaN() // the previous distinct value
	for a := 0; a < m; {
		v := x(a)
		b := a + 1
		for b < m && x(b) == v {
			b++
		}
		pct := float64(a+b) / 2 * scale // the average rank of a tie group
		if b-a == 1 && a > 0 && b < m {
			next := x(b)
			u := (v - prev) / (next - prev)
			pct = (float64(a) + min(1, max(0, u))) * scale
		}
		for _, key := range keys[a:b] {
			out[key&indexMask] = pct
		}
		prev = v
		a = b
	}
}
