package dedupe

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a click,
// never the page. They are matched case-insensitively; trackingPrefixes
// match any parameter starting with them.
var (
	trackingParams = []string{
		"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
		"igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp",
		"hsctatracking", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wickedid", "li_fat_id",
		"s_cid", "cmpid", "ncid", "soc_src", "soc_trk", "sr_share", "yptr", "guccounter", "guce_referrer",
		"guce_referrer_sig", "at_medium", "at_campaign", "ref_src", "ref_url", "spm", "smid", "smtyp",
	}
	trackingPrefixes = []string{"utm_", "pk_", "mtm_", "hmb_"}
)

// ErrBadURL is returned for a link that cannot identify a web page.
var ErrBadURL = errors.New("not an absolute http or https URL")

// IsTrackingParam reports whether a query parameter only tracks clicks or
// campaigns (utm_*, fbclid, gclid, …).
func IsTrackingParam(name string) bool {
	name = strings.ToLower(name)
	if slices.Contains(trackingParams, name) {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// NormalizeURL returns the canonical form of an http or https link, so
// that two links to the same page compare equal:
//
//   - scheme and host lower-cased, a trailing dot on the host dropped,
//     default ports (:80 for http, :443 for https) dropped;
//   - user info and #fragment dropped;
//   - the path cleaned of ".", ".." and repeated slashes, a trailing slash
//     dropped (but the root stays "/"), percent-encoding made uniform;
//   - tracking parameters (see IsTrackingParam) and empty parameters
//     dropped, the rest sorted by name then value.
//
// The scheme is kept (http and https can serve different pages); URLKey,
// used for matching, ignores it. "www." is kept too: it is a different host.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("normalise %q: %w", raw, ErrBadURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("normalise %q: %w", raw, ErrBadURL)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" || strings.ContainsAny(host, "[]") { // "http://]:80": a bracket outside an IPv6 literal
		return "", fmt.Errorf("normalise %q: %w", raw, ErrBadURL)
	}
	port := u.Port()
	if port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""

	if ep := u.EscapedPath(); !strings.Contains(strings.ToUpper(ep), "%2F") {
		// No escaped slashes: cleaning the decoded path cannot change meaning.
		p := u.Path
		if p == "" {
			p = "/"
		}
		p = path.Clean(p)
		if p == "." {
			p = "/"
		}
		u.Path, u.RawPath = p, ""
	} else {
		ep = strings.TrimRight(ep, "/") // all of them, as path.Clean would: "/a%2F//" is "/a%2F"
		dec, err := url.PathUnescape(ep)
		if err != nil {
			return "", fmt.Errorf("normalise %q: %w", raw, ErrBadURL)
		}
		u.Path, u.RawPath = dec, ep
	}
	u.RawQuery = normalizeQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// normalizeQuery drops tracking and empty parameters and sorts the rest.
// Parameters are split by hand so that their encoding survives unchanged
// but for a uniform re-escaping of each part.
func normalizeQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var kept []kv
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			dk = k
		}
		dv, err := url.QueryUnescape(v)
		if err != nil {
			dv = v
		}
		if dk == "" || IsTrackingParam(dk) {
			continue
		}
		kept = append(kept, kv{dk, dv})
	}
	slices.SortStableFunc(kept, func(a, b kv) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	var sb strings.Builder
	for i, p := range kept {
		if i > 0 {
			sb.WriteByte('&')
		}
		sb.WriteString(url.QueryEscape(p.k))
		sb.WriteByte('=')
		sb.WriteString(url.QueryEscape(p.v))
	}
	return sb.String()
}

// URLKey returns the key two links to the same page share: a hash of the
// normalised URL without its scheme, so http and https copies match.
func URLKey(raw string) (string, error) {
	n, err := NormalizeURL(raw)
	if err != nil {
		return "", err
	}
	_, rest, _ := strings.Cut(n, "://")
	return "u:" + hash(rest), nil
}

// ItemKey returns the stable key of one item of one source: from its GUID
// when it has one (a GUID is unique only within its feed, so the source's
// name is part of the key), else from its URL (URLKey). It returns "" when
// the item has neither a GUID nor a usable URL.
func ItemKey(source, guid, rawURL string) string {
	if guid = strings.TrimSpace(guid); guid != "" {
		return "g:" + hash(source+"\x00"+guid)
	}
	k, err := URLKey(rawURL)
	if err != nil {
		return ""
	}
	return k
}

// hash is a hex SHA-256 prefix: 128 bits, collision-free in practice.
func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:16])
}
