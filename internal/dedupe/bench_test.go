package dedupe

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSimHash measures fingerprints per second on the corpus's
// stories (about 200 words each).
func BenchmarkSimHash(b *testing.B) {
	var texts []string
	size := 0
	for _, s := range corpus(b) {
		texts = append(texts, s)
		size += len(s)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		SimHash(texts[i%len(texts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "fingerprints/s")
}

// BenchmarkIndexLookup measures Nearest in an index of 100,000 stories
// with random fingerprints, at the default threshold and at 9 (one bit per
// block), for queries with a planted near copy (hit) and queries that
// match nothing (miss), next to a linear scan of the same fingerprints.
func BenchmarkIndexLookup(b *testing.B) {
	const stories = 100_000
	rng := rand.New(rand.NewPCG(3, 4))
	fps := make([]Fingerprint, stories)
	for i := range fps {
		fps[i] = Fingerprint(rng.Uint64())
	}
	misses := make([]Fingerprint, 1024)
	for i := range misses {
		misses[i] = Fingerprint(rng.Uint64())
	}
	for _, threshold := range []int{Threshold, 9} {
		x, _ := NewIndex(threshold)
		for i, fp := range fps {
			x.Add(fmt.Sprint(i), fp)
		}
		queries := make([]Fingerprint, 1024)
		for i := range queries {
			queries[i] = near(rng, fps[rng.IntN(stories)], rng.IntN(threshold+1))
		}
		b.Run(fmt.Sprintf("threshold=%d/hit", threshold), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, ok := x.Nearest(queries[i%len(queries)]); !ok {
					b.Fatal("planted neighbour not found")
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("threshold=%d/miss", threshold), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				x.Nearest(misses[i%len(misses)])
				i++
			}
		})
	}
	b.Run("linear-scan-for-comparison", func(b *testing.B) {
		i := 0
		for b.Loop() {
			q := misses[i%len(misses)]
			best := 65
			for _, fp := range fps {
				best = min(best, Distance(q, fp))
			}
			i++
		}
	})
}
