package account

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestPasswordStorageParameters backs docs/security.md's password item:
// passwords are stored as argon2id with the production parameters, a
// 16-byte random salt and a 32-byte key, and Verify computes real argon2id
// (a known-answer vector of the reference implementation).
func TestPasswordStorageParameters(t *testing.T) {
	// At least RFC 9106's second recommended memory and passes, and well
	// above OWASP's argon2id minimum (19 MiB, two passes).
	if DefaultParams.Memory < 64*1024 || DefaultParams.Time < 3 || DefaultParams.Threads < 1 {
		t.Errorf("DefaultParams = %+v, want at least 64 MiB and 3 passes", DefaultParams)
	}
	const pw = "correct horse battery staple"
	h, err := Hash(pw, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != "v=19" || parts[3] != "m=65536,t=3,p=2" {
		t.Fatalf("Hash = %q, want $argon2id$v=19$m=65536,t=3,p=2$SALT$KEY", h)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) != 16 || len(key) != 32 {
		t.Errorf("salt %d bytes, key %d bytes (%v, %v); want 16 and 32", len(salt), len(key), err1, err2)
	}
	if strings.Contains(h, pw) {
		t.Errorf("the hash contains the password")
	}
	if ok, err := Verify(pw, h); !ok || err != nil {
		t.Errorf("Verify(right password) = %v, %v; want true", ok, err)
	}
	// Reference vector: argon2id, password "password", salt "somesalt",
	// m=65536, t=2, p=1, 32-byte key.
	const ref = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"password", true}, {"Password", false}} {
		if ok, err := Verify(tc.pw, ref); ok != tc.want || err != nil {
			t.Errorf("Verify(%q, reference vector) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	// The same vector labelled argon2i is refused, not silently accepted.
	if ok, err := Verify("password", strings.Replace(ref, "argon2id", "argon2i", 1)); ok || err == nil {
		t.Errorf("Verify(argon2i string) = %v, %v; want refused", ok, err)
	}
}
