package service

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The key structures must find every reference stored under a hash, and only those, however the hashes
// cluster: many equal hashes, hashes differing only in their low or top bits, and hash 0.
func TestMatchKeysFindAllAndOnly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var hashes []uint64
	for range 3000 {
		switch r.IntN(4) {
		case 0:
			hashes = append(hashes, uint64(r.IntN(50))) // small values: equal hashes, hash 0, one top bucket
		case 1:
			hashes = append(hashes, uint64(r.IntN(50))<<58) // differ only in the top bits
		default:
			hashes = append(hashes, r.Uint64())
		}
	}
	want := map[uint64][]uint32{}
	var run keyRun
	var table keyTable
	for i, h := range hashes {
		kind := uint8(i % 7)
		run.add(h, int32(i), kind)
		table.add(h, int32(i), kind)
		want[h] = append(want[h], uint32(i)<<3|uint32(kind))
	}
	run.seal()
	probes := append(slices.Clone(hashes), 12345, 1<<63, 7<<58+1)
	for _, h := range probes {
		w := slices.Sorted(slices.Values(want[h]))
		got := run.find(h, nil)
		slices.Sort(got)
		if !slices.Equal(got, w) {
			t.Fatalf("sorted run, hash %#x: found %v, want %v", h, got, w)
		}
		got = table.find(h, nil)
		slices.Sort(got)
		if h == 0 || h == 1 { // the table stores hash 0 as 1: both find both
			w = slices.Sorted(slices.Values(append(slices.Clone(want[0]), want[1]...)))
		}
		if !slices.Equal(got, w) {
			t.Fatalf("hash table, hash %#x: found %v, want %v", h, got, w)
		}
	}
	var empty keyRun
	empty.seal()
	if got := empty.find(5, nil); got != nil {
		t.Fatalf("empty run found %v", got)
	}
}
