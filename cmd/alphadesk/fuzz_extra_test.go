package main

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// FuzzParseInterleaved parses arbitrary argument lists (one argument a
// line) with every command's flags: parsing never panics, the positional
// arguments it returns are the command line's own, in order, and
// everything after a leading "--" is positional, whatever it looks like.
func FuzzParseInterleaved(f *testing.F) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, args := range []string{
		"prices\n--db\nx.db\na.csv\n--format\nstooq-long\nb.csv",
		"--source\na.txt\n--source=b.html\n--draft\nd.json\n--price\n12.5\n--day-change=-0.4",
		"--alpha-score\n101\n--tag-confidence\nNaN",
		"a\n--\n-b\n--c",
		"--\n-x\n-y",
		"-h",
		"--limit\n-1\n--json=false\nlist",
		"--llm-timeout\n1h\n--llm-retries=9999999999999999999",
		"---x\n-=\n--=v\n-",
		"",
	} {
		f.Add(uint8(i), args, "-x\n-y\nz")
	}
	f.Fuzz(func(t *testing.T, which uint8, raw, tail string) {
		c := commands[names[int(which)%len(names)]]
		e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}

		args := strings.Split(raw, "\n")
		fs, _ := newFlagSet(c, e)
		if got, err := parseInterleaved(fs, args); err == nil && !isSubsequence(got, args) {
			t.Errorf("%s %q: positional %q are not among the arguments", c.name, args, got)
		}

		rest := strings.Split(tail, "\n")
		fs, _ = newFlagSet(c, e)
		got, err := parseInterleaved(fs, append([]string{"--"}, rest...))
		if err != nil || !slices.Equal(got, rest) {
			t.Errorf(`%s -- %q: positional %q (error %v), want everything after "--"`, c.name, rest, got, err)
		}
	})
}

// isSubsequence reports whether sub's elements appear in seq in order.
func isSubsequence(sub, seq []string) bool {
	i := 0
	for _, s := range seq {
		if i < len(sub) && sub[i] == s {
			i++
		}
	}
	return i == len(sub)
}

func TestParseInterleavedDashes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		positional []string
		symbol     string
	}{
		{"flags between", []string{"a.csv", "--symbol", "AAPL", "b.csv"}, []string{"a.csv", "b.csv"}, "AAPL"},
		{"dashes first", []string{"--", "-a.csv", "-b.csv"}, []string{"-a.csv", "-b.csv"}, ""},
		{"dashes after a file", []string{"a.csv", "--", "-b.csv", "--symbol=X"}, []string{"a.csv", "-b.csv", "--symbol=X"}, ""},
		{"dashes after a bool flag", []string{"--skip-unknown", "--", "-a.csv", "-b.csv"}, []string{"-a.csv", "-b.csv"}, ""},
		{"dashes as a flag value", []string{"--symbol", "--", "a.csv", "--max-bad", "0"}, []string{"a.csv"}, "--"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
			fs, _ := newFlagSet(commands["import"], e)
			got, err := parseInterleaved(fs, tc.args)
			if err != nil {
				t.Fatalf("parseInterleaved(%q): %v", tc.args, err)
			}
			if !slices.Equal(got, tc.positional) {
				t.Errorf("parseInterleaved(%q) = %q, want %q", tc.args, got, tc.positional)
			}
			if sym := fs.Lookup("symbol").Value.String(); sym != tc.symbol {
				t.Errorf("--symbol = %q, want %q", sym, tc.symbol)
			}
		})
	}
}

// FuzzReadMarket feeds arbitrary market files and --price, --day-change
// and --alpha-score values to `check`'s market reader: it never panics,
// and what it accepts is finite, with a positive price and an Alpha Score
// from 0 to 100.
func FuzzReadMarket(f *testing.F) {
	f.Add(`{"symbol":"AAPL","price":189.5,"day_change_pct":-0.4,"alpha_score":71,"exchange":"NASDAQ"}`, "", "", "")
	f.Add(`{"price":-1}`, "", "", "")
	f.Add(`{"price":1e400}`, "", "", "")
	f.Add(`{"alpha_score":100.5,"extra":true}`, "", "", "")
	f.Add("", "12.5", "+1.29", "50")
	f.Add("", "NaN", "Inf", "-Inf")
	f.Add("", "NaN", "", "")
	f.Add("", "0x1p-2", "1_000", "  7 ")
	f.Add("[]", "", "", "")
	path := filepath.Join(f.TempDir(), "market.json")
	f.Fuzz(func(t *testing.T, file, price, dayChange, alpha string) {
		var o checkOptions
		if file != "" {
			if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
				t.Fatal(err)
			}
			o.market = path
		}
		for _, v := range []struct {
			flag *optionalFloat
			s    string
		}{{&o.price, price}, {&o.dayChange, dayChange}, {&o.alphaScore, alpha}} {
			if v.s != "" && v.flag.Set(v.s) != nil {
				return // the flag package reports it
			}
		}
		m, err := readMarket(o)
		if err != nil {
			return
		}
		for name, p := range map[string]*float64{"price": m.Price, "day change": m.DayChangePct, "Alpha Score": m.AlphaScore} {
			if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
				t.Errorf("accepted %s %v", name, *p)
			}
		}
		if m.Price != nil && *m.Price <= 0 {
			t.Errorf("accepted price %v", *m.Price)
		}
		if m.AlphaScore != nil && (*m.AlphaScore < 0 || *m.AlphaScore > 100) {
			t.Errorf("accepted Alpha Score %v", *m.AlphaScore)
		}
	})
}
