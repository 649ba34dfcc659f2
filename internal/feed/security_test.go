package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/dns/dnsmessage"
)

// The tests in this file prove the fetcher's SSRF guard and the parser's
// XML limits (docs/security.md). Names are resolved by a fake DNS server
// on loopback, so a "public-looking" host name can be made to answer any
// address, and change its answer between lookups as a rebinding attacker's
// server does. Two HTTP servers share one port: 127.0.0.2 stands for a
// public publisher (the only address the test policy lets through beyond
// CheckAddr) and 127.0.0.1 for an internal service that must never be
// reached.

// fakeDNS answers A and AAAA queries from a table; answer receives how
// many queries of that name and type came before, so an answer can change.
type fakeDNS struct {
	conn   net.PacketConn
	answer map[string]func(n int) []netip.Addr // by lower-case name without the final dot

	mu    sync.Mutex
	count map[string]int // by name + "/" + type
}

func newFakeDNS(t *testing.T, answer map[string]func(n int) []netip.Addr) *fakeDNS {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &fakeDNS{conn: conn, answer: answer, count: map[string]int{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.serve()
	}()
	t.Cleanup(func() {
		conn.Close()
		<-done
	})
	return d
}

func (d *fakeDNS) serve() {
	buf := make([]byte, 1500)
	for {
		n, from, err := d.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		if msg, ok := d.reply(buf[:n]); ok {
			_, _ = d.conn.WriteTo(msg, from)
		}
	}
}

func (d *fakeDNS) reply(query []byte) ([]byte, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, false
	}
	q, err := p.Question()
	if err != nil {
		return nil, false
	}
	name := strings.ToLower(strings.TrimSuffix(q.Name.String(), "."))
	fn, known := d.answer[name]
	var addrs []netip.Addr
	if known {
		key := name + "/" + q.Type.String()
		d.mu.Lock()
		n := d.count[key]
		d.count[key]++
		d.mu.Unlock()
		addrs = fn(n)
	}
	rcode := dnsmessage.RCodeSuccess
	if !known {
		rcode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired, RCode: rcode})
	_ = b.StartQuestions()
	_ = b.Question(q)
	_ = b.StartAnswers()
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET}
	for _, a := range addrs {
		switch {
		case q.Type == dnsmessage.TypeA && a.Is4():
			_ = b.AResource(rh, dnsmessage.AResource{A: a.As4()})
		case q.Type == dnsmessage.TypeAAAA && a.Is6():
			_ = b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: a.As16()})
		}
	}
	msg, err := b.Finish()
	return msg, err == nil
}

// queries returns how many queries of type typ (TypeA, TypeAAAA) name got.
func (d *fakeDNS) queries(name string, typ dnsmessage.Type) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.count[name+"/"+typ.String()]
}

// resolver resolves every name through d.
func (d *fakeDNS) resolver() *net.Resolver {
	addr := d.conn.LocalAddr().String()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "udp", addr)
	}}
}

// always answers addrs to every query.
func always(addrs ...string) func(int) []netip.Addr {
	return func(int) []netip.Addr { return parseAddrs(addrs) }
}

func parseAddrs(addrs []string) []netip.Addr {
	out := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		out[i] = netip.MustParseAddr(a)
	}
	return out
}

var publicForTest = netip.MustParseAddr("127.0.0.2")

// testPolicy is CheckAddr, except that 127.0.0.2 counts as public: the
// stand-in for a publisher's server.
func testPolicy(ip netip.Addr) error {
	if ip.Unmap() == publicForTest {
		return nil
	}
	return CheckAddr(ip)
}

// servers are a "public" server on 127.0.0.2 and an internal one on
// 127.0.0.1, on the same port; internal counts the requests it gets.
type servers struct {
	port     string
	public   *httptest.Server
	internal atomic.Int32
	hops     atomic.Int32 // requests the public server answered
}

func newServers(t *testing.T, public http.Handler) *servers {
	t.Helper()
	s := &servers{}
	var pubL, inL net.Listener
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("cannot listen on 127.0.0.2 (%v): the SSRF tests need a second loopback address", err)
		}
		_, port, _ := net.SplitHostPort(l.Addr().String())
		if in, err := net.Listen("tcp", "127.0.0.1:"+port); err == nil {
			pubL, inL, s.port = l, in, port
			break
		}
		l.Close()
	}
	if pubL == nil {
		t.Fatal("no port free on both 127.0.0.1 and 127.0.0.2")
	}
	internal := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.internal.Add(1)
		fmt.Fprint(w, "internal secret")
	}))
	internal.Listener.Close()
	internal.Listener = inL
	internal.Start()
	t.Cleanup(internal.Close)
	s.public = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hops.Add(1)
		// A new connection per request, so each fetch dials (and
		// resolves) again.
		w.Header().Set("Connection", "close")
		public.ServeHTTP(w, r)
	}))
	s.public.Listener.Close()
	s.public.Listener = pubL
	s.public.Start()
	t.Cleanup(s.public.Close)
	return s
}

// url returns http://host:port+path on the servers' shared port.
func (s *servers) url(host, path string) string {
	return "http://" + net.JoinHostPort(host, s.port) + path
}

func securityFetcher(dns *fakeDNS) *Fetcher {
	f, _ := testFetcher(Options{resolver: dns.resolver(), checkAddr: testPolicy, Timeout: 5 * time.Second})
	return f
}

// TestSSRFNameResolvingToInternal fetches public-looking names whose DNS
// answer is internal: each is refused with ErrBlockedAddress at connection
// time and the internal server gets nothing.
func TestSSRFNameResolvingToInternal(t *testing.T) {
	srv := newServers(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "public feed") }))
	tests := []struct {
		name    string
		addrs   []string
		blocked bool
	}{
		{"loopback", []string{"127.0.0.1"}, true},
		{"loopback-range", []string{"127.8.9.10"}, true},
		{"private-10", []string{"10.0.0.5"}, true},
		{"private-192", []string{"192.168.1.1"}, true},
		{"metadata", []string{"169.254.169.254"}, true},
		{"unspecified", []string{"0.0.0.0"}, true},
		{"cgnat", []string{"100.64.0.1"}, true},
		{"v6-loopback", []string{"::1"}, true},
		{"v6-unique-local", []string{"fd00::1"}, true},
		{"v4-mapped-loopback", []string{"::ffff:127.0.0.1"}, true},
		{"v4-mapped-metadata", []string{"::ffff:169.254.169.254"}, true},
		{"nat64-metadata", []string{"64:ff9b::a9fe:a9fe"}, true},
		// The control: a name answering the stand-in public address is fetched.
		{"public", []string{"127.0.0.2"}, false},
	}
	answers := map[string]func(int) []netip.Addr{}
	for _, tt := range tests {
		answers[tt.name+".attacker.test"] = always(tt.addrs...)
	}
	f := securityFetcher(newFakeDNS(t, answers))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := srv.url(tt.name+".attacker.test", "/feed.xml")
			resp, err := f.Fetch(context.Background(), Request{URL: target})
			if !tt.blocked {
				if err != nil || string(resp.Body) != "public feed" {
					t.Fatalf("Fetch(%s) = %q, %v; want the public feed", target, body(resp), err)
				}
				return
			}
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("Fetch(%s) resolving to %v = %v, want ErrBlockedAddress", target, tt.addrs, err)
			}
		})
	}
	if n := srv.internal.Load(); n != 0 {
		t.Errorf("the internal server got %d requests, want 0", n)
	}
}

// TestSSRFRedirectToInternal follows redirects from the public server to
// internal addresses, by IP literal and by name: every hop is checked
// where it connects, so each is refused and the internal server gets
// nothing, while a redirect to another public name is followed.
func TestSSRFRedirectToInternal(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "public feed") })
	mux.HandleFunc("GET /redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	srv := newServers(t, mux)
	dns := newFakeDNS(t, map[string]func(int) []netip.Addr{
		"news.attacker.test":     always("127.0.0.2"),
		"intranet.attacker.test": always("127.0.0.1"),
		"mapped.attacker.test":   always("::ffff:127.0.0.1"),
	})
	f := securityFetcher(dns)
	hop := func(to string) string { return srv.url("news.attacker.test", "/redirect?to="+urlEscape(to)) }
	tests := []struct {
		name    string
		to      string
		blocked bool
	}{
		{"ip-literal", srv.url("127.0.0.1", "/secret"), true},
		{"name-to-loopback", srv.url("intranet.attacker.test", "/secret"), true},
		{"name-to-mapped", srv.url("mapped.attacker.test", "/secret"), true},
		{"v6-loopback", srv.url("::1", "/secret"), true},
		{"v4-mapped-literal", srv.url("::ffff:127.0.0.1", "/secret"), true},
		{"metadata", "http://169.254.169.254/latest/meta-data/", true},
		{"second-hop", hop(srv.url("intranet.attacker.test", "/secret")), true},
		// The control: a redirect to a public name is followed.
		{"public", srv.url("news.attacker.test", "/feed.xml"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.hops.Load()
			resp, err := f.Fetch(context.Background(), Request{URL: hop(tt.to)})
			if srv.hops.Load() == before {
				t.Fatal("the public server was not reached: the test proves nothing")
			}
			if !tt.blocked {
				if err != nil || string(resp.Body) != "public feed" {
					t.Fatalf("redirect to %s = %q, %v; want the public feed", tt.to, body(resp), err)
				}
				return
			}
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("redirect to %s = %v, want ErrBlockedAddress", tt.to, err)
			}
		})
	}
	if n := srv.internal.Load(); n != 0 {
		t.Errorf("the internal server got %d requests, want 0", n)
	}
}

// TestSSRFDNSRebinding uses a name that answers the public address first
// and loopback afterwards. Whatever saw the first answer (an earlier fetch,
// or a lookup made to validate the URL), the connection made after the
// second answer is checked on the address it dials and refused.
func TestSSRFDNSRebinding(t *testing.T) {
	srv := newServers(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "public feed") }))
	rebind := func(n int) []netip.Addr {
		if n == 0 {
			return parseAddrs([]string{"127.0.0.2"})
		}
		return parseAddrs([]string{"127.0.0.1"})
	}
	dns := newFakeDNS(t, map[string]func(int) []netip.Addr{
		"rebind.attacker.test":   rebind,
		"precheck.attacker.test": rebind,
	})
	f := securityFetcher(dns)
	ctx := context.Background()

	t.Run("second-fetch", func(t *testing.T) {
		target := srv.url("rebind.attacker.test", "/feed.xml")
		resp, err := f.Fetch(ctx, Request{URL: target})
		if err != nil || string(resp.Body) != "public feed" {
			t.Fatalf("first Fetch(%s) = %q, %v; want the public feed", target, body(resp), err)
		}
		// One lookup for the one connection: the fetcher resolves nowhere
		// else, so no earlier answer can stand in for the dialed one.
		if n := dns.queries("rebind.attacker.test", dnsmessage.TypeA); n != 1 {
			t.Errorf("first fetch made %d A lookups, want 1", n)
		}
		_, err = f.Fetch(ctx, Request{URL: target})
		if !errors.Is(err, ErrBlockedAddress) {
			t.Fatalf("second Fetch(%s) after rebinding to loopback = %v, want ErrBlockedAddress", target, err)
		}
	})
	t.Run("after-a-validating-lookup", func(t *testing.T) {
		ips, err := dns.resolver().LookupNetIP(ctx, "ip4", "precheck.attacker.test")
		if err != nil || len(ips) != 1 || testPolicy(ips[0]) != nil {
			t.Fatalf("validating lookup = %v, %v; want one public address", ips, err)
		}
		_, err = f.Fetch(ctx, Request{URL: srv.url("precheck.attacker.test", "/feed.xml")})
		if !errors.Is(err, ErrBlockedAddress) {
			t.Fatalf("Fetch after the name rebound to loopback = %v, want ErrBlockedAddress", err)
		}
	})
	if n := srv.internal.Load(); n != 0 {
		t.Errorf("the internal server got %d requests, want 0", n)
	}
}

// body is a response's body, or "" for none.
func body(r *Response) string {
	if r == nil {
		return ""
	}
	return string(r.Body)
}

func urlEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "?", "%3F", "=", "%3D", "#", "%23", "+", "%2B").Replace(s)
}

// TestXMLEntityAttacks gives Parse the entity tricks a hostile feed can
// carry. Declarations are refused wherever they hide in the prolog (behind
// a comment or a quoted string that looks like an element, in UTF-16), and
// neither an external entity nor an external DTD is ever fetched.
func TestXMLEntityAttacks(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `<!ENTITY xxe "internal secret">`)
	}))
	defer srv.Close()
	const rss = `<rss version="2.0"><channel><title>&xxe;</title><link>https://x.example/</link><description>d</description>` +
		`<item><title>&lol;</title><link>https://x.example/1</link><guid>1</guid></item></channel></rss>`
	utf16 := func(s string) string {
		var b bytes.Buffer
		b.Write([]byte{0xff, 0xfe})
		for _, r := range s {
			b.Write([]byte{byte(r), byte(r >> 8)})
		}
		return b.String()
	}
	laughs := `<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`
	tests := []struct {
		name    string
		doc     string
		refused bool
	}{
		{"billion-laughs", `<?xml version="1.0"?><!DOCTYPE rss [` + laughs + `]>` + rss, true},
		{"behind-comment", `<?xml version="1.0"?><!-- <x --><!DOCTYPE rss [` + laughs + `]>` + rss, true},
		{"behind-pi", `<?xml version="1.0"?><?x <y?><!DOCTYPE rss [` + laughs + `]>` + rss, true},
		{"behind-quoted-string", `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "<a" [` + laughs + `]>` + rss, true},
		{"lower-case", `<?xml version="1.0"?><!DOCTYPE rss [<!entity lol "lol">]>` + rss, true},
		{"utf-16", utf16(`<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [` + laughs + `]>` + rss), true},
		{"external-entity", `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "` + srv.URL + `/secret">]>` + rss, true},
		{"parameter-entity", `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "` + srv.URL + `/p.dtd"> %p;]>` + rss, true},
		{"file-entity", `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + rss, true},
		// An external DTD declares nothing in the document: it parses, the
		// DTD is not fetched and the references stay as text.
		{"external-dtd", `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "` + srv.URL + `/evil.dtd">` + rss, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(Source{Name: "hostile", Kind: KindRSS}, []byte(tt.doc), fetchTime)
			if tt.refused {
				if !errors.Is(err, ErrEntityDeclaration) {
					t.Fatalf("Parse = %v, want ErrEntityDeclaration", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse = %v, want the feed with the references left as text", err)
			}
			if f.Title != "&xxe;" || strings.Contains(f.Title+f.Items[0].Title, "secret") {
				t.Errorf("title %q, item %q; want the references unexpanded", f.Title, f.Items[0].Title)
			}
		})
	}
	// Beneath Parse's refusal: gofeed (encoding/xml) given the external
	// entity and the external DTD directly neither fetches nor expands them.
	for _, name := range []string{"external-entity", "parameter-entity", "external-dtd"} {
		for _, tt := range tests {
			if tt.name != name {
				continue
			}
			gf, err := gofeed.NewParser().Parse(strings.NewReader(tt.doc))
			if err == nil && strings.Contains(gf.Title, "secret") {
				t.Errorf("gofeed expanded %s into the title %q", name, gf.Title)
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the entity server got %d requests, want 0: an external entity or DTD was fetched", n)
	}
}

// TestDecompressionBombMessage checks the error an operator sees for a
// gzip body that expands past the cap: it names the URL and the limit.
// TestFetchSizeCap proves the memory bound.
func TestDecompressionBombMessage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(make([]byte, 4<<20)) // 4 MiB of zeros, about 4 KiB compressed
		zw.Close()
		if b.Len() > 64<<10 {
			t.Errorf("bomb is %d bytes compressed, want a small one", b.Len())
		}
		_, _ = w.Write(b.Bytes())
	}))
	defer srv.Close()
	f, _ := testFetcher(Options{MaxBytes: 1 << 20})
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/bomb.xml", Local: true})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Fetch = %v, want ErrTooLarge", err)
	}
	for _, want := range []string{srv.URL + "/bomb.xml", "more than 1048576 bytes after decompression"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestFolderFileCap gives a folder source a file past the size cap: it is
// skipped with a note, read no further than the cap, and the other files
// are still read.
func TestFolderFileCap(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.xml")
	writeFile(t, big, "")
	if err := os.Truncate(big, DefaultMaxBytes+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "ok.txt"), "Inside\n\nFine.")
	f, err := ReadFolder(context.Background(), Source{Name: "d", Kind: KindFolder, Path: dir}, fetchTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "Inside" {
		t.Errorf("items %+v, want the one small article", f.Items)
	}
	want := fmt.Sprintf("skipped big.xml: %v: larger than %d bytes", ErrTooLarge, DefaultMaxBytes)
	if !strings.Contains(strings.Join(f.Notes, "\n"), want) {
		t.Errorf("notes %q lack %q", f.Notes, want)
	}
}
