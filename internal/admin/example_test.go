package admin_test

import (
	"fmt"

	"alphadesk/internal/admin"
	"alphadesk/internal/newsroom"
)

func ExampleDiff() {
	for _, op := range admin.Diff("Revenue rose 5% in the quarter.", "Revenue rose 7% in the quarter.") {
		fmt.Printf("%s %q\n", op.Kind, op.Text)
	}
	// Output:
	// equal "Revenue rose "
	// delete "5%"
	// insert "7%"
	// equal " in the quarter."
}

func ExampleHighlight() {
	text := "Revenue rose 7% to $4.2 billion."
	fs := []newsroom.Finding{{Rule: "number.traced", Severity: newsroom.SeverityHold, DraftSpan: [2]int{16, 31}}}
	for _, seg := range admin.Highlight(text, fs) {
		fmt.Printf("%q marks=%v ends=%v\n", seg.Text, seg.Marks, seg.Ends)
	}
	// Output:
	// "Revenue rose 7% " marks=[] ends=[]
	// "to $4.2 billion" marks=[1] ends=[1]
	// "." marks=[] ends=[]
}
