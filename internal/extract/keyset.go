package extract

import "math/bits"

// keyTable maps word keys (see WordKey) to small integers with open
// addressing and linear probing. Word keys are already 64-bit hashes, so a
// slot is found with one multiply and shift (Fibonacci hashing, which
// spreads the FNV bits over the top of the word): several times cheaper
// than a Go map, which hashes the key again. The corpus looks up every word
// of every source text, so this matters.
type keyTable struct {
	keys  []uint64 // 0 marks an empty slot; key 0 is kept in zero
	vals  []int32
	shift uint8
	n     int
	zero  int32 // value of key 0 plus one, 0 when absent
}

// newKeyTable returns a table sized for about n keys.
func newKeyTable(n int) *keyTable {
	t := &keyTable{}
	t.init(n)
	return t
}

func (t *keyTable) init(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	t.keys = make([]uint64, size)
	t.vals = make([]int32, size)
	t.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	t.n = 0
}

func slot(k uint64, shift uint8) int { return int((k * 0x9e3779b97f4a7c15) >> shift) }

// get returns the value stored for k.
func (t *keyTable) get(k uint64) (int32, bool) {
	if k == 0 {
		return t.zero - 1, t.zero != 0
	}
	mask := len(t.keys) - 1
	for i := slot(k, t.shift); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// has reports whether k is in the table.
func (t *keyTable) has(k uint64) bool {
	_, ok := t.get(k)
	return ok
}

// put stores v for k, replacing any value it had.
func (t *keyTable) put(k uint64, v int32) {
	if k == 0 {
		t.zero = v + 1
		return
	}
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := len(t.keys) - 1
	for i := slot(k, t.shift); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			t.vals[i] = v
			return
		case 0:
			t.keys[i], t.vals[i] = k, v
			t.n++
			return
		}
	}
}

// each calls fn with every key in the table.
func (t *keyTable) each(fn func(k uint64)) {
	if t.zero != 0 {
		fn(0)
	}
	for _, k := range t.keys {
		if k != 0 {
			fn(k)
		}
	}
}

func (t *keyTable) grow() {
	keys, vals := t.keys, t.vals
	t.init(len(keys))
	for i, k := range keys {
		if k != 0 {
			t.put(k, vals[i])
		}
	}
}
