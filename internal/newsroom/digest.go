package newsroom

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strconv"
)

// Digest identifies a pipeline submission: a hash of its draft text,
// drafter and check (decision, findings, rules; nil for an unchecked
// draft). Submitting the same draft with the same check again is
// recognised by it and changes nothing.
func Digest(d Draft, c *Check) string {
	h := sha256.New()
	writeDraft(h, d)
	if c == nil {
		field(h, "unchecked")
	} else {
		field(h, "checked", string(c.Decision))
		field(h, strconv.Itoa(len(c.Rules)))
		field(h, c.Rules...)
		field(h, strconv.Itoa(len(c.Findings)))
		for _, f := range c.Findings {
			field(h, f.Rule, string(f.Severity), f.Message,
				strconv.Itoa(f.DraftSpan[0]), strconv.Itoa(f.DraftSpan[1]))
			if s := f.SourceSpan; s != nil {
				field(h, "source", strconv.Itoa(s.Source), strconv.Itoa(s.Span[0]), strconv.Itoa(s.Span[1]))
			} else {
				field(h, "no source")
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func writeDraft(h hash.Hash, d Draft) {
	field(h, d.Headline, d.Dek, d.DraftedBy, strconv.Itoa(len(d.Body)))
	field(h, d.Body...)
	field(h, strconv.Itoa(len(d.Watch)))
	field(h, d.Watch...)
}

// field writes each string length-prefixed, so no two sequences of
// strings hash the same.
func field(h hash.Hash, ss ...string) {
	var n [8]byte
	for _, s := range ss {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
}

// sameText reports whether two drafts have the same text and drafter.
func sameText(a, b Draft) bool {
	ha, hb := sha256.New(), sha256.New()
	writeDraft(ha, a)
	writeDraft(hb, b)
	return string(ha.Sum(nil)) == string(hb.Sum(nil))
}
