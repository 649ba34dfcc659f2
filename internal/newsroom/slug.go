package newsroom

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Slug limits.
const (
	// SlugWords is the most headline words a slug keeps.
	SlugWords = 10
	// SlugTextBytes is the most bytes of headline words a slug keeps.
	SlugTextBytes = 64
	// SlugHashLen is the default number of hex digits of the key hash.
	SlugHashLen = 6
)

// Slug returns a story's URL name: the headline's first words (at most
// SlugWords and SlugTextBytes, cut between words) in lower-case ASCII
// letters and digits joined by hyphens, then a hyphen and the first hashLen
// hex digits (4 to 64) of the SHA-256 of the story's dedupe key:
// "amazon-shares-rise-as-aws-backlog-grows-3f9a2c". Accented Latin letters
// lose their accents, apostrophes vanish ("Amazon's" → "amazons") and
// every other character separates words. A headline with no usable word
// gives "story-<hash>".
//
// The hash makes the slug unique in practice and stable: it depends only
// on the key, so re-running the pipeline gives the same slug, and the slug
// is fixed when the story is created, so later edits of the headline do
// not change the story's address.
func Slug(headline, key string, hashLen int) string {
	hashLen = min(max(hashLen, 4), 64)
	sum := sha256.Sum256([]byte(key))
	hash := hex.EncodeToString(sum[:])[:hashLen]

	var b strings.Builder
	words := 0
	var word strings.Builder
	flush := func() bool {
		if word.Len() == 0 {
			return true
		}
		if words == SlugWords || b.Len()+1+word.Len() > SlugTextBytes {
			return false
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(word.String())
		word.Reset()
		words++
		return true
	}
	for i := 0; i < len(headline); {
		r, n := utf8.DecodeRuneInString(headline[i:])
		i += n
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			word.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			word.WriteRune(r + 'a' - 'A')
		case r == '\'' || r == '’' || r == '‘':
			// "Amazon's" is one word.
		default:
			if f, ok := foldLatin[r]; ok {
				word.WriteString(f)
				continue
			}
			if !flush() {
				i = len(headline)
			}
		}
	}
	flush()
	if b.Len() == 0 {
		b.WriteString("story")
	}
	b.WriteByte('-')
	b.WriteString(hash)
	return b.String()
}

// foldLatin maps accented Latin letters to ASCII for slugs.
var foldLatin = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăąÀÁÂÃÄÅĀĂĄ",
		"c": "çćčÇĆČ",
		"e": "èéêëēėęěÈÉÊËĒĖĘĚ",
		"i": "ìíîïīįÌÍÎÏĪĮ",
		"n": "ñńňÑŃŇ",
		"o": "òóôõöōőÒÓÔÕÖŌŐ",
		"s": "śšşŚŠŞ",
		"u": "ùúûüūůűÙÚÛÜŪŮŰ",
		"y": "ýÿÝŸ",
		"z": "źżžŹŻŽ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
