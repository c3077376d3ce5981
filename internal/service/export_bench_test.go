package service_test

import (
	"context"
	"io"
	"testing"

	"github.com/roster-crm/roster/internal/bench"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// BenchmarkAccreditationList exports the accreditation list of a state with 10,000 members in each format,
// as an officer scoped to the state, on every configured database. Targets: CSV ≤ 0.3 s, XLSX ≤ 2 s,
// PDF ≤ 3 s per export.
//
//	go test ./internal/service/ -run '^$' -bench Accreditation -benchtime 5x
func BenchmarkAccreditationList(b *testing.B) {
	for _, backend := range storetest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			ctx := context.Background()
			svc := service.New(backend.Open(b), service.Options{})
			officer, unit, err := bench.SeedAccreditation(ctx, svc, 10000)
			if err != nil {
				b.Fatal(err)
			}
			for _, format := range service.AccreditationFormats() {
				b.Run(format, func(b *testing.B) {
					for b.Loop() {
						n, err := svc.AccreditationList(ctx, officer, unit, service.AccreditationOptions{Format: format, Lang: "de"}, io.Discard)
						if err != nil || n != 10000 {
							b.Fatalf("%d rows, %v", n, err)
						}
					}
				})
			}
		})
	}
}
