package account

import (
	"errors"
	"strings"
	"testing"
)

var cheap = Params{Memory: 64, Time: 1, Threads: 1}

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct horse battery staple", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("Hash = %q, want a PHC argon2id string", h)
	}
	h2, _ := Hash("correct horse battery staple", cheap)
	if h == h2 {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		pw   string
		want bool
	}{{"correct horse battery staple", true}, {"correct horse battery stapl", false}, {"", false}, {strings.Repeat("x", MaxPasswordLen+1), false}}
	for _, tc := range tests {
		if got, err := Verify(tc.pw, h); got != tc.want || err != nil {
			t.Errorf("Verify(%.20q) = %v, %v; want %v", tc.pw, got, err, tc.want)
		}
	}
	if NeedsRehash(h, cheap) || !NeedsRehash(h, DefaultParams) {
		t.Errorf("NeedsRehash is wrong for %q", h)
	}
}

func TestVerifyBadHash(t *testing.T) {
	for _, h := range []string{
		"",
		"plain",
		"$2a$10$abcdefghijklmnopqrstuv",
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1000,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=0$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5",
	} {
		if ok, err := Verify("pw", h); ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("Verify(_, %q) = %v, %v; want false, ErrBadHash", h, ok, err)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"jdoe", true}, {"j.doe-2_x", true}, {"", false}, {"J", false}, {"2pac", false}, {"a b", false}, {"pipeline", false},
		{"reader", false}, {strings.Repeat("a", MaxNameLen), true}, {strings.Repeat("a", MaxNameLen+1), false}, {"é", false}} {
		if err := CheckName(tc.name); (err == nil) != tc.ok {
			t.Errorf("CheckName(%q) = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{{"short", false}, {"twelve chars", true}, {"\xff\xfe twelve chars", false}, {strings.Repeat("é", 12), true}, {strings.Repeat("a", MaxPasswordLen+1), false}} {
		if err := CheckPassword(tc.pw); (err == nil) != tc.ok {
			t.Errorf("CheckPassword(%.20q) = %v, want ok %v", tc.pw, err, tc.ok)
		}
	}
}

// FuzzVerify: a stored hash of any shape never panics and never verifies
// unless it parses.
func FuzzVerify(f *testing.F) {
	h, _ := Hash("correct horse battery staple", cheap)
	f.Add("correct horse battery staple", h)
	f.Add("x", "$argon2id$v=19$m=64,t=1,p=1$$")
	f.Add("x", "$argon2id$v=19$m=,t=,p=$a$b")
	f.Fuzz(func(t *testing.T, pw, hash string) {
		ok, err := Verify(pw, hash)
		if err != nil && ok {
			t.Fatalf("Verify = true with error %v", err)
		}
	})
}

// BenchmarkVerifyDefault measures one login's password check at the
// production parameters.
func BenchmarkVerifyDefault(b *testing.B) {
	h, err := Hash("correct horse battery staple", DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := Verify("correct horse battery staple", h); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
