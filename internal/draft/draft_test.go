package draft

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"alphadesk/internal/extract"
)

func TestDocRendering(t *testing.T) {
	d := Draft{Headline: " Headline ", Dek: "Dek.", Body: []string{"P1.", "", "P2."}, Watch: []string{"W1.", "W2."}}
	doc := d.Doc()
	want := "Headline\n\nDek.\n\nP1.\n\nP2.\n\n- W1.\n- W2."
	if doc.Text != want {
		t.Fatalf("text %q, want %q", doc.Text, want)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Field)+":"+doc.Text[b.Start:b.End])
	}
	wantBlocks := []string{"headline:Headline", "dek:Dek.", "body:P1.", "body:P2.", "watch:W1.", "watch:W2."}
	if !reflect.DeepEqual(got, wantBlocks) {
		t.Errorf("blocks %q, want %q", got, wantBlocks)
	}
	if doc.Blocks[3].Index != 2 {
		t.Errorf("second body block index %d, want 2 (the paragraph's position in Body)", doc.Blocks[3].Index)
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Draft
	}{
		{
			name: "seed layout",
			in:   "Big Headline Here\n\nA one-sentence dek.\n\nFirst paragraph.\n\nA Heading\n\nSecond paragraph.\n\nWatch these:\n\n  • First bullet.\n  • Second bullet.\n\nClosing paragraph.",
			want: Draft{Headline: "Big Headline Here", Dek: "A one-sentence dek.", Body: []string{"First paragraph.", "A Heading", "Second paragraph.", "Watch these:", "Closing paragraph."}, Watch: []string{"First bullet.", "Second bullet."}},
		},
		{
			name: "markdown heading and dash bullets",
			in:   "# Headline\n\nDek text.\n\nBody.\nIntro:\n- one\n- two",
			want: Draft{Headline: "Headline", Dek: "Dek text.", Body: []string{"Body.\nIntro:"}, Watch: []string{"one", "two"}},
		},
		{
			name: "long first paragraph is body",
			in:   strings.Repeat("word ", 30) + "end.\n\nMore.",
			want: Draft{Body: []string{strings.Repeat("word ", 30) + "end.", "More."}},
		},
		{
			name: "table is not a dek",
			in:   "Headline\n\n| a | b |\n|---|---|\n| 1 | 2 |",
			want: Draft{Headline: "Headline", Body: []string{"| a | b |\n|---|---|\n| 1 | 2 |"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := ParseText(tc.in)
			if got := doc.Draft(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("draft\n got %#v\nwant %#v", got, tc.want)
			}
			for _, b := range doc.Blocks {
				if b.Start < 0 || b.End > len(tc.in) || b.Start >= b.End {
					t.Errorf("block %+v outside the text", b)
				}
			}
		})
	}
}

func TestDecode(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		d, doc, err := Decode([]byte(`{"headline":"H","dek":"D","body":["B1","B2"],"sources":[{"name":"Reuters","url":"https://x"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if d.Headline != "H" || len(d.Body) != 2 || d.Sources[0].Name != "Reuters" || doc.Text != "H\n\nD\n\nB1\n\nB2" {
			t.Errorf("got %+v / %q", d, doc.Text)
		}
	})
	t.Run("plain text keeps file offsets", func(t *testing.T) {
		in := "\xef\xbb\xbfHeadline\r\n\r\nBody text here.\r\n"
		_, doc, err := Decode([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Text != in[3:] {
			t.Errorf("doc text %q, want the file without its byte-order mark", doc.Text)
		}
	})
	tests := []struct {
		name    string
		in      string
		wantErr error
		wantMsg string
	}{
		{"empty", "", ErrNoText, "no text"},
		{"blank", " \n\n \t", ErrNoText, "no text"},
		{"empty json", `{"headline":"","body":[]}`, ErrNoText, "all empty"},
		{"bad json", `{"headline":`, nil, "read JSON draft"},
		{"unknown field", `{"title":"x"}`, nil, `unknown field "title"`},
		{"invalid utf8", "Head\xffline", ErrEncoding, "at byte 4"},
		{"too large", strings.Repeat("a", MaxDraftBytes+1), ErrTooLarge, "limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Decode([]byte(tc.in))
			if err == nil {
				t.Fatalf("Decode succeeded, want %q", tc.wantMsg)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v is not %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tc.wantMsg)
			}
		})
	}
}

func TestWithout(t *testing.T) {
	d := Draft{
		Headline: "H",
		Body:     []string{"Keep this.", "Table:\n| a |\n| b |\nAfter table.", "| x |\n| y |", "Last one."},
		Support: []Support{
			{Field: Body, Index: 1, Span: [2]int{21, 33}, Text: "After table."},
			{Field: Body, Index: 3, Span: [2]int{0, 9}, Text: "Last one."},
			{Field: Headline, Span: [2]int{0, 1}, Text: "H"},
		},
	}
	doc := d.Doc()
	var cut []extract.Span
	for _, tb := range extract.Tables(doc.Text) {
		cut = append(cut, tb.Span)
	}
	if len(cut) != 2 {
		t.Fatalf("found %d tables, want 2", len(cut))
	}
	got := Without(d, doc, cut)
	wantBody := []string{"Keep this.", "Table:\n\nAfter table.", "Last one."}
	if !reflect.DeepEqual(got.Body, wantBody) {
		t.Errorf("body %q, want %q", got.Body, wantBody)
	}
	wantSupport := []Support{
		{Field: Body, Index: 1, Span: [2]int{8, 20}, Text: "After table."},
		{Field: Body, Index: 2, Span: [2]int{0, 9}, Text: "Last one."},
		{Field: Headline, Span: [2]int{0, 1}, Text: "H"},
	}
	if !reflect.DeepEqual(got.Support, wantSupport) {
		t.Errorf("support %+v, want %+v", got.Support, wantSupport)
	}
	if len(d.Body) != 4 {
		t.Errorf("Without changed its argument")
	}
}
