package feed

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestFetchArticle(t *testing.T) {
	page := readFile(t, filepath.Join("testdata", "article.html"))
	latin := []byte("<html><head><meta charset=\"iso-8859-1\"><title>Soci\xe9t\xe9</title></head><body><article><p>La Soci\xe9t\xe9 G\xe9n\xe9rale a relev\xe9 ses pr\xe9visions pour l'ann\xe9e, a-t-elle dit.</p></article></body></html>")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})
	mux.HandleFunc("GET /latin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(latin)
	})
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Visa raises fees\n\nVisa Inc will raise <some> fees from October.\n"))
	})
	mux.HandleFunc("GET /pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.7"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f, _ := testFetcher(Options{})
	ctx := context.Background()
	local := Source{Name: "wire", Kind: KindRSS, URL: srv.URL, Local: true}

	tests := []struct {
		path, want string
	}{
		{"/story", "Amazon.com Inc on Thursday projected second-quarter net sales"},
		{"/latin", "La Société Générale a relevé ses prévisions"},
		{"/plain", "Visa Inc will raise <some> fees from October."},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			a, err := f.FetchArticle(ctx, local, srv.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, a.Text)
			}
		})
	}
	_, err := f.FetchArticle(ctx, local, srv.URL+"/pdf")
	if !errors.Is(err, ErrNotAPage) || !strings.Contains(err.Error(), `content type "application/pdf"`) {
		t.Errorf("FetchArticle(pdf) = %v, want a content-type error", err)
	}
	remote := local
	remote.Local = false
	_, err = f.FetchArticle(ctx, remote, srv.URL+"/story")
	var se *SourceError
	if !errors.Is(err, ErrBlockedAddress) || !errors.As(err, &se) || se.Source != "wire" {
		t.Errorf("FetchArticle from a non-local source to loopback = %v, want a *SourceError wrapping ErrBlockedAddress", err)
	}
}
