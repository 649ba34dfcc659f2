package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"alphadesk/internal/newsroom"
)

// clientIP is the address the rate limit counts against: the connection's
// peer. Forwarding headers are not trusted; behind a proxy, every reader
// shares the proxy's bucket.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// reportCorrection accepts a correction report: token, rate limit and
// fields are checked in that order, and a valid report is stored and
// answered with a redirect to the thank-you page.
func (s *Server) reportCorrection(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.badRequest(w, r, "The form could not be read. Reload the page and send it again.")
		return
	}
	if !s.csrfOK(r) {
		s.logger.InfoContext(r.Context(), "Correction form token mismatch", slog.String(logKeyPath, r.URL.Path))
		s.errorPage(w, r, http.StatusForbidden, "Form expired",
			"This form could not be verified: it may have been open for too long, or cookies are blocked. Reload the page and send it again.")
		return
	}
	if ok, wait := s.limiter.allow(clientIP(r), s.now()); !ok {
		secs := int(wait.Seconds()) + 1
		w.Header().Set("Retry-After", fmt.Sprint(secs))
		s.errorPage(w, r, http.StatusTooManyRequests, "Too many reports",
			fmt.Sprintf("You have sent several reports in a short time. Please wait %d minutes and try again.", (secs+59)/60))
		return
	}
	p := s.newCorrectionPage(w, r)
	p.Story = storySlug(r.PostFormValue("story"))
	p.Text = r.PostFormValue("text")
	p.Contact = strings.TrimSpace(r.PostFormValue("contact"))
	p.Errors = validateCorrection(p.Story, p.Text, p.Contact)
	if len(p.Errors) == 0 {
		if h, ok := s.publishedHeadline(r, p.Story); ok {
			p.Headline = h
		} else {
			p.Errors = append(p.Errors, fmt.Sprintf("There is no published story at “%s”. Copy the address of the story from your browser, or its last part after /news/.", truncate(p.Story, 80)))
		}
	}
	if len(p.Errors) > 0 {
		s.correctionForm(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	c, err := s.news.ReportCorrection(r.Context(), newsroom.CorrectionReport{Slug: p.Story, Text: p.Text, Contact: p.Contact})
	switch {
	case errors.Is(err, newsroom.ErrInvalid), errors.Is(err, newsroom.ErrNotFound), errors.Is(err, newsroom.ErrTransition):
		p.Errors = []string{"The report could not be accepted: " + err.Error()}
		s.correctionForm(w, r, http.StatusUnprocessableEntity, p)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.logger.InfoContext(r.Context(), "Correction reported", slog.String(logKeyStory, c.Slug), slog.Int64("correction", c.ID))
	http.Redirect(w, r, "/corrections/thanks?story="+url.QueryEscape(c.Slug), http.StatusSeeOther)
}

// storySlug reads the story a reader named: a slug, or an address whose
// path is /news/SLUG.
func storySlug(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/news/"); i >= 0 {
		s = s[i+len("/news/"):]
	}
	s, _, _ = strings.Cut(s, "?")
	s, _, _ = strings.Cut(s, "#")
	return strings.Trim(s, "/")
}

// validateCorrection checks a report's fields; each message says what to
// fix.
func validateCorrection(slug, text, contact string) []string {
	var errs []string
	if slug == "" {
		errs = append(errs, "Name the story: its address, or the last part of it after /news/.")
	}
	if !utf8.ValidString(text) || !utf8.ValidString(contact) {
		return append(errs, "The text is not valid UTF-8.")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(text)); {
	case n < newsroom.MinCorrectionLen:
		errs = append(errs, fmt.Sprintf("Say what is wrong in at least %d characters (you wrote %d).", newsroom.MinCorrectionLen, n))
	case n > newsroom.MaxCorrectionLen:
		errs = append(errs, fmt.Sprintf("Keep the report to %d characters (you wrote %d).", newsroom.MaxCorrectionLen, n))
	}
	if n := utf8.RuneCountInString(contact); n > newsroom.MaxContactLen {
		errs = append(errs, fmt.Sprintf("Keep the contact to %d characters (you wrote %d).", newsroom.MaxContactLen, n))
	}
	if strings.ContainsAny(contact, "\r\n\t") {
		errs = append(errs, "Write the contact on one line.")
	}
	return errs
}
