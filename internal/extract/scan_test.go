package extract

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
	"unicode"
)

// randomText returns n bytes drawn mostly from the bytes the eight-at-a-time
// scanners treat specially, and sometimes from any byte.
func randomText(r *rand.Rand, n int) string {
	const alphabet = "abcXYZ09 -.'\"!?`~@[{/:\n\t\x00\x7f\x80\xbf\xc2\xe2\xff"
	b := make([]byte, n)
	for i := range b {
		if r.Intn(5) == 0 {
			b[i] = byte(r.Intn(256))
		} else {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
	}
	return string(b)
}

// The eight-at-a-time scanners must give what the byte-by-byte loops they
// replaced give, from every position of every text.
func TestScannersMatchByteLoops(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	// sets of four ASCII stop bytes (sentenceStops) and of two (quoteStops)
	sets := []*byteSet{newByteSet('"', '.', '!', '?', 0xe2, 0xc2), newByteSet('"', '\'', 0xe2, 0xc2)}
	for n := 0; n < 20000; n++ {
		s := randomText(r, r.Intn(40))
		for i := 0; i <= len(s); i++ {
			for _, stops := range sets {
				want := i
				for want < len(s) && !stops.stop[s[want]] {
					want++
				}
				if got := stops.next(s, i, len(s)); got != want {
					t.Fatalf("byteSet.next(%q, %d) = %d, want %d", s, i, got, want)
				}
			}
			want := i
			for want < len(s) && s[want] < 0x80 && asciiWord[s[want]] {
				want++
			}
			if got := alnumEnd(s, i); got != want {
				t.Fatalf("alnumEnd(%q, %d) = %d, want %d", s, i, got, want)
			}
			want = i
			for want < len(s) && isASCIILetter(s[want]) {
				want++
			}
			if got := letterEnd(s, i); got != want {
				t.Fatalf("letterEnd(%q, %d) = %d, want %d", s, i, got, want)
			}
			// plainRunEnd may stop early, never late
			for k := i; k < plainRunEnd(s, i); k++ {
				plain := func(c byte) bool { return c < 0x80 && plainASCII[c] }
				if !plain(s[k]) && !(s[k] == ' ' && k+1 < len(s) && plain(s[k+1])) {
					t.Fatalf("plainRunEnd(%q, %d) runs past byte %d", s, i, k)
				}
			}
		}
	}
}

func TestByteMasks(t *testing.T) {
	for c := 0; c < 256; c++ {
		for lane := 0; lane < 8; lane++ {
			var b [8]byte
			for k := range b {
				b[k] = 'a' // a plain letter in the other lanes
			}
			b[lane] = byte(c)
			x := load64(string(b[:]), 0)
			bit := uint64(0x80) << (8 * lane)
			if got, want := eqMask(x, ' ')&bit != 0, c == ' '; got != want {
				t.Errorf("eqMask(%#x in lane %d) = %v, want %v", c, lane, got, want)
			}
			if got, want := plainMask(x)&bit != 0, c < 0x80 && plainASCII[c]; got != want {
				t.Errorf("plainMask(%#x in lane %d) = %v, want %v", c, lane, got, want)
			}
			if got, want := alnumMask(x)&bit != 0, c < 0x80 && asciiWord[c]; got != want {
				t.Errorf("alnumMask(%#x in lane %d) = %v, want %v", c, lane, got, want)
			}
			// zeroBytes is exact: the lane's byte among non-zero bytes
			// ('a'), and among zero bytes
			want := uint64(0)
			if c == 0 {
				want = bit
			}
			if got := zeroBytes(x); got != want {
				t.Errorf("zeroBytes(%#x in lane %d, 'a' elsewhere) = %#x, want %#x", c, lane, got, want)
			}
			if got, want := zeroBytes(x&(0xff<<(8*lane))), highBits&^bit|want; got != want {
				t.Errorf("zeroBytes(%#x in lane %d, 0 elsewhere) = %#x, want %#x", c, lane, got, want)
			}
		}
	}
}

func TestKeyTable(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	tab := newKeyTable(4)
	want := map[uint64]int32{}
	for i := 0; i < 5000; i++ {
		k := r.Uint64() >> uint(r.Intn(64)) // small keys, and key 0, too
		v := int32(r.Intn(1000))
		tab.put(k, v)
		want[k] = v
	}
	for k, v := range want {
		if got, ok := tab.get(k); !ok || got != v {
			t.Fatalf("get(%#x) = %d, %v, want %d, true", k, got, ok, v)
		}
	}
	seen := 0
	tab.each(func(k uint64) {
		if _, ok := want[k]; !ok {
			t.Fatalf("each gave %#x, which was never put", k)
		}
		seen++
	})
	if seen != len(want) {
		t.Errorf("each gave %d keys, want %d", seen, len(want))
	}
	for i := 0; i < 1000; i++ {
		k := r.Uint64()
		if _, put := want[k]; !put && tab.has(k) {
			t.Fatalf("has(%#x) for a key never put", k)
		}
	}
}

// The rune tables must answer as the unicode package does.
func TestRuneTableMatchesUnicode(t *testing.T) {
	for _, b := range runeTable.blocks {
		for r := b.from - 1; r <= b.to; r++ {
			if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r); got != want {
				t.Errorf("isWordRune(%U) = %v, want %v", r, got, want)
			}
			if got, want := isLetterRune(r), unicode.IsLetter(r); got != want {
				t.Errorf("isLetterRune(%U) = %v, want %v", r, got, want)
			}
		}
	}
}

func TestParseDecimalMatchesStrconv(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 200000; i++ {
		n := 1 + r.Intn(24)
		digits := make([]byte, n)
		for k := range digits {
			digits[k] = byte('0' + r.Intn(10))
		}
		decimals := 0
		if r.Intn(2) == 0 && n > 1 {
			at := 1 + r.Intn(n-1)
			decimals = n - at
			digits = append(digits[:at], append([]byte{'.'}, digits[at:]...)...)
		}
		want, err := strconv.ParseFloat(string(digits), 64)
		got, ok := parseDecimal(digits, decimals)
		if ok != (err == nil) || ok && got != want {
			t.Fatalf("parseDecimal(%s) = %v, %v; strconv gives %v, %v", digits, got, ok, want, err)
		}
	}
}

func TestPowTenMatchesMathPow(t *testing.T) {
	for k := -400; k <= 400; k++ {
		if got, want := powTen(k), math.Pow(10, float64(k)); got != want {
			t.Errorf("powTen(%d) = %v, want %v", k, got, want)
		}
	}
}
