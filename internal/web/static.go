package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, served at a URL that carries a hash of
// its content so it can be cached for good.
type asset struct {
	url         string // "/static/app.3f9a0c1b2d.css"
	contentType string
	body        []byte
}

// assets indexes the embedded static files by name and by fingerprinted
// file name.
type assets struct {
	byName map[string]*asset // "app.css"
	byFile map[string]*asset // "app.3f9a0c1b2d.css"
	hash   string            // of every asset, part of the ETags
}

// contentTypes maps the extensions of embedded files to their types. It is
// fixed here rather than read from the system's MIME tables, so responses
// do not depend on the machine.
var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

// fingerprintLen is how many hex digits of the SHA-256 go into a file name.
const fingerprintLen = 10

func loadAssets() (*assets, error) {
	a := &assets{byName: make(map[string]*asset), byFile: make(map[string]*asset)}
	all := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(staticFS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		digest := hex.EncodeToString(sum[:])
		all.Write(sum[:])
		name := path.Base(p)
		ext := path.Ext(name)
		file := strings.TrimSuffix(name, ext) + "." + digest[:fingerprintLen] + ext
		ct := contentTypes[ext]
		if ct == "" {
			return fmt.Errorf("%s: unknown content type", p)
		}
		as := &asset{url: "/static/" + file, contentType: ct, body: body}
		a.byName[name], a.byFile[file] = as, as
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.hash = hex.EncodeToString(all.Sum(nil))
	return a, nil
}

// url returns the fingerprinted URL of the asset called name.
func (a *assets) url(name string) (string, error) {
	as := a.byName[name]
	if as == nil {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return as.url, nil
}

// serveStatic serves an embedded asset by its fingerprinted name. The URL
// changes whenever the content does, so it may be cached for a year.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	as := s.assets.byFile[r.PathValue("name")]
	if as == nil {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", as.contentType)
	h.Set("Content-Length", strconv.Itoa(len(as.body)))
	h.Set("Cache-Control", cacheImmutable)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(as.body)
	}
}
