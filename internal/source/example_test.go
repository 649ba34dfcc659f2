package source_test

import (
	"fmt"

	"alphadesk/internal/source"
)

func ExampleParse() {
	file := "Source: Reuters\nURL: https://www.reuters.com/example\n\nAmazon projected second-quarter net sales of $194 billion to $199 billion."
	s, err := source.Parse("reuters.txt", []byte(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Kind, s.URL)
	fmt.Println(s.Text)
	// Output:
	// Reuters news https://www.reuters.com/example
	// Amazon projected second-quarter net sales of $194 billion to $199 billion.
}
