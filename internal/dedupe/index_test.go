package dedupe

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// near returns fp with k distinct random bits flipped.
func near(rng *rand.Rand, fp Fingerprint, k int) Fingerprint {
	for _, i := range rng.Perm(64)[:k] {
		fp ^= 1 << uint(i)
	}
	return fp
}

func TestIndexMatchesBruteForce(t *testing.T) {
	for _, threshold := range []int{0, 3, 7, 11, Threshold, 15} {
		t.Run(fmt.Sprint(threshold), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(threshold), 7))
			x, err := NewIndex(threshold)
			if err != nil {
				t.Fatal(err)
			}
			var fps []Fingerprint
			for i := range 3000 {
				fp := Fingerprint(rng.Uint64())
				if i%3 == 1 { // plant near neighbours
					fp = near(rng, fps[rng.IntN(len(fps))], rng.IntN(threshold+3))
				}
				fps = append(fps, fp)
				x.Add(fmt.Sprint(i), fp)
			}
			for q := range 500 {
				query := near(rng, fps[rng.IntN(len(fps))], rng.IntN(threshold+4))
				if q%5 == 0 {
					query = Fingerprint(rng.Uint64())
				}
				wantID, wantDist := "", threshold+1
				var wantAll []string
				for i, fp := range fps {
					if d := Distance(query, fp); d <= threshold {
						wantAll = append(wantAll, fmt.Sprint(i))
						if d < wantDist {
							wantID, wantDist = fmt.Sprint(i), d
						}
					}
				}
				m, ok := x.Nearest(query)
				if ok != (wantID != "") || ok && (m.ID != wantID || m.Distance != wantDist) {
					t.Fatalf("Nearest(%016x) = %+v, %v; brute force gives %q at %d", uint64(query), m, ok, wantID, wantDist)
				}
				if got := x.Within(query); len(got) != len(wantAll) {
					t.Fatalf("Within(%016x) found %d, brute force %d", uint64(query), len(got), len(wantAll))
				}
			}
		})
	}
	if _, err := NewIndex(16); err == nil {
		t.Error("NewIndex(16) = nil error, want out of range")
	}
}

func TestIndexWithinOrder(t *testing.T) {
	x, _ := NewIndex(Threshold)
	base := Fingerprint(0xdeadbeefcafef00d)
	x.Add("far", base^0x3ff)   // 10 bits
	x.Add("close", base^0x3)   // 2 bits
	x.Add("exact", base)       // 0 bits
	x.Add("exact-2", base)     // 0 bits, added later
	x.Add("out", base^0xffff0) // 16 bits
	var got []string
	for _, m := range x.Within(base) {
		got = append(got, fmt.Sprintf("%s:%d", m.ID, m.Distance))
	}
	if fmt.Sprint(got) != "[exact:0 exact-2:0 close:2 far:10]" {
		t.Errorf("Within = %v", got)
	}
}

func TestForEachNeighbour(t *testing.T) {
	for r, want := range []int{1, 14, 92, 378} {
		seen := map[uint32]bool{}
		forEachNeighbour(0x0a5a, 13, r, func(v uint32) {
			if v >= 1<<13 {
				t.Errorf("radius %d: %x is wider than 13 bits", r, v)
			}
			if seen[v] {
				t.Errorf("radius %d: %04x visited twice", r, v)
			}
			seen[v] = true
		})
		if len(seen) != want {
			t.Errorf("radius %d: %d neighbours, want %d", r, len(seen), want)
		}
	}
}

func TestDetector(t *testing.T) {
	texts := corpus(t)
	d, err := NewDetector(Threshold)
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]string{} // story id → text
	add := func(id, url, text string) {
		d.Add(id, Sign(url, text))
		stories[id] = text
	}
	confirm := func(text string) func(Match) bool {
		return func(m Match) bool { return Resemblance(text, stories[m.ID]) >= MinResemblance }
	}
	add("amzn-outlook", "https://wire.example.com/amazon-outlook", texts["01-a.txt"])
	add("msft-results", "https://wire.example.com/msft", texts["02-a.txt"])
	add("amzn-record", "https://wire.example.com/amzn-record", texts["08-x.txt"])

	tests := []struct {
		name, url, text string
		wantID, wantBy  string
	}{
		{"same link with tracking", "https://WIRE.example.com/amazon-outlook/?utm_source=yahoo", "", "amzn-outlook", "url"},
		{"syndicated copy elsewhere", "https://portal.example.net/news/123", texts["01-b.txt"], "amzn-outlook", "text"},
		{"syndicated with edits", "https://other.example.org/m", texts["02-b.txt"], "msft-results", "text"},
		{"same template, other company", "https://wire.example.com/meta", texts["09-x.txt"], "", ""},
		{"independent report, same event", "https://blog.example.com/amzn", texts["07-x.txt"], "", ""},
		{"too short, no link", "", "Amazon shares rose.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := d.Find(Sign(tt.url, tt.text), confirm(tt.text))
			if ok != (tt.wantID != "") || m.ID != tt.wantID || m.By != tt.wantBy {
				t.Errorf("Find = %+v, %v; want %q by %q", m, ok, tt.wantID, tt.wantBy)
			}
		})
	}
	// confirm can veto a fingerprint match.
	if _, ok := d.Find(Sign("", texts["01-b.txt"]), func(Match) bool { return false }); ok {
		t.Error("Find matched although confirm refused every candidate")
	}
	// Safe for concurrent use.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			d.Add(fmt.Sprint("c", i), Sign(fmt.Sprintf("https://c.example/%d", i), texts["03-a.txt"]))
			d.Find(Sign("", texts["03-b.txt"]), nil)
		})
	}
	wg.Wait()
	if d.Len() != 11 {
		t.Errorf("Len = %d, want 11", d.Len())
	}
}
