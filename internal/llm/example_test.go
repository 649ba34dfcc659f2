package llm_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"alphadesk/internal/llm"
)

func ExampleClient_Complete() {
	// A stand-in for a chat-completions server (Ollama, vLLM, llama.cpp, a
	// hosted API): it answers every request with the same completion.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"llama3.1:8b",`+
			`"choices":[{"index":0,"message":{"role":"assistant","content":"{\"headline\":\"Amazon backlog hits $364 billion\"}"},"finish_reason":"stop"}],`+
			`"usage":{"prompt_tokens":42,"completion_tokens":12,"total_tokens":54}}`)
	}))
	defer srv.Close()

	c, err := llm.New(llm.Config{URL: srv.URL + "/v1", Model: "llama3.1:8b"})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := c.Complete(context.Background(), llm.Request{
		Messages: []llm.Message{{Role: "user", Content: "Draft a headline as JSON."}},
		JSON:     true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Model, resp.FinishReason, resp.Content)
	// Output: llama3.1:8b stop {"headline":"Amazon backlog hits $364 billion"}
}
