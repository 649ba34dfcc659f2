package transfer

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"unicode/utf8"
)

// convert returns v, a value read from either engine, as the value of a
// column of kind k: nil, bool, int64, float64, string or []byte. It is
// exact or fails: SQLite's 0/1 flags become booleans, an integer becomes a
// double only when the double holds it exactly, text must be UTF-8
// without NUL bytes (PostgreSQL stores neither).
func convert(v any, k kind) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindBool:
		switch v := v.(type) {
		case bool:
			return v, nil
		case int64:
			if v == 0 || v == 1 {
				return v == 1, nil
			}
			return nil, fmt.Errorf("flag %d is not 0 or 1", v)
		}
	case kindInt:
		if v, ok := v.(int64); ok {
			return v, nil
		}
	case kindFloat:
		switch v := v.(type) {
		case float64:
			return v, nil
		case int64:
			f := float64(v)
			// 2^63 is out of int64's range: compare before converting back.
			if f < math.MaxInt64 && int64(f) == v {
				return f, nil
			}
			return nil, fmt.Errorf("integer %d has no exact double", v)
		}
	case kindText:
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case []byte:
			s = string(v)
		default:
			return nil, fmt.Errorf("%T value %v in a text column", v, v)
		}
		if !utf8.ValidString(s) {
			return nil, errors.New("text is not valid UTF-8")
		}
		if bytes.IndexByte([]byte(s), 0) >= 0 {
			return nil, errors.New("text holds a NUL byte, which PostgreSQL cannot store")
		}
		return s, nil
	case kindBytes:
		switch v := v.(type) {
		case []byte:
			return bytes.Clone(v), nil
		case string:
			return []byte(v), nil
		}
	}
	return nil, fmt.Errorf("%T value %v does not fit the column's type", v, v)
}

// checksum is the SHA-256 of a table's rows in canonical encoding (see
// appendRow), fed in primary-key order.
type checksum struct {
	h   hash.Hash
	buf []byte
}

func newChecksum() *checksum { return &checksum{h: sha256.New()} }

func (c *checksum) add(row []any) error {
	var err error
	c.buf, err = appendRow(c.buf[:0], row)
	if err != nil {
		return err
	}
	c.h.Write(c.buf)
	return nil
}

func (c *checksum) sum() (s [32]byte) {
	c.h.Sum(s[:0])
	return s
}

// appendRow appends the canonical encoding of a converted row: per value
// a tag and its text, N for NULL, I<decimal>; for integers and booleans
// (0/1), F<shortest round-trip decimal>; for doubles (so -0 and 0
// differ, and every bit counts), T<length>:<bytes> for text and
// B<length>:<bytes> for bytes; a newline ends the row. Both engines'
// values pass through convert first, so one row has one encoding whichever
// engine it was read from.
func appendRow(b []byte, row []any) ([]byte, error) {
	for _, v := range row {
		switch v := v.(type) {
		case nil:
			b = append(b, 'N')
		case bool:
			if v {
				b = append(b, "I1;"...)
			} else {
				b = append(b, "I0;"...)
			}
		case int64:
			b = append(b, 'I')
			b = strconv.AppendInt(b, v, 10)
			b = append(b, ';')
		case float64:
			b = append(b, 'F')
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, ';')
		case string:
			b = append(b, 'T')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		case []byte:
			b = append(b, 'B')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		default:
			return b, fmt.Errorf("cannot encode %T value", v)
		}
	}
	return append(b, '\n'), nil
}

// firstDifference returns the index of the first row whose encoding
// differs between a and b, both in primary-key order, or the length of
// the shorter when one is a prefix of the other; ok is false when they
// are equal.
func firstDifference(a, b [][]any) (i int, ok bool) {
	var ea, eb []byte
	for i = 0; i < len(a) && i < len(b); i++ {
		var err1, err2 error
		ea, err1 = appendRow(ea[:0], a[i])
		eb, err2 = appendRow(eb[:0], b[i])
		if err1 != nil || err2 != nil || !bytes.Equal(ea, eb) {
			return i, true
		}
	}
	if len(a) != len(b) {
		return i, true
	}
	return 0, false
}
