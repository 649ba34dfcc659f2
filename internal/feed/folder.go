package feed

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"alphadesk/internal/textextract"
)

// File kinds a folder source reads; anything else is skipped with a note.
var (
	feedExts    = []string{".xml", ".rss", ".atom", ".json"}
	articleExts = []string{".txt", ".md", ".html", ".htm"}
)

// ReadFolder reads a folder source: the feed files and article files at
// the top of src.Path (sub-folders, hidden files and other kinds of file are
// skipped, and so are symbolic links). Reading is confined to the folder
// with os.Root, so no name can lead outside it. See ParseFolder for what each file
// becomes. Errors are *SourceError.
func ReadFolder(ctx context.Context, src Source, fetchedAt time.Time) (*Feed, error) {
	root, err := os.OpenRoot(src.Path)
	if err != nil {
		return nil, &SourceError{Source: src.Name, Op: "read", Location: src.Path, Err: err}
	}
	defer root.Close()
	return ParseFolder(ctx, src, root.FS(), fetchedAt)
}

// ParseFolder reads the files at the top of fsys as the folder source src,
// in name order:
//
//   - *.xml, *.rss, *.atom and *.json are feeds (RSS, Atom or JSON Feed) and
//     yield their items;
//   - *.txt and *.md are articles: optional header lines ("Title:", "URL:",
//     "Date:", "Author:", "GUID:", one per line, ended by a blank line, or
//     the same between "---" lines) and then the text; the title is the
//     header's, else the first Markdown heading, else the first line;
//   - *.html and *.htm are article pages reduced with ExtractArticle.
//
// An article's GUID is "file:" and its name unless its header gives one. A
// file that cannot be read or parsed is skipped with a note naming it, so
// one bad file does not hide the others; the folder fails only when it
// cannot be listed or every file failed. At most MaxItems items are kept and
// each file is read up to DefaultMaxBytes.
func ParseFolder(ctx context.Context, src Source, fsys fs.FS, fetchedAt time.Time) (*Feed, error) {
	fail := func(err error) (*Feed, error) {
		return nil, &SourceError{Source: src.Name, Op: "read", Location: src.Path, Err: err}
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return fail(err)
	}
	out := &Feed{Source: src.Name, Title: src.Name, Format: "folder"}
	var b itemBuilder
	b.start(out, fetchedAt)
	var (
		ignored, failed, files int
		capped                 bool
	)
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		name := e.Name()
		ext := strings.ToLower(path.Ext(name))
		if strings.HasPrefix(name, ".") || !e.Type().IsRegular() {
			continue
		}
		isFeed, isArticle := slices.Contains(feedExts, ext), slices.Contains(articleExts, ext)
		if !isFeed && !isArticle {
			ignored++
			continue
		}
		if len(out.Items) >= MaxItems {
			capped = true
			break
		}
		files++
		data, err := readFileCapped(fsys, name, DefaultMaxBytes)
		if err != nil {
			failed++
			out.Notes = append(out.Notes, fmt.Sprintf("skipped %s: %v", name, err))
			continue
		}
		if isFeed {
			f, err := parseFeed(src.Name, data, fetchedAt)
			if err != nil {
				failed++
				out.Notes = append(out.Notes, fmt.Sprintf("skipped %s: %v", name, err))
				continue
			}
			for _, n := range f.Notes {
				out.Notes = append(out.Notes, name+": "+n)
			}
			for _, it := range f.Items {
				if len(out.Items) >= MaxItems {
					capped = true
					break
				}
				if it.DateMissing { // re-flagged by the folder's builder
					it.Published, it.DateMissing = time.Time{}, false
				}
				b.add(it)
			}
			continue
		}
		b.add(parseArticleFile(src.Name, name, ext, data))
	}
	b.finish()
	if capped {
		out.Notes = append(out.Notes, fmt.Sprintf("the folder holds more than %d items; kept the first %d in file-name order", MaxItems, MaxItems))
	}
	if ignored > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("ignored %d file(s) that are neither feeds (%s) nor articles (%s)", ignored, strings.Join(feedExts, " "), strings.Join(articleExts, " ")))
	}
	if files > 0 && failed == files {
		return fail(fmt.Errorf("none of its %d file(s) could be read: %s", files, strings.Join(out.Notes, "; ")))
	}
	return out, nil
}

func readFileCapped(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// parseArticleFile turns one article file into an item.
func parseArticleFile(source, name, ext string, data []byte) Item {
	it := Item{Source: source, GUID: "file:" + name}
	text := strings.ToValidUTF8(strings.TrimPrefix(string(data), "\ufeff"), "\uFFFD")
	if ext == ".html" || ext == ".htm" {
		a := ExtractArticle(text)
		it.Title, it.Author, it.Published, it.Content = a.Title, a.Byline, a.Published, a.HTML
		it.Summary = firstParagraph(a.Text, a.Title)
		if it.Title == "" {
			it.Title = strings.TrimSuffix(name, path.Ext(name))
		}
		return it
	}
	header, body := splitHeader(text)
	for k, v := range header {
		switch k {
		case "title":
			it.Title = plainText(v)
		case "url", "link":
			it.URL = resolveLink(nil, v)
		case "date", "published":
			it.Published = parseLooseTime(v)
		case "author", "by":
			it.Author = plainText(v)
		case "guid", "id":
			it.GUID = v
		}
	}
	paras := paragraphs(body)
	if it.Title == "" && len(paras) > 0 {
		it.Title = strings.TrimSpace(strings.TrimLeft(paras[0], "# "))
		paras = paras[1:]
	} else if len(paras) > 0 && ext == ".md" && strings.TrimSpace(strings.TrimLeft(paras[0], "# ")) == it.Title {
		paras = paras[1:]
	}
	var sb strings.Builder
	for _, p := range paras {
		level := 0
		if ext == ".md" {
			for level < len(p) && level < 6 && p[level] == '#' {
				level++
			}
			if level > 0 && (level == len(p) || p[level] != ' ') {
				level = 0
			}
		}
		if level > 0 {
			h := fmt.Sprintf("h%d", min(level+1, 6))
			sb.WriteString("<" + h + ">" + html.EscapeString(strings.TrimSpace(p[level:])) + "</" + h + ">\n")
			continue
		}
		sb.WriteString("<p>" + html.EscapeString(strings.Join(strings.Fields(p), " ")) + "</p>\n")
	}
	it.Content = Sanitize(sb.String())
	it.Summary = firstParagraph(textextract.FromHTML(sb.String()), "")
	return it
}

var headerKeys = []string{"title", "url", "link", "date", "published", "author", "by", "guid", "id"}

// splitHeader separates leading "Key: value" lines (or a "---" block of
// them) from the body. Only known keys count, so a first line of prose
// that happens to hold a colon stays in the body.
func splitHeader(text string) (map[string]string, string) {
	header := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, len(text)+1)
	consumed := 0
	fenced := false
	first := true
	for sc.Scan() {
		line := sc.Text()
		lineLen := len(line) + 1
		trimmed := strings.TrimSpace(line)
		if first && trimmed == "---" {
			fenced, first = true, false
			consumed += lineLen
			continue
		}
		first = false
		if fenced && trimmed == "---" {
			consumed += lineLen
			break
		}
		if !fenced && trimmed == "" {
			if len(header) > 0 {
				consumed += lineLen
			}
			break
		}
		k, v, ok := strings.Cut(line, ":")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || !slices.Contains(headerKeys, k) {
			if fenced {
				consumed += lineLen
				continue
			}
			if len(header) == 0 {
				return header, text
			}
			break
		}
		header[k] = strings.Trim(strings.TrimSpace(v), `"'`)
		consumed += lineLen
	}
	if consumed > len(text) {
		consumed = len(text)
	}
	return header, text[consumed:]
}

// paragraphs splits text on blank lines.
func paragraphs(text string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// firstParagraph returns the first paragraph of FromHTML-shaped text that
// is not the headline.
func firstParagraph(text, title string) string {
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" && p != title {
			return html.EscapeString(p)
		}
	}
	return ""
}
