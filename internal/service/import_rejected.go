package service

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/export"
	"github.com/roster-crm/roster/internal/store"
)

// ExportRejectedRows writes the rows an import rejected (invalid, or out of the importer's scope) as a CSV file
// to fix and import again: the uploaded file's columns with each value exactly as it was read, then a column
// "problem" that names the row's line and problems in lang. Values are not defused against spreadsheet
// formulas as list exports are: the file must import back to the same values. Only the importer and the
// admins of the import's unit may have it; anyone else gets ErrNotFound. The download is audited; it returns
// the number of rows.
func (s *Service) ExportRejectedRows(ctx context.Context, a *access.Actor, id int64, lang string, w io.Writer) (int, error) {
	b, err := s.importForAdmins(ctx, a, id)
	if err != nil {
		return 0, err
	}
	header := make([]string, 0, len(b.Settings.Columns)+1)
	for _, c := range b.Settings.Columns {
		header = append(header, c.Header)
	}
	width := len(header)
	header = append(header, s.cat.T(lang, "export.rejected_problem"))
	if _, err := io.WriteString(w, "\ufeff"); err != nil { // spreadsheet programs read UTF-8 after a BOM
		return 0, err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	rows := 0
	err = s.st.Read().ImportRejectedRows(ctx, id, func(line int, cells []string, problems []domain.FieldError) error {
		rec := make([]string, width+1)
		copy(rec, cells) // cells beyond the header are named in the problem (extra_cells)
		rec[width] = s.cat.T(lang, "export.rejected_line", "line", strconv.Itoa(line),
			"problems", export.ImportProblems(s.cat, lang, problems))
		rows++
		return cw.Write(rec)
	})
	if err != nil {
		return rows, err
	}
	if cw.Flush(); cw.Error() != nil {
		return rows, cw.Error()
	}
	return rows, s.st.Write(ctx, func(q *store.Q) error {
		return audit(ctx, q, a, "import.rejected_export", "import_batch", id, 0, b.UnitID, map[string]domain.Change{
			"rows": {New: rows}, "source": {New: b.Source}})
	})
}

// importForAdmins reads a batch that the actor may see among their jobs: their own, one of a unit they
// administer (with everything below it), any for the system.
func (s *Service) importForAdmins(ctx context.Context, a *access.Actor, id int64) (domain.ImportBatch, error) {
	var adminUnits []int64
	if a.Scope.Has(access.ManageUnits) {
		adminUnits = a.Scope.Roots(access.ManageUnits)
	}
	return s.st.Read().ImportBatchForJobs(ctx, id, a.UserID, a.IsSystem(), adminUnits)
}
