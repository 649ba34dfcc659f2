package demo

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"

	"alphadesk/internal/draft"
	"alphadesk/internal/llm"
	"alphadesk/internal/source"
)

// news holds the demo's SIMULATED news: items written for the demo in real
// feed formats, about real companies of the universe, with invented events,
// figures and quotations. Each folder is one demo source:
//
//	demo-wire/wire.rss                 RSS 2.0
//	demo-markets-daily/markets.atom    Atom 1.0
//	demo-business-journal/journal.json JSON Feed 1.1
//	demo-edgar/*-ex99-1.html           8-K filings' EX-99.1 press releases
//
//go:embed news
var news embed.FS

// NewsSource is one demo news source: a folder of the embedded news.
type NewsSource struct {
	// Name is the source's name in the sources-file sense.
	Name string
	// Display is the publisher name stories show; every one says "Demo".
	Display string
	// Kind says how drafts attribute the source.
	Kind source.Kind
	// FS is the folder.
	FS fs.FS
}

// NewsSources returns the demo's news sources. Every display name starts
// with "Demo" so no reader takes a demo story for real news.
func NewsSources() []NewsSource {
	sub := func(dir string) fs.FS {
		f, err := fs.Sub(news, "news/"+dir)
		if err != nil {
			panic("demo: embedded news folder " + dir + ": " + err.Error()) // the folders are compiled in
		}
		return f
	}
	return []NewsSource{
		{Name: "demo-wire", Display: "Demo Wire", Kind: source.News, FS: sub("demo-wire")},
		{Name: "demo-markets-daily", Display: "Demo Markets Daily", Kind: source.News, FS: sub("demo-markets-daily")},
		{Name: "demo-business-journal", Display: "Demo Business Journal", Kind: source.News, FS: sub("demo-business-journal")},
		{Name: "demo-edgar", Display: "Demo EDGAR filings", Kind: source.Filing, FS: sub("demo-edgar")},
	}
}

// SimulatedModel names the demo's scripted stand-in for a language model.
const SimulatedModel = "demo-simulated-model"

// scripted are the drafts the simulated model writes for two demo items,
// by the item's title. Each repeats a mistake real models make, so the demo
// shows the publishing rules catching it: a quotation nobody said (the
// rules reject the story) and a figure no source gives (they hold it).
var scripted = map[string]draft.Draft{
	"Nike quarterly revenue rises 4% as wholesale orders recover": {
		Headline: "Nike quarterly revenue rises 4% as wholesale orders recover",
		Dek:      "Nike's wholesale business grew while its own stores and website sold less.",
		Body: []string{
			"Nike Inc said on Thursday its quarterly revenue rose 4 percent to $12.4 billion, as orders from wholesale partners recovered.",
			"\"We expect the best holiday season in Nike's history,\" Chief Executive Elliott Hill said on a call with analysts.",
			"Wholesale revenue grew 9 percent to $6.8 billion, while Nike Direct revenue fell 3 percent to $4.6 billion, the company said in a statement.",
		},
	},
	"McDonald's global comparable sales rise 3.6%": {
		Headline: "McDonald's global comparable sales rise 3.6%",
		Dek:      "Value meals and promotions lifted sales in the third quarter.",
		Body: []string{
			"McDonald's Corp said on Wednesday global comparable sales rose 3.6 percent in the third quarter, helped by value meals and limited-time promotions.",
			"U.S. comparable sales rose 2.4 percent, while international operated markets grew 4.3 percent, the company said in a statement.",
			"Revenue was $7.4 billion, up 5 percent from a year earlier, the company said.",
		},
	},
}

// Drafter returns the demo's drafter: the simulated model, run through the
// real model drafter (draft.LLM), for the scripted items, and fallback (the
// extractive drafter) for every other story.
func Drafter(fallback draft.Drafter) draft.Drafter {
	return demoDrafter{fallback: fallback}
}

type demoDrafter struct{ fallback draft.Drafter }

func (d demoDrafter) Draft(ctx context.Context, srcs []source.Source) (draft.Draft, error) {
	for _, s := range srcs {
		if answer, ok := scripted[s.Title]; ok {
			return draft.LLM{Model: scriptedModel{answer}, Attempts: 1}.Draft(ctx, srcs)
		}
	}
	return d.fallback.Draft(ctx, srcs)
}

// scriptedModel answers every request with one draft, as a chat model
// answering in the drafter's JSON shape would.
type scriptedModel struct{ answer draft.Draft }

func (m scriptedModel) Complete(ctx context.Context, req llm.Request) (llm.Response, error) {
	if err := ctx.Err(); err != nil {
		return llm.Response{}, err
	}
	if len(req.Messages) == 0 || !strings.Contains(req.Messages[len(req.Messages)-1].Content, m.answer.Headline[:20]) {
		return llm.Response{}, errors.New("demo model: asked about sources it has no script for")
	}
	b, err := json.Marshal(struct {
		Headline string   `json:"headline"`
		Dek      string   `json:"dek"`
		Body     []string `json:"body"`
	}{m.answer.Headline, m.answer.Dek, m.answer.Body})
	if err != nil {
		return llm.Response{}, err
	}
	return llm.Response{Content: string(b), Model: SimulatedModel, FinishReason: "stop"}, nil
}
