package draft

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzDecode feeds arbitrary draft files (the JSON shape or plain text) to
// Decode, as `alphadesk check --draft FILE` does: it never panics, a
// refusal wraps one of the draft errors or is a JSON error, every block of
// the Doc lies inside its text, and a decoded draft survives a JSON round
// trip unchanged.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"# Apple beats estimates\n\nRevenue rose 8% to $94.9 billion, the company said.\n\nShares rose 3%.\n\n- Guidance on Nov. 2\n- Buyback\n",
		`{"headline":"Apple beats estimates","dek":"Revenue rose 8%.","body":["Shares rose 3%."],"watch":["Guidance"],"sources":[{"name":"Wire","url":"https://example.com"}]}`,
		`{"headline":"","body":[],"sources":[],"extra":1}`,
		"\xef\xbb\xbfHeadline\r\n\r\nBody | with | table\r\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"• bullet one\n• bullet two",
		"\xff",
		"   {",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, doc, err := Decode(data)
		if err != nil {
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			if !errors.Is(err, ErrNoText) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrEncoding) &&
				!errors.As(err, &se) && !errors.As(err, &te) && err.Error() == "" {
				t.Fatalf("Decode: unexplained error %v", err)
			}
			return
		}
		for _, b := range doc.Blocks {
			if b.Start < 0 || b.Start > b.End || b.End > len(doc.Text) {
				t.Fatalf("block %+v outside the %d-byte text", b, len(doc.Text))
			}
		}
		js, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal %+v: %v", d, err)
		}
		back, _, err := Decode(js)
		if err != nil {
			t.Fatalf("the decoded draft, as JSON, does not decode: %v\n%s", err, js)
		}
		if !reflect.DeepEqual(normal(back), normal(d)) {
			t.Errorf("JSON round trip changed the draft:\n got %+v\nwant %+v", back, d)
		}
	})
}

// normal makes empty and nil slices compare equal.
func normal(d Draft) Draft {
	if len(d.Body) == 0 {
		d.Body = nil
	}
	if len(d.Watch) == 0 {
		d.Watch = nil
	}
	if len(d.Sources) == 0 {
		d.Sources = nil
	}
	if len(d.Support) == 0 {
		d.Support = nil
	}
	return d
}
