package extract

import (
	"bufio"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// lazySpeakerCases are texts where a speaker depends on others: pronouns
// far from their antecedents, quotations continued across paragraphs, and
// several quotations in one paragraph without an attribution of their own.
var lazySpeakerCases = func() map[string]string {
	filler := strings.Repeat("The backlog grew and margins widened across the segment. ", 150) // ~8,700 bytes
	shortFiller := strings.Repeat("Shares rose. ", 40)
	return map[string]string{
		"pronoun beyond lookback": "Andy Jassy said the quarter was strong.\n\n" + filler + "\n\n\"We grew,\" he said.",
		"pronoun near then beyond lookback": "Andy Jassy said the quarter was strong. \"We grew,\" he said.\n\n" + filler +
			"\n\n\"We will grow more,\" he added. \"And more,\" she said.",
		"pronoun after antecedent in a late window": "Brian Olsavsky told analysts costs fell.\n\n" + shortFiller + strings.Repeat(shortFiller, 10) +
			"\n\nHe said: \"Costs fell.\"\n\n" + filler + "\n\n\"More,\" he said. Peter Quinn said margins rose. \"Good,\" he said.",
		"pronoun before any name":          `"We grew," she said. "It is early," Jassy said. "More," he added.`,
		"continued quotation chain":        "\"This runs on\n\n\"and on\n\n\"and on\n\n\"and ends,\" Jassy said. \"Next,\" he added.",
		"continued with attribution early": "\"This runs on,\" said Quinn, \"into the next\n\n\"and ends,\" Jassy said.",
		"continued to a pronoun":           "Mr. Smith said sales rose.\n\n\"This runs on\n\n\"and ends,\" he said.",
		"continued to nothing":             "\"This runs on\n\n\"and ends.\"\n\nShares rose.",
		"continued to a generic speaker":   "\"This runs on\n\n\"and ends,\" the company said. \"Also this.\"",
		"several unattributed in a block": `"We grew." "We will grow." "We always grow," Jassy said. "More." "Even more."` +
			"\n\n\"Alone.\" \"Also alone.\"",
		"attribution before, then unattributed": `Jassy said: "We grew." "And more." “Yes,” said Mr. Smith, “and more.” "Last."`,
		"mixed paragraphs": `"We grew," Jassy said. "It is early," he added.` + "\n\n" + `She said: "No." “Yes,” said Mr. Smith, “and more.”` +
			"\n\n\"Runs\n\n\"on,\" she said. 'single quoted words here,' they said.",
		"no quotations": "Jassy said nothing at all.",
		"empty":         "",
	}
}()

// lazySpeakerInputs returns the texts the lazy speakers are compared with
// speakersReference on: the fuzz seeds and stored fuzz inputs, the
// evaluation and seed sources and drafts of the rules, and
// lazySpeakerCases.
func lazySpeakerInputs(t *testing.T) map[string]string {
	t.Helper()
	in := map[string]string{}
	for i, s := range fuzzSeeds {
		in["seed "+strconv.Itoa(i)] = s
	}
	for name, s := range lazySpeakerCases {
		in[name] = s
	}
	corpus, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	for _, f := range corpus {
		for i, s := range readFuzzStrings(t, f) {
			in[f+" "+strconv.Itoa(i)] = s
		}
	}
	var files []string
	for _, pattern := range []string{"*", filepath.Join("*", "*")} {
		for _, dir := range []string{"eval", "seed"} {
			fs, _ := filepath.Glob(filepath.Join("..", "rules", "testdata", dir, pattern))
			files = append(files, fs...)
		}
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in[f] = string(data)
	}
	if len(files) < 30 {
		t.Fatalf("found %d evaluation and seed files, want the rules' test data", len(files))
	}
	return in
}

// readFuzzStrings returns the string values of a stored fuzz input.
func readFuzzStrings(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "string("); ok {
			s, err := strconv.Unquote(strings.TrimSuffix(v, ")"))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkLazySpeakers asks a QuoteSpeakers for the speakers of text's
// quotations in the order order (indexes, repeats allowed) and compares
// each answer, and then All, with speakersReference.
func checkLazySpeakers(t *testing.T, name, text string, order []int) {
	t.Helper()
	qs, _ := Quotes(text)
	want := speakersReference(text, qs, Blocks(text))
	lazies := map[string]*QuoteSpeakers{"NewQuoteSpeakers": NewQuoteSpeakers(text, qs)}
	if _, _, l := QuotesAndLazySpeakersIn(text, Blocks(text)); l.Len() == len(qs) {
		lazies["QuotesAndLazySpeakers"] = l
	} else {
		t.Fatalf("%s: QuotesAndLazySpeakers has %d quotations, Quotes %d", name, l.Len(), len(qs))
	}
	for how, l := range lazies {
		for _, k := range order {
			if got := l.Speaker(k); !reflect.DeepEqual(got, want[k]) {
				t.Fatalf("%s: %s: Speaker(%d) asked in order %v = %+v, want %+v (speakersReference)", name, how, k, order, got, want[k])
			}
		}
		if got := l.All(); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: %s: All after asking %v = %+v, want %+v", name, how, order, got, want)
		}
		for k := range want { // read-only once complete
			if got := l.Speaker(k); !reflect.DeepEqual(got, want[k]) {
				t.Fatalf("%s: %s: Speaker(%d) after All = %+v, want %+v", name, how, k, got, want[k])
			}
		}
	}
	if got := Speakers(text, qs); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: Speakers = %+v, want %+v", name, got, want)
	}
	if _, _, got := QuotesAndSpeakers(text); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: QuotesAndSpeakers speakers = %+v, want %+v", name, got, want)
	}
}

// TestLazySpeakersMatchReference checks that every speaker a QuoteSpeakers
// gives, asked for in any order, is the one speakersReference (Speakers as
// it was before speakers were read lazily) gives.
func TestLazySpeakersMatchReference(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	quotations := 0
	for name, text := range lazySpeakerInputs(t) {
		qs, _ := Quotes(text)
		n := len(qs)
		quotations += n
		orders := [][]int{nil}
		if n > 0 {
			forward, backward := make([]int, n), make([]int, n)
			for k := range n {
				forward[k], backward[k] = k, n-1-k
			}
			orders = append(orders, forward, backward, []int{n - 1}, []int{n / 2, n / 2, 0})
			for range 4 {
				orders = append(orders, r.Perm(n))
			}
			for range 4 { // a few quotations, as a check asks for
				order := make([]int, 1+r.Intn(3))
				for i := range order {
					order[i] = r.Intn(n)
				}
				orders = append(orders, order)
			}
		}
		for _, order := range orders {
			checkLazySpeakers(t, name, text, order)
		}
	}
	if quotations < 200 {
		t.Errorf("the inputs have %d quotations, want the evaluation sources' hundreds", quotations)
	}
}

// TestLazySpeakerCasesDependOnOthers checks that lazySpeakerCases test
// what they are named for: speakers taken from other quotations or
// resolved from far away.
func TestLazySpeakerCasesDependOnOthers(t *testing.T) {
	for _, tc := range []struct {
		name string
		k    int // quotation
		keys []string
	}{
		{"pronoun beyond lookback", 0, nil},
		{"pronoun near then beyond lookback", 0, []string{"andy", "jassy"}},
		// resolved by the state the first pronoun left (the resolver reads
		// on from the previous pronoun), though the name is further back
		// than maxLookback; the third pronoun is not
		{"pronoun near then beyond lookback", 1, []string{"andy", "jassy"}},
		{"pronoun near then beyond lookback", 2, nil},
		{"pronoun after antecedent in a late window", 0, []string{"brian", "olsavsky"}},
		{"pronoun after antecedent in a late window", 1, nil},
		{"pronoun after antecedent in a late window", 2, []string{"peter", "quinn"}},
		{"continued quotation chain", 0, []string{"jassy"}},
		{"continued quotation chain", 2, []string{"jassy"}},
		{"continued quotation chain", 4, []string{"jassy"}},
		{"continued to nothing", 0, nil},
		{"continued with attribution early", 1, []string{"quinn"}},
		{"continued to a pronoun", 0, []string{"smith"}},
		{"several unattributed in a block", 1, nil},
		{"several unattributed in a block", 3, []string{"jassy"}},
		{"several unattributed in a block", 4, []string{"jassy"}},
		{"attribution before, then unattributed", 1, []string{"jassy"}},
		// "she" after “Yes,” said Mr. Smith: the honorific's period does not end
		// the attribution, so Smith is the last speaker named
		{"mixed paragraphs", 5, []string{"smith"}},
	} {
		text := lazySpeakerCases[tc.name]
		qs, _ := Quotes(text)
		if got := NewQuoteSpeakers(text, qs).Speaker(tc.k); !reflect.DeepEqual(got.Keys, tc.keys) {
			t.Errorf("%s: quotation %d has keys %q, want %q", tc.name, tc.k, got.Keys, tc.keys)
		}
	}
}

// FuzzQuoteSpeakers compares the lazy speakers, asked for in an order
// drawn from seed, with speakersReference on arbitrary text.
func FuzzQuoteSpeakers(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, int64(i))
	}
	for _, s := range lazySpeakerCases {
		f.Add(s, int64(len(s)))
	}
	f.Fuzz(func(t *testing.T, s string, seed int64) {
		qs, _ := Quotes(s)
		r := rand.New(rand.NewSource(seed))
		order := r.Perm(len(qs))
		if len(order) > 0 {
			order = order[:1+r.Intn(len(order))]
		}
		checkLazySpeakers(t, "fuzz", s, order)
	})
}

// speakersReference is Speakers as it was before QuoteSpeakers read
// speakers lazily: every speaker in order, then the continued quotations.
func speakersReference(text string, qs []Quote, blocks []Span) []Speaker {
	out := make([]Speaker, len(qs))
	if len(qs) == 0 {
		return out
	}
	var res resolver
	var sc scratch
	bi := 0
	blockOf := make([]int, len(qs))
	for qi, q := range qs {
		for bi+1 < len(blocks) && blocks[bi].End < q.Start {
			bi++
		}
		blockOf[qi] = bi
		sp := sc.attributionOf(text, qs, qi, blocks[bi])
		if sp.Kind == PronounSpeaker {
			if m, ok := res.before(&sc, text, min(sp.Start, q.Start)); ok {
				sp.Keys = m.Keys
				sp.Phrase = m.Phrase
			}
		}
		if sp.Kind == NoSpeaker && qi > 0 && blockOf[qi-1] == bi {
			sp = out[qi-1]
		}
		out[qi] = sp
	}
	for i := len(qs) - 2; i >= 0; i-- {
		if qs[i].Continued && !out[i].Known() {
			out[i] = out[i+1]
		}
	}
	return out
}
