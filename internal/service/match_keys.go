package service

import (
	"math/bits"
	"slices"
	"sort"
)

// A blocking key shared by more than maxBlock contacts (a very common name in the whole country) says nothing
// by itself, and pairs with real evidence share a rarer key as well: the finder does not compare within such
// a block, and an imported row does not take candidates from it.
const maxBlock = 64

// tooCommon is the reference a sorted run keeps, once, in place of a block of more than maxBlock keys.
const tooCommon = ^uint32(0)

// keyRun is a sorted run of blocking keys: hash and record<<3|kind, with a table of where each run of equal
// top bits starts, so that a lookup goes straight to a handful of keys.
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

// seal sorts the keys, replaces each block of more than maxBlock equal keys by one tooCommon key, and builds
// the start table.
func (k *keyRun) seal() {
	sort.Sort(k)
	w := 0
	for i := 0; i < len(k.hashes); {
		j := i + 1
		for j < len(k.hashes) && k.hashes[j] == k.hashes[i] {
			j++
		}
		if j-i > maxBlock {
			k.hashes[w], k.refs[w] = k.hashes[i], tooCommon
			w++
		} else {
			w += copy(k.hashes[w:], k.hashes[i:j])
			copy(k.refs[w-(j-i):], k.refs[i:j])
		}
		i = j
	}
	k.hashes, k.refs = slices.Clip(k.hashes[:w]), slices.Clip(k.refs[:w])
	k.index()
}

// index builds the start table: about four keys per entry.
func (k *keyRun) index() {
	b := max(1, bits.Len(uint(len(k.hashes)/4)))
	k.shift = uint(64 - b)
	if len(k.starts) != 1<<b+1 {
		k.starts = make([]uint32, 1<<b+1)
	}
	i := 0
	for top := range 1 << b {
		k.starts[top] = uint32(i)
		for i < len(k.hashes) && int(k.hashes[i]>>k.shift) == top {
			i++
		}
	}
	k.starts[1<<b] = uint32(i)
}

// merge adds sorted keys to the run, in place from the back, and rebuilds the start table.
func (k *keyRun) merge(hashes []uint64, refs []uint32) {
	n, m := len(k.hashes), len(hashes)
	k.hashes, k.refs = slices.Grow(k.hashes, m)[:n+m], slices.Grow(k.refs, m)[:n+m]
	for i, j, w := n-1, m-1, n+m-1; j >= 0; w-- {
		if i >= 0 && k.hashes[i] > hashes[j] {
			k.hashes[w], k.refs[w] = k.hashes[i], k.refs[i]
			i--
		} else {
			k.hashes[w], k.refs[w] = hashes[j], refs[j]
			j--
		}
	}
	k.index()
}

// find appends the reference of every key equal to h to out; common reports a tooCommon block.
func (k *keyRun) find(h uint64, out []uint32) (_ []uint32, common bool) {
	if len(k.starts) == 0 {
		return out, false
	}
	top := h >> k.shift
	for i := k.starts[top]; i < k.starts[top+1]; i++ {
		if k.hashes[i] == h {
			if k.refs[i] == tooCommon {
				return out, true
			}
			out = append(out, k.refs[i])
		}
	}
	return out, false
}

// keyTable holds the blocking keys an import added since they were last merged into a sorted run: an
// open-addressing hash table of fixed size, at most half full. Hash 0 marks an empty slot; a key hashing to 0
// is stored as 1.
type keyTable struct {
	hashes []uint64
	refs   []uint32
	n      int
}

// keyTableSlots is the size of an import's table of recent keys: 12 bytes a slot.
const keyTableSlots = 1 << 18

func (t *keyTable) full() bool { return 2*t.n >= len(t.hashes) }

func (t *keyTable) add(h uint64, ref uint32) {
	if t.hashes == nil {
		t.hashes, t.refs = make([]uint64, keyTableSlots), make([]uint32, keyTableSlots)
	}
	h = max(h, 1)
	mask := uint64(len(t.hashes) - 1)
	i := h & mask
	for t.hashes[i] != 0 {
		i = (i + 1) & mask
	}
	t.hashes[i], t.refs[i] = h, ref
	t.n++
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

// drain returns the table's keys sorted and empties it.
func (t *keyTable) drain() ([]uint64, []uint32) {
	run := keyRun{hashes: make([]uint64, 0, t.n), refs: make([]uint32, 0, t.n)}
	for i, h := range t.hashes {
		if h != 0 {
			run.hashes, run.refs = append(run.hashes, h), append(run.refs, t.refs[i])
		}
	}
	sort.Sort(&run)
	clear(t.hashes)
	t.n = 0
	return run.hashes, run.refs
}
