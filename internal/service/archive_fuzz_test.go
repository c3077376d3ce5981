package service_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// FuzzImportArchive feeds ImportArchive any bytes as an archive: whatever a file holds, the answer is a
// success or a validation error naming the problem (a 422, never a 500), and never a panic. The seeds are a
// real export of a small unit, the same stored without checksums (so that changed bytes reach the CSV and JSON
// readers instead of failing the ZIP's checksum), and the files in testdata/fuzz/FuzzImportArchive. Run it
// with go test -fuzz FuzzImportArchive ./internal/service.
func FuzzImportArchive(f *testing.F) {
	src := newArchiveWorld(f, storetest.Backends()[0].Open(f))
	data, _, err := src.export(src.system(), src.north.ID)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(storedWithoutChecksums(f, data))

	dst := newFixture(f, storetest.Backends()[0].Open(f))
	parent := dst.unit(0, "Target")
	sys := dst.system()
	f.Fuzz(func(t *testing.T, archive []byte) {
		_, err := dst.svc.ImportArchive(dst.ctx, sys, bytes.NewReader(archive), int64(len(archive)), parent.ID)
		var ve *domain.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("not a validation error: %v", err)
		}
	})
}

// storedWithoutChecksums copies an archive with its members stored, not deflated, and without CRC-32, which Go's
// zip reader then does not check.
func storedWithoutChecksums(t testing.TB, data []byte) []byte {
	zr := must(zip.NewReader(bytes.NewReader(data), int64(len(data))))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc := must(f.Open())
		body := must(io.ReadAll(rc))
		rc.Close()
		w := must(zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Store,
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))}))
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
