package draft_test

import (
	"fmt"

	"alphadesk/internal/draft"
	"alphadesk/internal/source"
)

func ExampleExtractive_Compose() {
	src := source.Source{Name: "Meridian Air", Kind: source.Statement, Text: `Meridian Air raises outlook

Meridian Air Group said on Tuesday that it now expects fourth-quarter revenue of $4.1 billion to $4.3 billion, after holiday bookings came in stronger than planned.

The airline expects capacity to grow 6% in the fourth quarter from a year earlier.

"We added flights where we saw demand and we are filling them," said Chief Executive Officer Dana Whitfield.

Meridian Air will report fourth-quarter results on January 21, 2027.`}
	d, err := draft.Extractive{}.Compose([]source.Source{src})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Doc().Text)
	// Output:
	// Meridian Air raises outlook
	//
	// Meridian Air Group said on Tuesday that it now expects fourth-quarter revenue of $4.1 billion to $4.3 billion, after holiday bookings came in stronger than planned.
	//
	// The airline expects capacity to grow 6% in the fourth quarter from a year earlier, Meridian Air said in a statement. "We added flights where we saw demand and we are filling them," said Chief Executive Officer Dana Whitfield.
	//
	// Meridian Air will report fourth-quarter results on January 21, 2027, Meridian Air said in a statement.
}
