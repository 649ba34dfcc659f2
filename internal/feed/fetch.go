package feed

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Fetch limits used when Options leaves a field zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 8 << 20 // 8 MiB of decompressed body
	DefaultMaxRedirects = 5
	DefaultHostDelay    = time.Second
	DefaultBackoffBase  = time.Minute
	DefaultBackoffMax   = 6 * time.Hour
)

// Version is the product version the User-Agent carries.
const Version = "0.1"

// UserAgent returns the User-Agent header alphadesk sends: the product name
// and version and a contact for publishers (SEC EDGAR, for one, refuses
// automated requests without a contact).
func UserAgent(contact string) string {
	if contact == "" {
		contact = "contact not configured"
	}
	return "alphadesk/" + Version + " (self-hosted market-news desk; " + contact + ")"
}

// Options configures a Fetcher. Zero fields take the defaults above.
type Options struct {
	// Contact is an e-mail address or URL publishers can reach the operator
	// at; it goes into the User-Agent.
	Contact string
	// Timeout bounds one fetch, redirects and body included.
	Timeout time.Duration
	// MaxBytes caps the body after decompression; a larger body fails with
	// ErrTooLarge without being read further.
	MaxBytes int64
	// MaxRedirects is how many redirects one fetch follows.
	MaxRedirects int
	// HostDelay is the minimum time between the starts of two requests to
	// the same host. Negative disables the delay.
	HostDelay time.Duration
	// BackoffBase and BackoffMax shape the per-source backoff after errors.
	BackoffBase, BackoffMax time.Duration
	// Clock is the time source for politeness and backoff; SystemClock when nil.
	Clock Clock
	// Transport, when set, replaces the network transport of every request
	// (tests only: it bypasses the address guard).
	Transport http.RoundTripper

	// resolver and checkAddr replace the system resolver and CheckAddr in
	// the guarded transport (tests only: security_test.go resolves names
	// through a fake DNS server and treats one loopback address as public,
	// so that redirects and DNS rebinding are exercised without a network).
	resolver  *net.Resolver
	checkAddr func(netip.Addr) error
}

// Fetcher fetches feeds and article pages politely and safely. It is safe
// for concurrent use; share one per process so that politeness and backoff
// see every request.
type Fetcher struct {
	opts      Options
	userAgent string
	guarded   *http.Client // refuses non-public addresses at connection time
	open      *http.Client // for sources marked local
	gate      *hostGate
	backoff   *Backoff
	clock     Clock
}

// NewFetcher returns a Fetcher with opts, defaults filled in.
func NewFetcher(opts Options) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.HostDelay == 0 {
		opts.HostDelay = DefaultHostDelay
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = DefaultBackoffBase
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = DefaultBackoffMax
	}
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	f := &Fetcher{
		opts:      opts,
		userAgent: UserAgent(opts.Contact),
		gate:      &hostGate{delay: opts.HostDelay},
		backoff:   NewBackoff(opts.BackoffBase, opts.BackoffMax),
		clock:     opts.Clock,
	}
	if opts.Transport != nil {
		f.guarded = newClient(opts.Transport)
		f.open = f.guarded
	} else {
		check := opts.checkAddr
		if check == nil {
			check = CheckAddr
		}
		f.guarded = newClient(newTransport(check, opts.resolver))
		f.open = newClient(newTransport(nil, opts.resolver))
	}
	return f
}

// newTransport returns the transport of one client. With check set, every
// connection's address is checked at connection time (guardControl); nil
// allows any address (sources marked local). resolver nil is the system's.
func newTransport(check func(netip.Addr) error, resolver *net.Resolver) *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Resolver: resolver}
	if check != nil {
		d.Control = guardControl(check)
	}
	return &http.Transport{
		// No proxy: with one, the guard would check the proxy's address
		// instead of the publisher's.
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  20 * time.Second,
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        90 * time.Second,
		MaxIdleConnsPerHost:    2,
		MaxResponseHeaderBytes: 64 << 10,
		// Decompression is done by hand so the size cap counts decompressed bytes.
		DisableCompression: true,
	}
}

func newClient(rt http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: rt,
		// Redirects are followed by hand, each hop checked and spaced.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Backoff exposes the fetcher's per-source backoff state.
func (f *Fetcher) Backoff() *Backoff { return f.backoff }

// Request is one fetch.
type Request struct {
	URL string
	// Source names the source the fetch is for. When set, the fetch is
	// refused with ErrBackoff while the source is backing off, and its
	// outcome updates the source's backoff state.
	Source string
	// Local allows private and loopback addresses (the source is marked local).
	Local bool
	// ETag and LastModified are the validators of the previous response; when
	// set the fetch is conditional and may come back NotModified.
	ETag, LastModified string
	// Accept is the Accept header; a feed default when empty.
	Accept string
}

// Response is a fetched body and the validators for the next conditional fetch.
type Response struct {
	URL          string // final URL, after redirects
	StatusCode   int
	ContentType  string
	Body         []byte // decompressed, at most MaxBytes
	ETag         string
	LastModified string
	// NotModified is set when the server answered 304 to a conditional
	// fetch; Body is empty and the validators are the request's unless the
	// server sent new ones.
	NotModified bool
	FetchedAt   time.Time
}

// StatusError is a non-success HTTP status. It matches ErrHTTPStatus with errors.Is.
type StatusError struct {
	Code       int
	Status     string
	RetryAfter time.Duration // from a Retry-After header, if any
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%v: %s", ErrHTTPStatus, e.Status)
}

// Is makes errors.Is(err, ErrHTTPStatus) true.
func (e *StatusError) Is(target error) bool { return target == ErrHTTPStatus }

const defaultAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"

// Fetch performs one GET with every limit applied. Errors wrap the sentinel
// that explains them (ErrTooLarge, ErrTooManyRedirects, ErrBlockedAddress,
// ErrBackoff, ErrHTTPStatus via *StatusError, ErrUnsafeURL) and name the URL.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	resp, err := f.fetch(ctx, req)
	if req.Source != "" {
		f.record(req.Source, err)
	}
	return resp, err
}

// record updates the backoff state of source after an attempt.
func (f *Fetcher) record(source string, err error) {
	switch {
	case err == nil:
		f.backoff.Success(source)
	case errors.Is(err, ErrBackoff), errors.Is(err, context.Canceled):
		// not an attempt
	default:
		var se *StatusError
		var ra time.Duration
		if errors.As(err, &se) {
			ra = se.RetryAfter
		}
		f.backoff.Failure(source, f.clock.Now(), ra)
	}
}

func (f *Fetcher) fetch(ctx context.Context, req Request) (*Response, error) {
	if req.Source != "" {
		if n, until := f.backoff.State(req.Source); n > 0 && f.clock.Now().Before(until) {
			return nil, fmt.Errorf("%w: %d consecutive failure(s); next attempt after %s", ErrBackoff, n, until.UTC().Format(time.RFC3339))
		}
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()

	client := f.guarded
	if req.Local {
		client = f.open
	}
	target := req.URL
	for hop := 0; ; hop++ {
		u, err := checkFetchURL(target)
		if err != nil {
			return nil, err
		}
		if wait := f.gate.reserve(strings.ToLower(u.Hostname()), f.clock.Now()); wait > 0 {
			if err := f.clock.Sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("fetch %s: waiting for the host's politeness delay: %w", target, err)
			}
		}
		hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", target, err)
		}
		hreq.Header.Set("User-Agent", f.userAgent)
		hreq.Header.Set("Accept-Encoding", "gzip")
		accept := req.Accept
		if accept == "" {
			accept = defaultAccept
		}
		hreq.Header.Set("Accept", accept)
		if req.ETag != "" {
			hreq.Header.Set("If-None-Match", req.ETag)
		}
		if req.LastModified != "" {
			hreq.Header.Set("If-Modified-Since", req.LastModified)
		}
		resp, err := client.Do(hreq)
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", target, unwrapURLError(err))
		}
		if isRedirect(resp.StatusCode) {
			loc := resp.Header.Get("Location")
			drain(resp)
			if loc == "" {
				return nil, fmt.Errorf("fetch %s: %s without a Location header", target, resp.Status)
			}
			if hop >= f.opts.MaxRedirects {
				return nil, fmt.Errorf("fetch %s: %w (limit %d)", req.URL, ErrTooManyRedirects, f.opts.MaxRedirects)
			}
			next, err := u.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("fetch %s: bad redirect Location %q: %w", target, loc, err)
			}
			target = next.String()
			continue
		}
		return f.readResponse(req, target, resp)
	}
}

func (f *Fetcher) readResponse(req Request, target string, resp *http.Response) (*Response, error) {
	defer resp.Body.Close()
	out := &Response{
		URL:          target,
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FetchedAt:    f.clock.Now(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		drain(resp)
		return nil, fmt.Errorf("fetch %s: %w", target, &StatusError{
			Code: resp.StatusCode, Status: resp.Status,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), out.FetchedAt),
		})
	}
	body, err := readCapped(resp, f.opts.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", target, err)
	}
	out.Body = body
	return out, nil
}

// readCapped reads the body, gunzipping it if needed, and fails with
// ErrTooLarge as soon as more than max decompressed bytes arrive: memory
// use stays near max whatever the server sends.
func readCapped(resp *http.Response, max int64) ([]byte, error) {
	var r io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		if resp.ContentLength > max {
			return nil, fmt.Errorf("%w: Content-Length %d > %d bytes", ErrTooLarge, resp.ContentLength, max)
		}
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q (only gzip was offered)", enc)
	}
	buf := make([]byte, 0, min(max+1, 64<<10))
	lr := io.LimitReader(r, max+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, fmt.Errorf("%w: more than %d bytes after decompression", ErrTooLarge, max)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
	}
}

func checkFetchURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrUnsafeURL, raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q: only http and https are fetched", ErrUnsafeURL, raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w: %q has no host", ErrUnsafeURL, raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: %q carries credentials", ErrUnsafeURL, raw)
	}
	u.Fragment = ""
	return u, nil
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// drain reads a little of an unwanted body so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 32<<10)
	resp.Body.Close()
}

// unwrapURLError drops the *url.Error layer, whose message repeats the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// maxRetryAfter bounds the wait a server's Retry-After can impose: a
// larger one (or one that overflows) waits this long, and the source's
// backoff takes over from there.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date,
// at most maxRetryAfter.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || s > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfter)
	}
	return 0
}
