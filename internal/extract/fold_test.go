package extract

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"“Curly” and ‘single’", `"Curly" and 'single'`},
		{"growth — and", "growth-and"},
		{"growth--and", "growth-and"},
		{"growth–and", "growth-and"},
		{"a  b\n\tc", "a b c"},
		{"wait…", "wait..."},
		{"soft\u00adhyphen", "softhyphen"},
		{"  lead", "lead"},
	}
	for _, tc := range tests {
		f := Fold(tc.in)
		if f.Text != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, f.Text, tc.want)
		}
	}
}

func TestFoldOffsets(t *testing.T) {
	in := "He said “we — grew” today."
	f := Fold(in)
	i := indexOf(f.Text, "we-grew")
	if i < 0 {
		t.Fatalf("folded %q lacks we-grew", f.Text)
	}
	sp := f.OriginalSpan(i, i+len("we-grew"))
	if got := in[sp.Start:sp.End]; got != "we — grew" {
		t.Errorf("original span %q, want %q", got, "we — grew")
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
