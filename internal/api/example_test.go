package api

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"time"
)

// ExampleNew serves the story listing from in-memory data (the package's
// test fakes; a real server passes the SQLite store and a
// newsroom.Service) and reads the first page back.
func ExampleNew() {
	st, news := fixture()
	h, err := New(Deps{Store: st, Newsroom: news}, nil, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/stories?limit=2&symbol=AAPL", nil))
	var page struct {
		Stories []struct {
			Slug    string   `json:"slug"`
			Tickers []string `json:"tickers"`
		} `json:"stories"`
		Next *string `json:"next"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	for _, s := range page.Stories {
		fmt.Println(s.Slug, s.Tickers)
	}
	fmt.Println("more pages:", page.Next != nil)
	// Output:
	// 200 application/json; charset=utf-8
	// apple-files-444444 [AAPL]
	// apple-and-amazon-222222 [AAPL AMZN]
	// more pages: true
}
