package web

import (
	"html/template"
	"net/http"
	"strings"

	"alphadesk/internal/rules"
)

// policyRule is one publishing rule as the editorial policy shows it.
type policyRule struct {
	Name string
	Body []template.HTML // paragraphs
}

// policyRules renders every registered rule's own description, so the
// policy page can never drift from the rules the pipeline runs.
func policyRules() []policyRule {
	var out []policyRule
	for _, r := range rules.All() {
		out = append(out, policyRule{Name: r.Name(), Body: paragraphs(r.Description())})
	}
	return out
}

// paragraphs splits plain text with **bold** marks into HTML paragraphs.
// The text is escaped first; only the bold marks become markup.
func paragraphs(text string) []template.HTML {
	var out []template.HTML
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		esc := template.HTMLEscapeString(para)
		var b strings.Builder
		parts := strings.Split(esc, "**")
		if len(parts)%2 == 0 { // an unmatched mark: keep it as text
			b.WriteString(esc)
		} else {
			for i, part := range parts {
				if i%2 == 1 {
					b.WriteString("<strong>" + part + "</strong>")
				} else {
					b.WriteString(part)
				}
			}
		}
		out = append(out, template.HTML(b.String())) //nolint:gosec // escaped above
	}
	return out
}

// policyPage is the data of the editorial policy.
type policyPage struct {
	layout
	Rules []policyRule
}

// showEditorialPolicy renders the editorial policy from the rules.
func (s *Server) showEditorialPolicy(w http.ResponseWriter, r *http.Request) {
	s.html(w, r, http.StatusOK, "editorial_policy", policyPage{
		layout: layout{Title: "Editorial Policy", Nav: navPolicy,
			Description: "How alphadesk drafts, checks, publishes and corrects its stories."},
		Rules: s.policyRules,
	})
}
