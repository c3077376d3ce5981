package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/roster-crm/roster/internal/domain"
)

// mappingSettings is the JSON of import_mappings.settings: the same shape as a saved importfile.Mapping.
type mappingSettings struct {
	Preset  string                `json:"preset,omitempty"`
	Columns []domain.ImportColumn `json:"columns"`
}

func scanImportMapping(sc interface{ Scan(...any) error }) (domain.ImportMapping, error) {
	var m domain.ImportMapping
	var settings string
	if err := sc.Scan(&m.ID, &m.Name, &settings, reqTime{&m.CreatedAt}); err != nil {
		return m, err
	}
	var s mappingSettings
	if err := json.Unmarshal([]byte(settings), &s); err != nil {
		return m, err
	}
	m.Preset, m.Columns = s.Preset, s.Columns
	return m, nil
}

// ImportMappings lists a user's saved column mappings by name.
func (q *Q) ImportMappings(ctx context.Context, userID int64) ([]domain.ImportMapping, error) {
	rows, err := q.query(ctx, `SELECT id, name, settings, created_at FROM import_mappings WHERE user_id = $1
		ORDER BY name, id`, userID)
	if err != nil {
		return nil, err
	}
	var out []domain.ImportMapping
	err = eachRow(rows, func() error {
		m, err := scanImportMapping(rows)
		out = append(out, m)
		return err
	})
	return out, err
}

// ImportMapping reads one of a user's saved mappings; another user's is ErrNotFound.
func (q *Q) ImportMapping(ctx context.Context, userID, id int64) (domain.ImportMapping, error) {
	m, err := scanImportMapping(q.db.QueryRowContext(ctx, `SELECT id, name, settings, created_at FROM import_mappings
		WHERE id = $1 AND user_id = $2`, id, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	return m, q.wrapNil(err, "SELECT import_mappings")
}

// SaveImportMapping stores a user's mapping under its name, replacing the columns of a mapping with the same
// name (which keeps its id and creation time).
func (q *Q) SaveImportMapping(ctx context.Context, userID int64, m *domain.ImportMapping) error {
	b, err := json.Marshal(mappingSettings{Preset: m.Preset, Columns: m.Columns})
	if err != nil {
		return err
	}
	err = q.db.QueryRowContext(ctx, `INSERT INTO import_mappings (user_id, name, settings, created_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, name) DO UPDATE SET settings = excluded.settings
		RETURNING id, created_at`, userID, m.Name, string(b), ts(q.now)).Scan(&m.ID, reqTime{&m.CreatedAt})
	return q.wrapNil(err, "INSERT INTO import_mappings")
}

// DeleteImportMapping removes one of a user's mappings; false when there was none.
func (q *Q) DeleteImportMapping(ctx context.Context, userID, id int64) (bool, error) {
	res, err := q.exec(ctx, `DELETE FROM import_mappings WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
