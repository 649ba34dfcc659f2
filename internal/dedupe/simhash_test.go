package dedupe

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpus reads testdata/syndication: NN-a.txt and NN-b.txt are copies of
// one wire story as two outlets published it; NN-x.txt are stories of
// their own. Files with different NN are different stories.
func corpus(t testing.TB) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "syndication", "*.txt"))
	if err != nil || len(files) < 10 {
		t.Fatalf("syndication corpus: %v (%d files)", err, len(files))
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// TestThresholdSeparatesSyndicatedCopies is the evidence for Threshold
// and MinResemblance: every syndicated pair must fall within both, every
// pair of different stories outside both, each with a margin.
func TestThresholdSeparatesSyndicatedCopies(t *testing.T) {
	texts := corpus(t)
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	slices.Sort(names)
	fps := map[string]Fingerprint{}
	for _, n := range names {
		fp, ok := SimHash(texts[n])
		if !ok {
			t.Fatalf("%s: too short to fingerprint", n)
		}
		fps[n] = fp
	}
	maxSame, minDiff := 0, 64
	minSameR, maxDiffR := 1.0, 0.0
	var report []string
	for i, a := range names {
		for _, b := range names[i+1:] {
			d := Distance(fps[a], fps[b])
			r := Resemblance(texts[a], texts[b])
			if a[:2] == b[:2] {
				maxSame, minSameR = max(maxSame, d), min(minSameR, r)
				report = append(report, fmt.Sprintf("copies    %s %s: %2d bits, resemblance %.2f", a, b, d, r))
				if d > Threshold || r < MinResemblance {
					t.Errorf("syndicated %s and %s: distance %d (threshold %d), resemblance %.2f (minimum %.2f): want a match", a, b, d, Threshold, r, MinResemblance)
				}
			} else {
				minDiff, maxDiffR = min(minDiff, d), max(maxDiffR, r)
				if d <= Threshold || r >= MinResemblance {
					t.Errorf("different stories %s and %s: distance %d, resemblance %.2f: want no match", a, b, d, r)
				}
			}
		}
	}
	t.Logf("syndicated copies: distance ≤ %d, resemblance ≥ %.2f; different stories: distance ≥ %d, resemblance ≤ %.2f", maxSame, minSameR, minDiff, maxDiffR)
	for _, l := range report {
		t.Log(l)
	}
	if Threshold-maxSame < 2 || minDiff-Threshold < 6 {
		t.Errorf("threshold %d leaves too little margin: copies up to %d, different stories from %d", Threshold, maxSame, minDiff)
	}
}

func TestSimHashProperties(t *testing.T) {
	texts := corpus(t)
	base := texts["01-a.txt"]
	fp, _ := SimHash(base)

	if again, _ := SimHash(base); again != fp {
		t.Errorf("SimHash is not deterministic")
	}
	tests := []struct {
		name    string
		text    string
		maxDist int
	}{
		{"case and punctuation", strings.ToUpper(strings.NewReplacer(",", "", ".", " ; ", "-", " ").Replace(base)), 0},
		{"white space", strings.Join(strings.Fields(base), "\n  "), 0},
		{"one word changed", strings.Replace(base, "Thursday", "Wednesday", 1), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SimHash(tt.text)
			if !ok {
				t.Fatal("no fingerprint")
			}
			if d := Distance(fp, got); d > tt.maxDist {
				t.Errorf("distance %d, want at most %d", d, tt.maxDist)
			}
		})
	}
	if _, ok := SimHash("Too short to say anything about."); ok {
		t.Errorf("a seven-word text got a fingerprint; want none below %d words", MinWords)
	}
	if got := Words("Apple's Q2: $1.5bn (up 3%)"); got != 7 {
		t.Errorf("Words = %d, want 7 (apple s q2 1 5bn up 3)", got)
	}
	if r := Resemblance(base, base); r != 1 {
		t.Errorf("Resemblance(x, x) = %v, want 1", r)
	}
	if r := Resemblance("", ""); r != 0 {
		t.Errorf("Resemblance of empty texts = %v, want 0", r)
	}
}

// TestSimHashEditCurve shows how distance grows with random word edits: a
// few edits stay within the threshold, rewriting a third of the words does
// not.
func TestSimHashEditCurve(t *testing.T) {
	words := strings.Fields(corpus(t)["04-a.txt"])
	fp, _ := SimHash(strings.Join(words, " "))
	rng := rand.New(rand.NewPCG(1, 2))
	mean := func(edits int) float64 {
		total := 0
		for trial := range 20 {
			w := slices.Clone(words)
			for range edits {
				w[rng.IntN(len(w))] = fmt.Sprintf("edit%d", trial)
			}
			got, _ := SimHash(strings.Join(w, " "))
			total += Distance(fp, got)
		}
		return float64(total) / 20
	}
	few, many := mean(3), mean(len(words)/3)
	t.Logf("mean distance after 3 word edits: %.1f bits; after %d: %.1f bits", few, len(words)/3, many)
	if few > Threshold/2 {
		t.Errorf("3 edits moved %.1f bits on average, want under %d", few, Threshold/2)
	}
	if many <= Threshold {
		t.Errorf("editing a third of the words moved only %.1f bits, want over %d", many, Threshold)
	}
}

func FuzzSimHash(f *testing.F) {
	for _, s := range corpus(f) {
		f.Add(s, s+" Reporting by the desk.")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		fa, oka := SimHash(a)
		fb, _ := SimHash(a)
		if fa != fb {
			t.Error("not deterministic")
		}
		if oka != (Words(a) >= MinWords) {
			t.Errorf("SimHash ok=%v with %d words", oka, Words(a))
		}
		r := Resemblance(a, b)
		if r < 0 || r > 1 || r != Resemblance(b, a) {
			t.Errorf("Resemblance = %v (reverse %v)", r, Resemblance(b, a))
		}
	})
}
