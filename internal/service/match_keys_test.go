package service

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The key structures must find every reference stored under a hash, and only those, however the hashes
// cluster: equal hashes, hashes differing only in their low or top bits; a sorted run marks blocks of more
// than maxBlock equal keys as too common, and keys merged into a run in batches are found like the others.
func TestMatchKeysFindAllAndOnly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var hashes []uint64
	for range 4000 {
		switch r.IntN(5) {
		case 0:
			hashes = append(hashes, 1+uint64(r.IntN(100))) // small values: equal hashes, one top bucket
		case 1:
			hashes = append(hashes, uint64(1+r.IntN(50))<<58) // differ only in the top bits
		case 2:
			hashes = append(hashes, 7777) // one block larger than maxBlock
		default:
			hashes = append(hashes, r.Uint64()|1)
		}
	}
	want := map[uint64][]uint32{}
	var sealed, merged keyRun
	var table keyTable
	for i, h := range hashes {
		ref := uint32(i)<<3 | uint32(i%7)
		sealed.add(h, int32(i), uint8(i%7))
		table.add(h, ref)
		want[h] = append(want[h], ref)
		if i%1000 == 999 {
			merged.merge(table.drain())
		}
	}
	sealed.seal()
	merged.merge(table.drain())
	if len(want[7777]) <= maxBlock {
		t.Fatalf("the test needs a block of more than %d keys", maxBlock)
	}
	for _, h := range append(slices.Clone(hashes), 12345, 1<<63, 7<<58+1) {
		w := slices.Sorted(slices.Values(want[h]))
		got, common := sealed.find(h, nil)
		slices.Sort(got)
		if common != (len(w) > maxBlock) || !common && !slices.Equal(got, w) {
			t.Fatalf("sealed run, hash %#x: found %v (too common: %v), want %v", h, got, common, w)
		}
		got, common = merged.find(h, nil)
		slices.Sort(got)
		if common || !slices.Equal(got, w) {
			t.Fatalf("merged run, hash %#x: found %v, want %v", h, got, w)
		}
	}
	var empty keyRun
	empty.seal()
	if got, _ := empty.find(5, nil); got != nil {
		t.Fatalf("empty run found %v", got)
	}
}
