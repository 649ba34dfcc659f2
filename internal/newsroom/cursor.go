package newsroom

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cursor is a position in a listing: the last row's StatusAt and ID (for
// correction listings only the ID). Its string form is opaque to clients.
type Cursor struct {
	At time.Time
	ID int64
}

// IsZero reports whether c is the start of a listing.
func (c Cursor) IsZero() bool { return c.ID == 0 && c.At.IsZero() }

// String encodes the cursor for a URL or a command line.
func (c Cursor) String() string {
	if c.IsZero() {
		return ""
	}
	var at int64
	if !c.At.IsZero() {
		at = c.At.UnixMicro()
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at, 10) + "." + strconv.FormatInt(c.ID, 10)))
}

// MaxCursorLen bounds what ParseCursor reads.
const MaxCursorLen = 64

// ParseCursor decodes a cursor from String; "" is the zero cursor. Any
// other string that String could not have produced is ErrInvalid.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	bad := fmt.Errorf("%w: cursor %.20q is not one this desk issued: pass the \"next\" value of the previous page unchanged, or none for the first page", ErrInvalid, s)
	// The decoder skips line breaks even in strict mode: refuse them, so
	// that one cursor has one spelling.
	if len(s) > MaxCursorLen || strings.ContainsAny(s, "\r\n") {
		return Cursor{}, bad
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	atStr, idStr, ok := strings.Cut(string(raw), ".")
	if !ok {
		return Cursor{}, bad
	}
	at, err1 := strconv.ParseInt(atStr, 10, 64)
	id, err2 := strconv.ParseInt(idStr, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || at < 0 || strconv.FormatInt(at, 10) != atStr || strconv.FormatInt(id, 10) != idStr {
		return Cursor{}, bad
	}
	c := Cursor{ID: id}
	if at != 0 {
		c.At = time.UnixMicro(at).UTC()
	}
	return c, nil
}

// limit resolves a requested page size.
func limit(n int) (int, error) {
	switch {
	case n < 0:
		return 0, fmt.Errorf("%w: page size %d: want 1 to %d (0 for the default %d)", ErrInvalid, n, MaxLimit, DefaultLimit)
	case n == 0:
		return DefaultLimit, nil
	case n > MaxLimit:
		return 0, fmt.Errorf("%w: page size %d is over the limit of %d", ErrInvalid, n, MaxLimit)
	}
	return n, nil
}
