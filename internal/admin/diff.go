package admin

import (
	"strings"
	"unicode"
)

// OpKind says what a diff operation does.
type OpKind int

// Diff operation kinds.
const (
	Equal  OpKind = iota // text in both
	Delete               // text only in the old version
	Insert               // text only in the new version
)

func (k OpKind) String() string {
	switch k {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// Op is one run of a diff.
type Op struct {
	Kind OpKind
	Text string
}

// maxDiffCells bounds the LCS table (old tokens × new tokens after the
// common prefix and suffix are trimmed): beyond it, the changed middle is
// reported as one deletion and one insertion rather than using more memory.
const maxDiffCells = 4 << 20

// tokens splits s into words and the whitespace between them; joined, the
// tokens are s again.
func tokens(s string) []string {
	var out []string
	start := 0
	space := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Diff returns a word-level diff of a and b by longest common subsequence
// of their words (whitespace runs count as tokens). Joining the Equal and
// Delete runs gives a; joining the Equal and Insert runs gives b. Adjacent
// runs of one kind are merged, and deletions come before insertions.
func Diff(a, b string) []Op {
	ta, tb := tokens(a), tokens(b)
	// Trim the common prefix and suffix: most edits touch little.
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var ops []Op
	add := func(k OpKind, s string) {
		if s == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += s
			return
		}
		ops = append(ops, Op{Kind: k, Text: s})
	}
	add(Equal, strings.Join(ta[:pre], ""))
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		add(Delete, strings.Join(ma, ""))
		add(Insert, strings.Join(mb, ""))
	} else {
		lcsOps(ma, mb, add)
	}
	add(Equal, strings.Join(ta[len(ta)-suf:], ""))
	return normalise(ops)
}

// lcsOps emits the edit script of a to b from the LCS length table.
func lcsOps(a, b []string, add func(OpKind, string)) {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:], in one slice.
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			add(Equal, a[i])
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			add(Delete, a[i])
			i++
		default:
			add(Insert, b[j])
			j++
		}
	}
	for ; i < n; i++ {
		add(Delete, a[i])
	}
	for ; j < m; j++ {
		add(Insert, b[j])
	}
}

// normalise merges runs between Equal runs so each change is one Delete
// followed by one Insert.
func normalise(ops []Op) []Op {
	var out []Op
	for i := 0; i < len(ops); {
		if ops[i].Kind == Equal {
			out = append(out, ops[i])
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(ops) && ops[i].Kind != Equal; i++ {
			if ops[i].Kind == Delete {
				del.WriteString(ops[i].Text)
			} else {
				ins.WriteString(ops[i].Text)
			}
		}
		if del.Len() > 0 {
			out = append(out, Op{Kind: Delete, Text: del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Op{Kind: Insert, Text: ins.String()})
		}
	}
	return out
}
