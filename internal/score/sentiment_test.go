package score

import (
	"math"
	"strings"
	"testing"
)

func TestParseSentiment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    int    // observations
		wantErr string // substring; "" for success
	}{
		{"plain", "AMZN,2016-06-30,0.5\nHAS,2016-06-29,-1\n", 2, ""},
		{"header bom blanks comments", "\ufeffsymbol,date,score\n\n# note\nAMZN, 2016-06-30 , 0.25\r\n", 1, ""},
		{"header only", "Symbol,Date,Score\n", 0, ""},
		{"empty", "", 0, ""},
		{"header later is data", "AMZN,2016-06-30,0.5\nsymbol,date,score\n", 0, "in.csv:2: date \"date\""},
		{"too few fields", "AMZN,2016-06-30\n", 0, "in.csv:1: 2 fields, want 3"},
		{"too many fields", "AMZN,2016-06-30,0.1,x\n", 0, "in.csv:1: 4 fields"},
		{"bad date", "AMZN,30/06/2016,0.1\n", 0, "in.csv:1: date \"30/06/2016\": want YYYY-MM-DD"},
		{"impossible date", "AMZN,2016-02-30,0.1\n", 0, "want YYYY-MM-DD"},
		{"far year", "AMZN,1066-10-14,0.1\n", 0, "year outside"},
		{"bad symbol", "AM%ZN,2016-06-30,0.1\n", 0, "in.csv:1: bad symbol"},
		{"empty symbol", ",2016-06-30,0.1\n", 0, "bad symbol"},
		{"score too high", "AMZN,2016-06-30,1.01\n", 0, "in.csv:1: score 1.01 outside [-1, 1]"},
		{"score NaN", "AMZN,2016-06-30,NaN\n", 0, "is not a number"},
		{"score Inf", "AMZN,2016-06-30,-Inf\n", 0, "is not a number"},
		{"hex float", "AMZN,2016-06-30,0x1p-1\n", 0, "is not a number"},
		{"error on line 3", "AMZN,2016-06-30,0.1\n\nAMZN,2016-07-01,x\n", 0, "in.csv:3:"},
		{"line too long", "AMZN,2016-06-30," + strings.Repeat("1", 5000) + "\n", 0, "longer than"},
	}
	for _, tc := range tests {
		got, err := ParseSentiment(strings.NewReader(tc.in), "in.csv")
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.wantErr)
		case tc.wantErr == "" && len(got) != tc.want:
			t.Errorf("%s: %d observations, want %d", tc.name, len(got), tc.want)
		}
	}
	got, _ := ParseSentiment(strings.NewReader("brk-b,2016-06-30,-0.5\n"), "x")
	if len(got) != 1 || got[0].Symbol != "BRK.B" || got[0].Score != -0.5 || got[0].Date.Format("2006-01-02") != "2016-06-30" {
		t.Errorf("parsed %+v, want BRK.B 2016-06-30 -0.5", got)
	}
}

// FuzzParseSentiment: any input either parses into valid observations or
// fails with an error naming the file and a line; it never panics.
func FuzzParseSentiment(f *testing.F) {
	for _, seed := range []string{
		"symbol,date,score\nAMZN,2016-06-30,0.5\n",
		"\ufeffAMZN,2016-06-30,-1\n# c\n\nHAS,2016-06-29,1e-3\n",
		"AMZN,2016-06-30,1.5\n",
		"a,b,c,d\n",
		"BRK-B,2016-02-29,0x1p-2\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		obs, err := ParseSentiment(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv:") && !strings.HasPrefix(err.Error(), "read fuzz.csv") {
				t.Fatalf("error %q does not name the file and line", err)
			}
			return
		}
		for _, o := range obs {
			if math.IsNaN(o.Score) || o.Score < -1 || o.Score > 1 || o.Symbol == "" || o.Date.IsZero() {
				t.Fatalf("bad observation %+v from %q", o, in)
			}
		}
	})
}
