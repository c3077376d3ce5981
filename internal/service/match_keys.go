package service

import (
	"math/bits"
	"sort"
)

// keyRun is the sorted blocking keys of the stored contacts: hash and record<<3|kind, with a table of where
// each run of equal top bits starts, so that a lookup goes straight to a handful of keys.
type keyRun struct {
	hashes []uint64
	refs   []uint32
	starts []uint32 // keys with top bits b are hashes[starts[b]:starts[b+1]]
	shift  uint
}

func (k *keyRun) Len() int           { return len(k.hashes) }
func (k *keyRun) Less(i, j int) bool { return k.hashes[i] < k.hashes[j] }
func (k *keyRun) Swap(i, j int) {
	k.hashes[i], k.hashes[j] = k.hashes[j], k.hashes[i]
	k.refs[i], k.refs[j] = k.refs[j], k.refs[i]
}

func (k *keyRun) add(h uint64, rec int32, kind uint8) {
	k.hashes = append(k.hashes, h)
	k.refs = append(k.refs, uint32(rec)<<3|uint32(kind))
}

// seal sorts the keys and builds the start table: about four keys per entry.
func (k *keyRun) seal() {
	sort.Sort(k)
	b := max(1, bits.Len(uint(len(k.hashes)/4)))
	k.shift = uint(64 - b)
	k.starts = make([]uint32, 1<<b+1)
	i := 0
	for top := range 1 << b {
		k.starts[top] = uint32(i)
		for i < len(k.hashes) && int(k.hashes[i]>>k.shift) == top {
			i++
		}
	}
	k.starts[1<<b] = uint32(i)
}

// find appends the reference of every key equal to h to out.
func (k *keyRun) find(h uint64, out []uint32) []uint32 {
	if len(k.starts) == 0 {
		return out
	}
	top := h >> k.shift
	for i := k.starts[top]; i < k.starts[top+1]; i++ {
		if k.hashes[i] == h {
			out = append(out, k.refs[i])
		}
	}
	return out
}

// keyTable holds the blocking keys an import adds while it runs: an open-addressing hash table, a quarter
// empty, that grows by doubling. Hash 0 marks an empty slot; a key hashing to 0 is stored as 1.
type keyTable struct {
	hashes []uint64
	refs   []uint32
	n      int
}

func (t *keyTable) add(h uint64, rec int32, kind uint8) {
	if (t.n+1)*4 > len(t.hashes)*3 {
		t.grow()
	}
	t.put(max(h, 1), uint32(rec)<<3|uint32(kind))
	t.n++
}

func (t *keyTable) put(h uint64, ref uint32) {
	mask := uint64(len(t.hashes) - 1)
	i := h & mask
	for t.hashes[i] != 0 {
		i = (i + 1) & mask
	}
	t.hashes[i], t.refs[i] = h, ref
}

func (t *keyTable) grow() {
	old, oldRefs := t.hashes, t.refs
	size := max(1024, 2*len(old))
	t.hashes, t.refs = make([]uint64, size), make([]uint32, size)
	for i, h := range old {
		if h != 0 {
			t.put(h, oldRefs[i])
		}
	}
}

// find appends the reference of every key equal to h to out.
func (t *keyTable) find(h uint64, out []uint32) []uint32 {
	if t.n == 0 {
		return out
	}
	h = max(h, 1)
	mask := uint64(len(t.hashes) - 1)
	for i := h & mask; t.hashes[i] != 0; i = (i + 1) & mask {
		if t.hashes[i] == h {
			out = append(out, t.refs[i])
		}
	}
	return out
}
