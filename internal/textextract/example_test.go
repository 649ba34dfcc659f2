package textextract_test

import (
	"fmt"

	"alphadesk/internal/textextract"
)

func ExampleFromHTML() {
	page := `<html><head><title>Markets | Example</title><script>track()</script></head>
<body><nav>Home</nav><h1>Apple &amp; Google team up</h1>
<p>The companies said on Friday<br>they would share code.</p><footer>(c) Example</footer></body></html>`
	fmt.Println(textextract.FromHTML(page))
	// Output:
	// Apple & Google team up
	//
	// The companies said on Friday
	// they would share code.
}
