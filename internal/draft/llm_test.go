package draft_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"alphadesk/internal/draft"
	"alphadesk/internal/llm"
	"alphadesk/internal/llm/llmtest"
	"alphadesk/internal/rules"
)

// chatServer is an httptest server speaking POST /v1/chat/completions that
// answers with the given assistant contents in turn, and records the
// requests' bodies.
func chatServer(t *testing.T, answers ...string) (*httptest.Server, func() []map[string]any) {
	t.Helper()
	var mu sync.Mutex
	var bodies []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		data, _ := io.ReadAll(r.Body)
		var body map[string]any
		if err := json.Unmarshal(data, &body); err != nil {
			http.Error(w, `{"error":{"message":"bad request body"}}`, http.StatusBadRequest)
			return
		}
		mu.Lock()
		n := len(bodies)
		bodies = append(bodies, body)
		mu.Unlock()
		content := answers[min(n, len(answers)-1)]
		resp := map[string]any{
			"id": fmt.Sprintf("chatcmpl-%d", n), "object": "chat.completion", "created": 1767225600, "model": "newsroom-7b-instruct",
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 1500, "completion_tokens": 300, "total_tokens": 1800},
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []map[string]any {
		mu.Lock()
		defer mu.Unlock()
		return append([]map[string]any(nil), bodies...)
	}
}

func client(t *testing.T, url string) *llm.Client {
	t.Helper()
	c, err := llm.New(llm.Config{URL: url + "/v1", Model: "newsroom-7b-instruct", Timeout: 5 * time.Second, MaxRetries: 1, BaseDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// answer encodes a model answer in our draft shape.
func answer(headline, dek string, body, watch []string) string {
	b, _ := json.Marshal(map[string]any{"headline": headline, "dek": dek, "body": body, "watch": watch})
	return string(b)
}

var faithfulAnswer = answer(
	"Amazon's AWS backlog climbs to $364 billion",
	"Amazon forecast second-quarter net sales of $194 billion to $199 billion, according to Northbridge Wire.",
	[]string{
		"Amazon Web Services revenue grew 28 percent year over year, and the AWS segment reported record operating margins, Amazon said in a statement.",
		"The AWS backlog stood at $364 billion at the end of the quarter, Amazon said. Much of the new commitment comes from enterprise customers signing multi-year infrastructure contracts for artificial intelligence workloads.",
		"\"Customers are moving their AI workloads from experiments to production, and they are signing long-term commitments to do it,\" said Andy Jassy, Amazon's chief executive.",
		"Capital expenditures are expected to keep rising as the company builds data centers and procures specialized hardware for generative AI, according to the statement.",
	},
	[]string{"The actual capital expenditure in the upcoming quarterly filing."},
)

var inventedQuoteAnswer = answer(
	"Amazon's AWS backlog climbs to $364 billion",
	"Amazon forecast second-quarter net sales of $194 billion to $199 billion, according to Northbridge Wire.",
	[]string{
		"Amazon Web Services revenue grew 28 percent year over year, Amazon said in a statement.",
		"\"We have never seen demand like this, and we will double the backlog by next year,\" said Andy Jassy, Amazon's chief executive.",
		"The AWS backlog stood at $364 billion at the end of the quarter, Amazon said.",
	},
	nil,
)

func TestLLMDrafterFaithfulAnswerPasses(t *testing.T) {
	srcs := seedSources(t)
	srv, requests := chatServer(t, faithfulAnswer)
	d, err := draft.LLM{Model: client(t, srv.URL)}.Draft(context.Background(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	if d.Method != "llm:newsroom-7b-instruct" || len(d.Sources) != 2 || d.Sources[0].Name != "Amazon" {
		t.Errorf("method %q sources %+v", d.Method, d.Sources)
	}
	aligned := 0
	for _, s := range d.Support {
		if s.Field == draft.Body && len(s.Sources) == 1 {
			aligned++
		}
	}
	if aligned < 4 {
		t.Errorf("%d body sentences aligned with a source, want at least 4: %+v", aligned, d.Support)
	}
	rep, err := rules.Check(rules.Input{Draft: d, Sources: srcs, TagConfidence: rules.TagConfidenceUnknown})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Severity == rules.Block {
			t.Errorf("faithful answer blocked: %s", f.Message)
		}
	}
	reqs := requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	req := reqs[0]
	if req["model"] != "newsroom-7b-instruct" {
		t.Errorf("model %v", req["model"])
	}
	if rf, _ := req["response_format"].(map[string]any); rf["type"] != "json_object" {
		t.Errorf("response_format %v, want json_object", req["response_format"])
	}
	msgs, _ := req["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("messages %v", msgs)
	}
	system := msgs[0].(map[string]any)["content"].(string)
	user := msgs[1].(map[string]any)["content"].(string)
	if !strings.Contains(system, "Never invent, merge or change a quotation") || !strings.Contains(system, `"headline"`) {
		t.Errorf("system prompt lacks the rules or the JSON shape: %q", system)
	}
	if !strings.Contains(user, "[0] Amazon (statement)") || !strings.Contains(user, "[1] Northbridge Wire (news)") || !strings.Contains(user, "$364 billion") {
		t.Errorf("user prompt lacks the numbered sources: %q", user)
	}
}

func TestLLMDrafterInventedQuoteIsCaught(t *testing.T) {
	srcs := seedSources(t)
	srv, _ := chatServer(t, inventedQuoteAnswer)
	d, err := draft.LLM{Model: client(t, srv.URL)}.Draft(context.Background(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := rules.Check(rules.Input{Draft: d, Sources: srcs, TagConfidence: rules.TagConfidenceUnknown})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Decision != rules.Reject {
		t.Errorf("decision %s, want reject", rep.Decision)
	}
	caught := false
	for _, f := range rep.Findings {
		if f.Rule == "quote.verbatim" && f.Severity == rules.Block && strings.Contains(f.Message, "We have never seen demand like this") {
			caught = true
			doc := d.Doc()
			if got := doc.Text[f.DraftSpan[0]:f.DraftSpan[1]]; !strings.Contains(got, "never seen demand") {
				t.Errorf("draft span %q does not point at the invented quote", got)
			}
		}
	}
	if !caught {
		t.Errorf("the invented quotation was not blocked: %+v", rep.Findings)
	}
}

func TestLLMDrafterRepairsABadAnswer(t *testing.T) {
	srcs := seedSources(t)
	srv, requests := chatServer(t, "Sure! Here is your story: Amazon did well.", "```json\n"+faithfulAnswer+"\n```")
	d, err := draft.LLM{Model: client(t, srv.URL)}.Draft(context.Background(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	if d.Headline == "" {
		t.Errorf("no headline")
	}
	reqs := requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	msgs := reqs[1]["messages"].([]any)
	if len(msgs) != 4 || msgs[2].(map[string]any)["role"] != "assistant" || !strings.Contains(msgs[3].(map[string]any)["content"].(string), "could not be used") {
		t.Errorf("repair request messages %v", msgs)
	}
}

func TestLLMDrafterGivesUp(t *testing.T) {
	fake := llmtest.Reply(`{"headline": "", "body": []}`)
	_, err := draft.LLM{Model: fake}.Draft(context.Background(), seedSources(t))
	if !errors.Is(err, draft.ErrBadAnswer) {
		t.Fatalf("error %v, want ErrBadAnswer", err)
	}
	if n := len(fake.Requests()); n != 2 {
		t.Errorf("%d requests, want 2 (one repair)", n)
	}
}

func TestLLMDrafterEndpointDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := client(t, "http://"+addr)
	_, err = draft.LLM{Model: c}.Draft(context.Background(), seedSources(t))
	if !errors.Is(err, llm.ErrUnavailable) || !strings.Contains(err.Error(), "is the server running") {
		t.Errorf("error %v, want ErrUnavailable saying what to check", err)
	}
}

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
		body    int
	}{
		{"plain", `{"headline":"H","dek":"D","body":["a","b"],"watch":["w"]}`, "", 2},
		{"fenced with prose", "Here you go:\n```json\n{\"headline\":\"H\",\"body\":[\"a\"]}\n```\nThanks", "", 1},
		{"objects with text", `{"headline":"H","body":[{"text":"a"},{"text":"b"}]}`, "", 2},
		{"body as one string", `{"headline":"H","body":"a\n\nb\n\nc"}`, "", 3},
		{"no json", "I cannot help with that.", "no JSON object", 0},
		{"no headline", `{"headline":"","body":["a"]}`, "needs a headline", 0},
		{"body of numbers", `{"headline":"H","body":[1,2]}`, "want a list of strings", 0},
		{"broken json", `{"headline":"H","body":["a"}`, "model answer is not a draft", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := draft.ParseAnswer(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Body) != tc.body {
				t.Errorf("%d paragraphs, want %d", len(d.Body), tc.body)
			}
		})
	}
}

func TestUserPromptCutsLongSources(t *testing.T) {
	srcs := seedSources(t)
	p := draft.UserPrompt(srcs, 300)
	if !strings.Contains(p, "[…]") || len(p) > 1200 {
		t.Errorf("prompt of %d bytes not cut: %q", len(p), p)
	}
}

func FuzzParseAnswer(f *testing.F) {
	f.Add(faithfulAnswer)
	f.Add(inventedQuoteAnswer)
	f.Add("```json\n{\"headline\":\"H\",\"body\":[{\"text\":\"a\"}]}\n```")
	f.Add(`{"body":"x"} {`)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := draft.ParseAnswer(s)
		if err == nil && (d.Headline == "" || len(d.Body) == 0) {
			t.Fatalf("accepted an answer without headline or body: %q", s)
		}
	})
}
