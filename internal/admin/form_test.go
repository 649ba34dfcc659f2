package admin

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseDraftForm(t *testing.T) {
	tests := []struct {
		name    string
		form    url.Values
		want    []string // headline, dek, then body paragraphs
		watch   []string
		wantErr string
	}{
		{name: "paragraphs", form: url.Values{"headline": {" Shares rise "}, "dek": {"Dek."},
			"body": {"First line\r\ncontinues.\r\n\r\n\r\nSecond.\r\n"}, "watch": {"Q3 call\n\n  Guidance  \n"}},
			want: []string{"Shares rise", "Dek.", "First line continues.", "Second."}, watch: []string{"Q3 call", "Guidance"}},
		{name: "old mac line ends", form: url.Values{"headline": {"H"}, "body": {"a\r\rb"}}, want: []string{"H", "", "a", "b"}},
		{name: "no headline", form: url.Values{"body": {"x"}}, wantErr: "headline is empty"},
		{name: "blank body", form: url.Values{"headline": {"H"}, "body": {"\n \n\t"}}, wantErr: "body is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := parseDraftForm(tc.form)
			if tc.wantErr != "" {
				if err == nil || !errors.Is(err, errForm) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("parseDraftForm = %v, want an errForm containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := append([]string{d.Headline, d.Dek}, d.Body...)
			if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(d.Watch, tc.watch) {
				t.Errorf("parseDraftForm = %q watch %q, want %q watch %q", got, d.Watch, tc.want, tc.watch)
			}
		})
	}
}

func TestFormVersion(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{{"", 0, true}, {"3", 3, true}, {" 12 ", 12, true}, {"-1", 0, false}, {"x", 0, false}, {"99999999999999999999", 0, false}}
	for _, tc := range tests {
		got, err := formVersion(url.Values{"version": {tc.in}})
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("formVersion(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// FuzzDraftForm feeds arbitrary urlencoded bodies through the form parser:
// it never panics, and what it accepts has a headline and body without
// blank paragraphs or line breaks inside them.
func FuzzDraftForm(f *testing.F) {
	f.Add("headline=Shares+rise&body=First.%0D%0A%0D%0ASecond.&watch=a%0Ab&version=2")
	f.Add("headline=&body=")
	f.Add("headline=%FF%FE&body=%00&version=-3")
	f.Add("body=a&body=b&headline=x;y")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		_, _ = formVersion(v)
		d, err := parseDraftForm(v)
		if err != nil {
			if !errors.Is(err, errForm) {
				t.Fatalf("error %v is not an errForm", err)
			}
			return
		}
		if d.Headline == "" || len(d.Body) == 0 {
			t.Fatalf("accepted a draft without headline or body: %+v", d)
		}
		for _, p := range append(append([]string{}, d.Body...), d.Watch...) {
			if strings.TrimSpace(p) != p || p == "" || strings.ContainsAny(p, "\r\n") {
				t.Fatalf("paragraph %q is not trimmed and single-line", p)
			}
		}
		_ = utf8.ValidString(d.Headline) // validity is the newsroom's check
	})
}
