package draft

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"alphadesk/internal/extract"
	"alphadesk/internal/llm"
	"alphadesk/internal/source"
)

// ChatModel is the part of an llm client the LLM drafter uses; *llm.Client
// and llmtest.Fake implement it.
type ChatModel interface {
	Complete(ctx context.Context, req llm.Request) (llm.Response, error)
}

// LLM drafts with a chat model. The model is asked for a source-grounded
// story in our JSON shape; its sentences are then aligned with the sources
// to fill Support. Nothing it writes is trusted: run the publishing rules
// on the result.
type LLM struct {
	Model ChatModel
	// MaxSourceBytes caps how much of each source goes into the prompt
	// (default 12,000 bytes); longer texts are cut at a paragraph break.
	MaxSourceBytes int
	// Temperature (default 0.2).
	Temperature float64
	// MaxTokens for the answer (default 1,200).
	MaxTokens int
	// Attempts is how many answers to ask for when one is not valid draft
	// JSON (default 2: one repair request).
	Attempts int
}

// ErrBadAnswer means the model did not answer with a usable draft.
var ErrBadAnswer = errors.New("model answer is not a draft")

// SupportThreshold is the share of a sentence's content words that must be
// found in one source passage for Support to cite it.
const SupportThreshold = 0.5

// Draft asks the model for a draft of sources.
func (l LLM) Draft(ctx context.Context, sources []source.Source) (Draft, error) {
	if l.Model == nil {
		return Draft{}, errors.New("draft: LLM drafter has no model")
	}
	if len(sources) == 0 {
		return Draft{}, errors.New("draft: no sources")
	}
	for i, s := range sources {
		if err := s.Validate(); err != nil {
			return Draft{}, fmt.Errorf("draft: source %d (%s): %w", i, s.Name, err)
		}
	}
	if l.MaxSourceBytes <= 0 {
		l.MaxSourceBytes = 12000
	}
	if l.Temperature == 0 {
		l.Temperature = 0.2
	}
	if l.MaxTokens <= 0 {
		l.MaxTokens = 1200
	}
	if l.Attempts <= 0 {
		l.Attempts = 2
	}
	temp := l.Temperature
	req := llm.Request{
		Messages:    []llm.Message{{Role: "system", Content: SystemPrompt}, {Role: "user", Content: UserPrompt(sources, l.MaxSourceBytes)}},
		Temperature: &temp,
		MaxTokens:   l.MaxTokens,
		JSON:        true,
	}
	var lastErr error
	for attempt := 0; attempt < l.Attempts; attempt++ {
		resp, err := l.Model.Complete(ctx, req)
		if err != nil {
			return Draft{}, fmt.Errorf("draft with model: %w", err)
		}
		d, err := ParseAnswer(resp.Content)
		if err == nil {
			d.Method = "llm:" + resp.Model
			for _, s := range sources {
				d.Sources = append(d.Sources, SourceRef{Name: s.Name, URL: s.URL})
			}
			d.Support = Align(d, sources)
			return d, nil
		}
		lastErr = err
		req.Messages = append(req.Messages,
			llm.Message{Role: "assistant", Content: resp.Content},
			llm.Message{Role: "user", Content: "That answer could not be used: " + err.Error() +
				". Answer again with only the JSON object {\"headline\": string, \"dek\": string, \"body\": [string, ...], \"watch\": [string, ...]}."})
	}
	return Draft{}, fmt.Errorf("draft with model: %w", lastErr)
}

// SystemPrompt holds the newsroom rules the model is asked to follow.
const SystemPrompt = `You write short market-news stories for alphadesk from the numbered sources you are given, and from nothing else.

Rules:
1. Every fact, figure, date and name must come from the sources. Do not add outside knowledge, estimates or your own calculations. Write figures as the sources write them.
2. Quote people only with their exact words from a source, inside double quotation marks, attributed to the speaker the source names. Never invent, merge or change a quotation; if unsure, paraphrase without quotation marks.
3. Attribute facts in every paragraph to the named source ("..., according to Reuters", "..., Amazon said in a statement").
4. No investment advice, price targets, ratings or buy/sell language, and no speculation.
5. Keep it factual and neutral: 3 to 6 body paragraphs of 1 to 3 sentences, and 0 to 3 "watch" bullets naming concrete next events from the sources.

Answer with one JSON object and nothing else:
{"headline": "factual headline", "dek": "one-sentence summary", "body": ["paragraph", "..."], "watch": ["what to watch", "..."]}`

// UserPrompt lists the sources, each cut to maxBytes at a paragraph break.
func UserPrompt(sources []source.Source, maxBytes int) string {
	var b strings.Builder
	b.WriteString("Sources:\n")
	for i, s := range sources {
		name := s.Name
		if name == "" {
			name = "unnamed source"
		}
		fmt.Fprintf(&b, "\n[%d] %s (%s)", i, name, s.Kind)
		if s.URL != "" {
			fmt.Fprintf(&b, " %s", s.URL)
		}
		b.WriteString("\n")
		text := s.Text
		if len(text) > maxBytes {
			cut := strings.LastIndex(text[:maxBytes], "\n\n")
			if cut < maxBytes/2 {
				cut = strings.LastIndex(text[:maxBytes], " ")
			}
			if cut <= 0 {
				cut = maxBytes
			}
			text = text[:cut] + "\n[…]"
		}
		b.WriteString(text)
		b.WriteString("\n")
	}
	b.WriteString("\nWrite the story as the JSON object described.")
	return b.String()
}

// ParseAnswer reads a model's answer as a draft. It tolerates code fences
// and text around the JSON object, and paragraphs given as objects with a
// "text" field.
func ParseAnswer(content string) (Draft, error) {
	s := strings.TrimSpace(content)
	i, j := strings.IndexByte(s, '{'), strings.LastIndexByte(s, '}')
	if i < 0 || j < i {
		return Draft{}, fmt.Errorf("%w: no JSON object in %q", ErrBadAnswer, cut(s, 120))
	}
	var raw struct {
		Headline string          `json:"headline"`
		Dek      string          `json:"dek"`
		Body     json.RawMessage `json:"body"`
		Watch    json.RawMessage `json:"watch"`
	}
	if err := json.Unmarshal([]byte(s[i:j+1]), &raw); err != nil {
		return Draft{}, fmt.Errorf("%w: %v", ErrBadAnswer, err)
	}
	body, err := paragraphs(raw.Body)
	if err != nil {
		return Draft{}, fmt.Errorf("%w: body: %v", ErrBadAnswer, err)
	}
	watch, err := paragraphs(raw.Watch)
	if err != nil {
		return Draft{}, fmt.Errorf("%w: watch: %v", ErrBadAnswer, err)
	}
	d := Draft{Headline: strings.TrimSpace(raw.Headline), Dek: strings.TrimSpace(raw.Dek), Body: body, Watch: watch}
	if d.Headline == "" || len(d.Body) == 0 {
		return Draft{}, fmt.Errorf("%w: it needs a headline and at least one body paragraph", ErrBadAnswer)
	}
	return d, nil
}

// paragraphs reads a list of strings or {"text": …} objects, or one string
// of paragraphs separated by blank lines.
func paragraphs(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		var out []string
		for _, p := range strings.Split(one, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("want a list of strings")
	}
	var out []string
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) != nil {
			var obj struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(it, &obj); err != nil || obj.Text == "" {
				return nil, fmt.Errorf("want a list of strings")
			}
			s = obj.Text
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Align fills Support for a draft written without spans: each sentence of
// the headline, dek, body and watch is matched with the source passage
// sharing most of its content words; a sentence below SupportThreshold gets
// an empty source list.
func Align(d Draft, sources []source.Source) []Support {
	texts := make([]string, len(sources))
	var names []string
	for i, s := range sources {
		texts[i] = s.Text
		if s.Name != "" {
			names = append(names, s.Name)
		}
	}
	corpus := extract.NewCorpus(texts, names...)
	var out []Support
	add := func(f Field, idx int, text string) {
		for _, s := range extract.Sentences(text) {
			sup := Support{Field: f, Index: idx, Span: [2]int{s.Start, s.End}, Text: text[s.Start:s.End], Sources: []SourceSpan{}}
			if m, ok := corpus.Best(sup.Text); ok && m.Coverage >= SupportThreshold {
				sup.Sources = append(sup.Sources, SourceSpan{Source: m.Source, Span: [2]int{m.Start, m.End}})
			}
			out = append(out, sup)
		}
	}
	add(Headline, 0, d.Headline)
	add(Dek, 0, d.Dek)
	for i, p := range d.Body {
		add(Body, i, p)
	}
	for i, w := range d.Watch {
		add(Watch, i, w)
	}
	return out
}
