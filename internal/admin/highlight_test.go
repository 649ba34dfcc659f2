package admin

import (
	"fmt"
	"strings"
	"testing"

	"alphadesk/internal/newsroom"
)

func finding(sev newsroom.Severity, start, end int) newsroom.Finding {
	return newsroom.Finding{Rule: "r", Severity: sev, DraftSpan: [2]int{start, end}}
}

// show renders segments as text with marks: «text»1,2.
func show(segs []Segment) string {
	var s strings.Builder
	for _, seg := range segs {
		if len(seg.Marks) == 0 {
			s.WriteString(seg.Text)
			continue
		}
		fmt.Fprintf(&s, "«%s»%v%s", seg.Text, seg.Marks, seg.Severity)
	}
	return s.String()
}

func TestHighlight(t *testing.T) {
	text := "Sales rose 12% to €3 billion."
	tests := []struct {
		name string
		fs   []newsroom.Finding
		want string
	}{
		{"none", nil, text},
		{"one", []newsroom.Finding{finding(newsroom.SeverityHold, 11, 14)}, "Sales rose «12%»[1]hold to €3 billion."},
		{"overlap", []newsroom.Finding{finding(newsroom.SeverityInfo, 6, 14), finding(newsroom.SeverityBlock, 11, 21)},
			"Sales «rose »[1]info«12%»[1 2]block« to €»[2]block3 billion."},
		{"nested same end", []newsroom.Finding{finding(newsroom.SeverityHold, 0, 14), finding(newsroom.SeverityInfo, 6, 14)},
			"«Sales »[1]hold«rose 12%»[1 2]hold to €3 billion."},
		{"out of range", []newsroom.Finding{finding(newsroom.SeverityHold, -5, 5), finding(newsroom.SeverityHold, 25, 999)},
			"«Sales»[1]hold rose 12% to €3 bi«llion.»[2]hold"},
		{"empty and inverted", []newsroom.Finding{finding(newsroom.SeverityHold, 4, 4), finding(newsroom.SeverityHold, 9, 2)}, text},
		{"inside a character", []newsroom.Finding{finding(newsroom.SeverityHold, 19, 22)}, "Sales rose 12% to «€3»[1]hold billion."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			segs := Highlight(text, tc.fs)
			if got := show(segs); got != tc.want {
				t.Errorf("Highlight = %s\nwant        %s", got, tc.want)
			}
			var all strings.Builder
			for _, s := range segs {
				all.WriteString(s.Text)
			}
			if all.String() != text {
				t.Errorf("segments join to %q, want the text", all.String())
			}
		})
	}
}

func TestHighlightEnds(t *testing.T) {
	segs := Highlight("abcdef", []newsroom.Finding{finding(newsroom.SeverityHold, 0, 4), finding(newsroom.SeverityHold, 2, 6)})
	var ends []string
	for _, s := range segs {
		ends = append(ends, fmt.Sprint(s.Ends))
	}
	if got, want := strings.Join(ends, " "), "[] [1] [2]"; got != want {
		t.Errorf("ends = %s, want %s", got, want)
	}
}

func FuzzHighlight(f *testing.F) {
	f.Add("Sales rose 12% to €3 billion.", 11, 14, -3, 40)
	f.Add("\xff\xfe", 1, 2, 0, 1)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		segs := Highlight(text, []newsroom.Finding{finding(newsroom.SeverityHold, a, b), finding(newsroom.SeverityBlock, c, d)})
		var all strings.Builder
		for _, s := range segs {
			if s.Text == "" {
				t.Fatalf("empty segment")
			}
			all.WriteString(s.Text)
		}
		if all.String() != text {
			t.Fatalf("segments join to %q, want %q", all.String(), text)
		}
	})
}
