package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	// Memory in KiB, Time (passes) and Threads.
	Memory  uint32
	Time    uint32
	Threads uint8
}

// DefaultParams follow RFC 9106's second recommended option (64 MiB, three
// passes), with two lanes for a small server: about 0.35 s and 64 MiB per
// check on the 2-core development machine (BenchmarkVerifyDefault).
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 2}

// Limits a stored hash's parameters must respect, so a tampered row cannot
// make one login take minutes or gigabytes.
const (
	maxMemory  = 1 << 20 // 1 GiB
	maxTime    = 64
	saltLen    = 16
	keyLen     = 32
	maxKeyLen  = 128
	minSaltLen = 8
)

// Password length limits, in characters (bytes for the maximum).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

// CheckPassword validates a new password: MinPasswordLen characters or
// more, at most MaxPasswordLen bytes, valid UTF-8.
func CheckPassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return errors.New("password is not valid UTF-8")
	case len(pw) > MaxPasswordLen:
		return fmt.Errorf("password is %d bytes, the limit is %d", len(pw), MaxPasswordLen)
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		return fmt.Errorf("password is %d characters, at least %d are needed (a passphrase of a few words is best)", utf8.RuneCountInString(pw), MinPasswordLen)
	}
	return nil
}

// Hash returns the argon2id hash of pw with a fresh random salt, in PHC
// string form: $argon2id$v=19$m=65536,t=3,p=2$SALT$KEY (unpadded base64).
func Hash(pw string, p Params) (string, error) {
	if p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Threads < 1 || p.Memory > maxMemory || p.Time > maxTime {
		return "", fmt.Errorf("hash password: bad argon2id parameters m=%d t=%d p=%d", p.Memory, p.Time, p.Threads)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read random salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// ErrBadHash is returned by Verify for a stored hash it cannot read.
var ErrBadHash = errors.New("unreadable password hash")

// parsed is a decoded PHC string.
type parsed struct {
	p         Params
	salt, key []byte
}

// parseHash decodes a PHC argon2id string, refusing parameters beyond the
// limits.
func parseHash(h string) (parsed, error) {
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return parsed{}, fmt.Errorf("%w: want $argon2id$v=19$m=…,t=…,p=…$SALT$KEY", ErrBadHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return parsed{}, fmt.Errorf("%w: version %q, want v=%d", ErrBadHash, parts[2], argon2.Version)
	}
	var out parsed
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return parsed{}, fmt.Errorf("%w: parameter %q", ErrBadHash, kv)
		}
		switch k {
		case "m":
			out.p.Memory = uint32(n)
		case "t":
			out.p.Time = uint32(n)
		case "p":
			if n > 255 {
				return parsed{}, fmt.Errorf("%w: parallelism %d", ErrBadHash, n)
			}
			out.p.Threads = uint8(n)
		default:
			return parsed{}, fmt.Errorf("%w: unknown parameter %q", ErrBadHash, k)
		}
	}
	p := out.p
	if p.Threads < 1 || p.Time < 1 || p.Time > maxTime || p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory {
		return parsed{}, fmt.Errorf("%w: parameters m=%d t=%d p=%d out of range", ErrBadHash, p.Memory, p.Time, p.Threads)
	}
	var err error
	if out.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(out.salt) < minSaltLen {
		return parsed{}, fmt.Errorf("%w: salt", ErrBadHash)
	}
	if out.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(out.key) < 16 || len(out.key) > maxKeyLen {
		return parsed{}, fmt.Errorf("%w: key", ErrBadHash)
	}
	return out, nil
}

// Verify reports whether pw matches the stored hash, comparing in
// constant time. An unreadable hash is ErrBadHash.
func Verify(pw, hash string) (bool, error) {
	h, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	if len(pw) > MaxPasswordLen {
		return false, nil
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.p.Time, h.p.Memory, h.p.Threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

// NeedsRehash reports whether a stored hash was made with parameters other
// than p (so a successful login can upgrade it).
func NeedsRehash(hash string, p Params) bool {
	h, err := parseHash(hash)
	return err != nil || h.p != p
}
