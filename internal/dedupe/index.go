package dedupe

import (
	"fmt"
	"slices"
	"sync"
)

// Index finds a stored story whose fingerprint is within a threshold of a
// new one without comparing it with every story. It uses multi-index
// hashing: the 64 bits are cut into five blocks (13, 13, 13, 13 and 12
// bits), and by the pigeonhole principle two fingerprints within distance
// t agree to within ⌊t/5⌋ bits on at least one block. A lookup visits, in
// each block's table, the buckets of the block values within ⌊t/5⌋ bits of
// the query's (92 buckets per 13-bit block at the default threshold) and
// checks the full distance only for the fingerprints stored there, which
// sit together in memory. With 100,000 random stories that is about 460
// buckets and 5,600 comparisons instead of 100,000.
//
// An Index is not safe for concurrent use; Detector wraps one with a lock.
type Index struct {
	threshold int
	radius    int
	ids       []string
	buckets   [numBlocks][][]entry // block value → the stories with it, in order added
	masks     [numBlocks][]uint32  // XOR masks reaching every value within radius
}

type entry struct {
	fp  Fingerprint
	idx int32
}

// The five blocks of a fingerprint: widths and offsets.
const numBlocks = 5

var (
	blockWidth = [numBlocks]uint{13, 13, 13, 13, 12}
	blockShift = [numBlocks]uint{0, 13, 26, 39, 52}
)

// NewIndex returns an empty index matching within threshold bits (0 to 15).
func NewIndex(threshold int) (*Index, error) {
	if threshold < 0 || threshold > 15 {
		return nil, fmt.Errorf("dedupe index: threshold %d out of range 0..15", threshold)
	}
	x := &Index{threshold: threshold, radius: threshold / numBlocks}
	for b := range x.buckets {
		x.buckets[b] = make([][]entry, 1<<blockWidth[b])
		forEachNeighbour(0, blockWidth[b], x.radius, func(m uint32) { x.masks[b] = append(x.masks[b], m) })
	}
	return x, nil
}

// Len is the number of stories in the index.
func (x *Index) Len() int { return len(x.ids) }

// Threshold is the largest distance the index reports as a match.
func (x *Index) Threshold() int { return x.threshold }

func block(fp Fingerprint, b int) uint32 {
	return uint32(fp>>blockShift[b]) & (1<<blockWidth[b] - 1)
}

// Add stores a story's fingerprint under id. Adding the same id twice
// stores it twice; lookups still return one match per entry.
func (x *Index) Add(id string, fp Fingerprint) {
	n := int32(len(x.ids))
	x.ids = append(x.ids, id)
	for b := range x.buckets {
		v := block(fp, b)
		x.buckets[b][v] = append(x.buckets[b][v], entry{fp, n})
	}
}

// Nearest returns the stored story closest to fp within the threshold (the
// earliest added among equals), and false when there is none.
func (x *Index) Nearest(fp Fingerprint) (Match, bool) {
	best, bestDist := int32(-1), x.threshold+1
	for b := range x.buckets {
		table, q := x.buckets[b], block(fp, b)
		for _, m := range x.masks[b] {
			for _, e := range table[q^m] {
				if d := Distance(fp, e.fp); d < bestDist || d == bestDist && e.idx < best {
					best, bestDist = e.idx, d
				}
			}
		}
	}
	if best < 0 {
		return Match{}, false
	}
	return Match{ID: x.ids[best], Distance: bestDist, By: "text"}, true
}

// Within returns every stored story within the threshold of fp, closest
// first (earliest added among equals), each story once.
func (x *Index) Within(fp Fingerprint) []Match {
	dist := map[int32]int{}
	for b := range x.buckets {
		table, q := x.buckets[b], block(fp, b)
		for _, m := range x.masks[b] {
			for _, e := range table[q^m] {
				if d := Distance(fp, e.fp); d <= x.threshold {
					dist[e.idx] = d
				}
			}
		}
	}
	found := make([]int32, 0, len(dist))
	for i := range dist {
		found = append(found, i)
	}
	slices.SortFunc(found, func(a, b int32) int {
		if c := dist[a] - dist[b]; c != 0 {
			return c
		}
		return int(a - b)
	})
	out := make([]Match, len(found))
	for k, i := range found {
		out[k] = Match{ID: x.ids[i], Distance: dist[i], By: "text"}
	}
	return out
}

// forEachNeighbour calls fn with every width-bit value within r bits of v,
// each once.
func forEachNeighbour(v uint32, width uint, r int, fn func(uint32)) {
	fn(v)
	var flip func(v uint32, from uint, left int)
	flip = func(v uint32, from uint, left int) {
		for i := from; i < width; i++ {
			w := v ^ 1<<i
			fn(w)
			if left > 1 {
				flip(w, i+1, left-1)
			}
		}
	}
	if r > 0 {
		flip(v, 0, r)
	}
}

// Match is a stored story a new item duplicates.
type Match struct {
	ID       string
	Distance int    // bits between the fingerprints (0 for a URL match)
	By       string // "url" or "text"
}

// Signature is what dedupe keeps of a story to recognise its copies.
type Signature struct {
	URLKey      string      // URLKey of its link; "" when it has none
	Fingerprint Fingerprint // SimHash of its text
	HasText     bool        // false when the text was too short to fingerprint
}

// Sign computes the signature of an item from its link and its text
// (the article text, or the summary when no article was fetched).
func Sign(rawURL, text string) Signature {
	s := Signature{}
	if k, err := URLKey(rawURL); err == nil {
		s.URLKey = k
	}
	s.Fingerprint, s.HasText = SimHash(text)
	return s
}

// Detector finds the story a new item duplicates: first by its normalised
// link, then by its text fingerprint. It is safe for concurrent use. The
// pipeline fills it with the signatures of recent stories at start-up
// and adds each new story's signature as it creates it.
type Detector struct {
	mu    sync.RWMutex
	urls  map[string]string
	index *Index
}

// NewDetector returns an empty detector with the given text threshold.
func NewDetector(threshold int) (*Detector, error) {
	x, err := NewIndex(threshold)
	if err != nil {
		return nil, err
	}
	return &Detector{urls: map[string]string{}, index: x}, nil
}

// Add records the signature of story id. A URL already recorded keeps its
// first story.
func (d *Detector) Add(id string, s Signature) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s.URLKey != "" {
		if _, ok := d.urls[s.URLKey]; !ok {
			d.urls[s.URLKey] = id
		}
	}
	if s.HasText {
		d.index.Add(id, s.Fingerprint)
	}
}

// Find returns the story s duplicates, and false when it is new. A story
// with the same URL key matches at once. Otherwise the stories whose
// fingerprints are within the threshold are offered to confirm, closest
// first, and the first it accepts is the match; confirm is where the
// caller checks Resemblance(new text, story text) >= MinResemblance, since
// at scale an unrelated fingerprint is occasionally within the threshold
// by chance. A nil confirm accepts the closest.
func (d *Detector) Find(s Signature, confirm func(Match) bool) (Match, bool) {
	d.mu.RLock()
	if s.URLKey != "" {
		if id, ok := d.urls[s.URLKey]; ok {
			d.mu.RUnlock()
			return Match{ID: id, By: "url"}, true
		}
	}
	var cands []Match
	if s.HasText {
		cands = d.index.Within(s.Fingerprint)
	}
	d.mu.RUnlock()
	for _, m := range cands {
		if confirm == nil || confirm(m) {
			return m, true
		}
	}
	return Match{}, false
}

// Len is the number of stories with a text fingerprint.
func (d *Detector) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.index.Len()
}
