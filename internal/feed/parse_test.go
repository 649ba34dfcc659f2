package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestParseGolden(t *testing.T) {
	tests := []struct {
		file   string
		source Source
	}{
		{"rss.xml", Source{Name: "wire", Kind: KindRSS, URL: "https://wire.example.com/rss"}},
		{"atom.xml", Source{Name: "desk", Kind: KindAtom, URL: "https://desk.example.org/feed.atom"}},
		{"feed.json", Source{Name: "briefs", Kind: KindJSONFeed, URL: "https://briefs.example.net/feed.json"}},
		{"edgar_8k.atom.xml", Source{Name: "sec", Kind: KindEDGAR, URL: "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent"}},
		{"edgar_8k.atom.xml", Source{Name: "sec-all", Kind: KindEDGAR, URL: "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent", Forms: []string{"*"}}},
	}
	for _, tt := range tests {
		t.Run(tt.source.Name, func(t *testing.T) {
			f, err := Parse(tt.source, readFile(t, filepath.Join("testdata", tt.file)), fetchTime)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.source.Name+".json", f)
		})
	}
}

func TestParseSanitisesAndResolves(t *testing.T) {
	f, err := Parse(Source{Name: "wire", Kind: KindRSS}, readFile(t, filepath.Join("testdata", "rss.xml")), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 3 {
		t.Fatalf("got %d items, want 3", len(f.Items))
	}
	for _, it := range f.Items {
		all := it.Summary + it.Content
		for _, bad := range []string{"<script", "onclick", "javascript:", "<svg", "onload", "alert("} {
			if strings.Contains(all, bad) {
				t.Errorf("item %q keeps %q after sanitising:\n%s", it.Title, bad, all)
			}
		}
	}
	if got, want := f.Items[1].URL, "https://wire.example.com/markets/2026/05/apple-broadcom"; got != want {
		t.Errorf("relative link resolved to %q, want %q", got, want)
	}
	if got, want := f.Items[1].Title, "Apple & Broadcom sign multiyear chip supply deal"; got != want {
		t.Errorf("title %q, want %q (entities decoded)", got, want)
	}
	if got := f.Items[0].Author; got != "Dana Whitfield" {
		t.Errorf("dc:creator gave author %q, want Dana Whitfield", got)
	}
}

func TestParseEDGAR(t *testing.T) {
	src := Source{Name: "sec", Kind: KindEDGAR, URL: "https://www.sec.gov/x"}
	f, err := Parse(src, readFile(t, filepath.Join("testdata", "edgar_8k.atom.xml")), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range f.Items {
		fl := it.Filing
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s|%v", fl.FormType, fl.Company, fl.CIK, fl.Accession, fl.Filed.Format(time.RFC3339), fl.Items))
	}
	want := []string{
		"8-K|APPLE INC|0000320193|0000320193-26-000041|2026-04-30T20:31:02Z|[2.02 9.01]",
		"8-K/A|SOCIÉTÉ EXEMPLE HOLDINGS|0001999901|0001999901-26-000003|2026-04-30T19:02:45Z|[7.01 9.01]",
		"8-K|AMAZON COM INC|0001018724|0001018724-26-000019|2026-04-30T20:05:12Z|[2.02 9.01]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("filings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if u := f.Items[0].URL; u != "https://www.sec.gov/Archives/edgar/data/320193/000032019326000041/0000320193-26-000041-index.htm" {
		t.Errorf("filing URL %q", u)
	}
	if len(f.Notes) != 1 || !strings.Contains(f.Notes[0], "10-Q ×1") || !strings.Contains(f.Notes[0], "4 ×2") {
		t.Errorf("notes %q, want one naming the skipped form types", f.Notes)
	}

	// With every form kept, the two parties of a filing merge into one
	// item, the company's entry winning over the reporting person's.
	all, err := Parse(Source{Name: "sec", Kind: KindEDGAR, URL: "https://www.sec.gov/x", Forms: []string{"*"}}, readFile(t, filepath.Join("testdata", "edgar_8k.atom.xml")), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, it := range all.Items {
		roles[it.Filing.Accession] = it.Filing.Company + " (" + it.Filing.Role + ")"
	}
	if len(all.Items) != 6 {
		t.Errorf("got %d filings, want 6 (8 entries, two filings listed twice)", len(all.Items))
	}
	if got := roles["0001214156-26-000007"]; got != "APPLE INC (Issuer)" {
		t.Errorf("Form 4 merged to %q, want the issuer APPLE INC", got)
	}
	if got := roles["0001193125-26-110022"]; got != "MICROSOFT CORP (Filer)" {
		t.Errorf("Form 425 merged to %q, want the filer MICROSOFT CORP", got)
	}
}

// TestParseEDGARSharedFixture reads a real EDGAR getcurrent feed
// (ISO-8859-1, 100 entries, no 8-K among them).
func TestParseEDGARSharedFixture(t *testing.T) {
	body := readFile(t, sharedFile(t, "fixtures/edgar_atom/getcurrent_all_2025-12-12.atom.xml"))
	src := Source{Name: "sec", Kind: KindEDGAR, URL: "https://www.sec.gov/x"}
	def, err := Parse(src, body, fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(def.Items) != 0 || len(def.Notes) == 0 || !strings.Contains(def.Notes[len(def.Notes)-1], "4 ×88") {
		t.Errorf("default forms: %d items, notes %q; want none kept and a note counting 88 Form 4 entries", len(def.Items), def.Notes)
	}
	src.Forms = []string{"*"}
	all, err := Parse(src, body, fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) < 40 || len(all.Items) > 100 {
		t.Errorf("all forms: %d filings, want between 40 and 100 (100 entries, mostly listed twice)", len(all.Items))
	}
	for _, it := range all.Items {
		fl := it.Filing
		if len(fl.CIK) != 10 || fl.Accession == "" || fl.Company == "" || fl.Filed.IsZero() || !strings.HasPrefix(fl.URL, "https://www.sec.gov/Archives/") {
			t.Errorf("incomplete filing %+v", fl)
		}
	}
}

func TestParseYahooSharedFixture(t *testing.T) {
	body := readFile(t, sharedFile(t, "fixtures/rss/yahoo_finance_rssindex_2022-01-08.xml"))
	f, err := Parse(Source{Name: "yahoo", Kind: KindRSS, URL: "https://finance.example/rss"}, body, fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 50 {
		t.Errorf("got %d items, want 50", len(f.Items))
	}
	for _, it := range f.Items {
		if it.Title == "" || it.URL == "" {
			t.Errorf("item without title or link: %+v", it)
		}
	}
	t.Logf("notes: %q", f.Notes)
}

// TestMalformedFeeds gives each malformed feed of the issue its clear,
// per-source outcome: an error naming the source and what is wrong, or a
// usable feed with a note for the editor.
func TestMalformedFeeds(t *testing.T) {
	tests := []struct {
		file      string
		wantErr   error
		wantMsg   string // in the error, or in a note when wantErr is nil
		wantItems int
	}{
		{"truncated.xml", ErrTruncated, "XML ends at line 23 before its elements are closed", 0},
		{"truncated.json", ErrTruncated, "JSON ends after", 0},
		{"billion_laughs.xml", ErrEntityDeclaration, "declares XML entities", 0},
		{"unknown_encoding.xml", ErrUnsupportedEncoding, `names "x-klingon-8"`, 0},
		{"not_a_feed.html", ErrNotAFeed, "starts with \"<!DOCTYPE html>", 0},
		{"mislabelled_cp1252.xml", nil, "declares UTF-8 but is not valid UTF-8 (first bad byte on line 3); read it as Windows-1252", 1},
		{"latin1.xml", nil, "", 1},
		{"missing_dates.xml", nil, "2 item(s) have no usable date; stamped with the fetch time 2026-05-04T12:00:00Z", 3},
		{"duplicate_guids.xml", nil, "dropped 2 item(s) repeating an earlier item's GUID", 5},
		{"duplicate_guids.xml", nil, "1 item(s) repeat an earlier item's GUID but link elsewhere; identified them by their link", 5},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src := Source{Name: "bad-" + strings.TrimSuffix(tt.file, filepath.Ext(tt.file)), Kind: KindRSS, URL: "https://feeds.example.com/" + tt.file}
			f, err := Parse(src, readFile(t, filepath.Join("testdata", "malformed", tt.file)), fetchTime)
			if tt.wantErr != nil {
				var se *SourceError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &se) {
					t.Fatalf("Parse = %v, want a *SourceError wrapping %v", err, tt.wantErr)
				}
				msg := err.Error()
				if !strings.Contains(msg, `source "`+src.Name+`"`) || !strings.Contains(msg, src.URL) || !strings.Contains(msg, tt.wantMsg) {
					t.Errorf("error %q should name the source, its URL and say %q", msg, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse = %v, want a usable feed", err)
			}
			if len(f.Items) != tt.wantItems {
				t.Errorf("got %d items, want %d", len(f.Items), tt.wantItems)
			}
			if tt.wantMsg != "" && !strings.Contains(strings.Join(f.Notes, "\n"), tt.wantMsg) {
				t.Errorf("notes %q lack %q", f.Notes, tt.wantMsg)
			}
		})
	}
}

func TestParseEncodings(t *testing.T) {
	latin, err := Parse(Source{Name: "fr", Kind: KindRSS}, readFile(t, filepath.Join("testdata", "malformed", "latin1.xml")), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := latin.Items[0].Title, "Société Générale relève ses prévisions"; got != want {
		t.Errorf("ISO-8859-1 title %q, want %q", got, want)
	}
	cp, err := Parse(Source{Name: "cp", Kind: KindRSS}, readFile(t, filepath.Join("testdata", "malformed", "mislabelled_cp1252.xml")), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cp.Items[0].Title, "Exxon says “growth” will continue — CEO"; got != want {
		t.Errorf("mislabelled Windows-1252 title %q, want %q", got, want)
	}
	// UTF-16 with a byte-order mark.
	var u16 bytes.Buffer
	u16.Write([]byte{0xff, 0xfe})
	for _, r := range `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Zürich</title><item><title>Straße</title><guid>1</guid></item></channel></rss>` {
		u16.Write([]byte{byte(r), byte(r >> 8)})
	}
	f, err := Parse(Source{Name: "u16", Kind: KindRSS}, u16.Bytes(), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Zürich" || f.Items[0].Title != "Straße" {
		t.Errorf("UTF-16 feed read as %q / %q", f.Title, f.Items[0].Title)
	}
}

// TestGofeedDoesNotExpandEntities checks the library beneath Parse: even
// without Parse's refusal, encoding/xml leaves custom entities unexpanded,
// so a billion-laughs document stays small.
func TestGofeedDoesNotExpandEntities(t *testing.T) {
	body := readFile(t, filepath.Join("testdata", "malformed", "billion_laughs.xml"))
	gf, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	total := len(gf.Title) + len(gf.Description)
	for _, it := range gf.Items {
		total += len(it.Title) + len(it.Description)
	}
	if total > len(body) || strings.Contains(gf.Title, "lollol") {
		t.Errorf("gofeed expanded entities: %d bytes of text from a %d-byte document (title %q)", total, len(body), truncate(gf.Title, 40))
	}
}

// manyItems returns an RSS feed with n items.
func manyItems(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Firehose</title><link>https://firehose.example.com/</link><description>d</description>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d: Company reports results</title><link>https://firehose.example.com/%d</link><guid>f-%d</guid><pubDate>Mon, 04 May 2026 08:%02d:00 GMT</pubDate><description>Company %d said revenue rose, and it expects growth to continue next year.</description></item>\n", i, i, i, i%60, i)
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

func TestParseCapsItems(t *testing.T) {
	f, err := Parse(Source{Name: "firehose", Kind: KindRSS}, manyItems(10000), fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != MaxItems {
		t.Errorf("got %d items, want the cap %d", len(f.Items), MaxItems)
	}
	if f.Items[0].GUID != "f-0" || f.Items[MaxItems-1].GUID != fmt.Sprintf("f-%d", MaxItems-1) {
		t.Errorf("kept %s…%s, want the first %d in document order", f.Items[0].GUID, f.Items[len(f.Items)-1].GUID, MaxItems)
	}
	want := "the feed has 10000 items; kept the first 1000 (the cap per fetch)"
	if len(f.Notes) != 1 || f.Notes[0] != want {
		t.Errorf("notes %q, want [%q]", f.Notes, want)
	}
}

// TestPollMalformedSourcesIsolated polls one good source and one source
// per malformed case of the issue from a test server: each bad source gets
// its own clear error or note, and the good source is unaffected.
func TestPollMalformedSourcesIsolated(t *testing.T) {
	files := map[string][]byte{
		"/good.xml":      readFile(t, filepath.Join("testdata", "rss.xml")),
		"/truncated.xml": readFile(t, filepath.Join("testdata", "malformed", "truncated.xml")),
		"/encoding.xml":  readFile(t, filepath.Join("testdata", "malformed", "mislabelled_cp1252.xml")),
		"/laughs.xml":    readFile(t, filepath.Join("testdata", "malformed", "billion_laughs.xml")),
		"/many.xml":      manyItems(10000),
		"/undated.xml":   readFile(t, filepath.Join("testdata", "malformed", "missing_dates.xml")),
		"/dups.xml":      readFile(t, filepath.Join("testdata", "malformed", "duplicate_guids.xml")),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/huge.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`)
			item := []byte(strings.Repeat("<item><title>x</title></item>", 1000))
			for n := 0; n < hundredMB; n += len(item) {
				if _, err := w.Write(item); err != nil {
					return
				}
			}
			return
		}
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	f, _ := testFetcher(Options{MaxBytes: 8 << 20})

	tests := []struct {
		name, path string
		wantErr    error
		wantText   string // in the error, or in the notes
		wantItems  int
	}{
		{"good", "/good.xml", nil, "", 3},
		{"truncated", "/truncated.xml", ErrTruncated, "XML ends at line 23", 0},
		{"wrong-encoding", "/encoding.xml", nil, "read it as Windows-1252", 1},
		{"huge", "/huge.xml", ErrTooLarge, "more than 8388608 bytes after decompression", 0},
		{"laughs", "/laughs.xml", ErrEntityDeclaration, "entity-expansion", 0},
		{"many", "/many.xml", nil, "kept the first 1000", MaxItems},
		{"undated", "/undated.xml", nil, "no usable date", 3},
		{"dups", "/dups.xml", nil, "repeating an earlier item's GUID", 5},
		{"gone", "/missing.xml", ErrHTTPStatus, "404 Not Found", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := Source{Name: tt.name, Kind: KindRSS, URL: srv.URL + tt.path, Local: true, Interval: time.Minute}
			res, err := f.Poll(context.Background(), src, PollState{})
			if tt.wantErr != nil {
				var se *SourceError
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &se) || se.Source != tt.name {
					t.Fatalf("Poll = %v, want a *SourceError for %q wrapping %v", err, tt.name, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantText) || !strings.HasPrefix(err.Error(), `source "`+tt.name+`"`) {
					t.Errorf("error %q should start with the source and say %q", err, tt.wantText)
				}
				if n, _ := f.Backoff().State(tt.name); n != 1 {
					t.Errorf("backoff failures %d, want 1", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Poll = %v, want a feed", err)
			}
			if len(res.Feed.Items) != tt.wantItems {
				t.Errorf("got %d items, want %d", len(res.Feed.Items), tt.wantItems)
			}
			if tt.wantText != "" && !strings.Contains(strings.Join(res.Feed.Notes, "\n"), tt.wantText) {
				t.Errorf("notes %q lack %q", res.Feed.Notes, tt.wantText)
			}
		})
	}
}

func TestPollConditionalAndFolder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"a"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"a"`)
		_, _ = w.Write(readFile(t, filepath.Join("testdata", "atom.xml")))
	}))
	defer srv.Close()
	f, _ := testFetcher(Options{})
	src := Source{Name: "desk", Kind: KindAtom, URL: srv.URL, Local: true}
	first, err := f.Poll(context.Background(), src, PollState{})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || len(first.Feed.Items) != 2 || first.State.ETag != `"a"` {
		t.Fatalf("first poll: %+v", first)
	}
	second, err := f.Poll(context.Background(), src, first.State)
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.Feed != nil || second.State != first.State {
		t.Errorf("second poll: NotModified=%v Feed=%v State=%+v; want not modified with the same state", second.NotModified, second.Feed, second.State)
	}
	folder, err := f.Poll(context.Background(), Source{Name: "demo", Kind: KindFolder, Path: filepath.Join("testdata", "folder")}, PollState{})
	if err != nil || len(folder.Feed.Items) == 0 {
		t.Errorf("folder poll: %v, %+v", err, folder)
	}
	_, err = f.Poll(context.Background(), Source{Name: "nowhere", Kind: KindFolder, Path: filepath.Join("testdata", "no-such-folder")}, PollState{})
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), `source "nowhere": read`) {
		t.Errorf("missing folder: %v, want a read error naming the source", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.xml", "testdata/*.json", "testdata/malformed/*"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			f.Add(readFile(f, file))
		}
	}
	f.Add(manyItems(3))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, kind := range []Kind{KindRSS, KindEDGAR} {
			src := Source{Name: "fuzz", Kind: kind, URL: "https://fuzz.example/"}
			fd, err := Parse(src, body, fetchTime)
			if err != nil {
				var se *SourceError
				if !errors.As(err, &se) || se.Source != "fuzz" {
					t.Errorf("Parse error %v is not a *SourceError for the source", err)
				}
				continue
			}
			if len(fd.Items) > MaxItems {
				t.Errorf("%d items, over the cap %d", len(fd.Items), MaxItems)
			}
			seen := map[string]bool{}
			for _, it := range fd.Items {
				if it.GUID == "" || seen[it.GUID] {
					t.Errorf("empty or repeated GUID %q", it.GUID)
				}
				seen[it.GUID] = true
				if it.Published.IsZero() {
					t.Errorf("item %q has no date", it.GUID)
				}
				if strings.Contains(strings.ToLower(it.Summary+it.Content), "<script") {
					t.Errorf("script survived sanitising in %q", it.GUID)
				}
				if it.URL != "" && !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
					t.Errorf("non-web link %q kept", it.URL)
				}
			}
		}
	})
}
