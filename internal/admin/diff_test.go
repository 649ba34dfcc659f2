package admin

import (
	"strings"
	"testing"
)

// join rebuilds the old (Equal+Delete) and new (Equal+Insert) texts.
func join(ops []Op) (a, b string) {
	var sa, sb strings.Builder
	for _, op := range ops {
		if op.Kind != Insert {
			sa.WriteString(op.Text)
		}
		if op.Kind != Delete {
			sb.WriteString(op.Text)
		}
	}
	return sa.String(), sb.String()
}

// render shows ops compactly: [-del-] {+ins+}.
func renderOps(ops []Op) string {
	var s strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case Delete:
			s.WriteString("[-" + op.Text + "-]")
		case Insert:
			s.WriteString("{+" + op.Text + "+}")
		default:
			s.WriteString(op.Text)
		}
	}
	return s.String()
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"same", "Shares rose 3%.", "Shares rose 3%.", "Shares rose 3%."},
		{"both empty", "", "", ""},
		{"from empty", "", "Shares rose.", "{+Shares rose.+}"},
		{"to empty", "Shares rose.", "", "[-Shares rose.-]"},
		{"one word", "Shares rose 3% on Monday.", "Shares fell 3% on Monday.", "Shares [-rose-]{+fell+} 3% on Monday."},
		{"insert", "Revenue grew.", "Revenue grew 12%.", "Revenue [-grew.-]{+grew 12%.+}"},
		{"delete middle", "The company, based in Seattle, said.", "The company said.", "The [-company, based in Seattle,-]{+company+} said."},
		{"whitespace change", "a b", "a  b", "a[- -]{+  +}b"},
		{"reorder", "alpha beta gamma", "gamma alpha beta", "{+gamma +}alpha beta[- gamma-]"},
		{"unicode", "Umsatz stieg um 5 €", "Umsatz fiel um 5 €", "Umsatz [-stieg-]{+fiel+} um 5 €"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops := Diff(tc.a, tc.b)
			if got := renderOps(ops); got != tc.want {
				t.Errorf("Diff(%q, %q) = %s, want %s", tc.a, tc.b, got, tc.want)
			}
			if a, b := join(ops); a != tc.a || b != tc.b {
				t.Errorf("Diff(%q, %q) rebuilds %q and %q", tc.a, tc.b, a, b)
			}
		})
	}
}

func TestDiffLarge(t *testing.T) {
	// Beyond the LCS table's bound the changed middle is one replacement;
	// the texts still rebuild.
	a := strings.Repeat("alpha ", 3000) + "end"
	b := strings.Repeat("beta ", 3000) + "end"
	ops := Diff(a, b)
	if ga, gb := join(ops); ga != a || gb != b {
		t.Fatalf("large diff does not rebuild its inputs")
	}
	if len(ops) != 3 || ops[0].Kind != Delete || ops[1].Kind != Insert || ops[2].Text != " end" {
		t.Errorf("large diff = %v, want delete, insert, equal \" end\"", ops[2:])
	}
}

func TestDiffMinimal(t *testing.T) {
	// The equal runs are a longest common subsequence: count equal words.
	a := "the quick brown fox jumps over the lazy dog"
	b := "the quick red fox jumped over the very lazy dog"
	eq := 0
	for _, op := range Diff(a, b) {
		if op.Kind == Equal {
			eq += len(strings.Fields(op.Text))
		}
	}
	if eq != 7 { // the quick fox over the lazy dog
		t.Errorf("equal words = %d, want 7", eq)
	}
}

func FuzzDiff(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"a b c", "a c"}, {"Shares rose 3%.", "Shares fell 3%."}, {"x\n\ny", "x y"}, {"\xff a", "a \xfe"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 4000 || len(b) > 4000 {
			t.Skip()
		}
		ops := Diff(a, b)
		if ga, gb := join(ops); ga != a || gb != b {
			t.Fatalf("Diff(%q, %q) rebuilds %q, %q", a, b, ga, gb)
		}
		for i, op := range ops {
			if op.Text == "" {
				t.Fatalf("op %d is empty", i)
			}
			if i > 0 && ops[i-1].Kind == op.Kind {
				t.Fatalf("ops %d and %d are both %v: not merged", i-1, i, op.Kind)
			}
			if i > 0 && ops[i-1].Kind == Insert && op.Kind == Delete {
				t.Fatalf("insert before delete at %d", i)
			}
		}
		if a == b && len(ops) > 1 {
			t.Fatalf("equal inputs gave %d ops", len(ops))
		}
	})
}

// BenchmarkDiff diffs two 600-word story versions with scattered edits.
func BenchmarkDiff(b *testing.B) {
	words := strings.Fields(strings.Repeat("Revenue rose 7% to $4.2 billion in the quarter, the company said on Tuesday. ", 40))
	edited := append([]string(nil), words...)
	for i := 0; i < len(edited); i += 37 {
		edited[i] = "changed"
	}
	a, c := strings.Join(words, " "), strings.Join(edited, " ")
	for b.Loop() {
		Diff(a, c)
	}
}
