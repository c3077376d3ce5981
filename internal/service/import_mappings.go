package service

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/importfile"
	"github.com/roster-crm/roster/internal/store"
)

// maxImportMappings bounds the saved mappings of one user: a list to choose from, not a store.
const maxImportMappings = 100

// ImportMappings lists the actor's saved column mappings by name.
func (s *Service) ImportMappings(ctx context.Context, a *access.Actor) ([]domain.ImportMapping, error) {
	l, err := s.st.Read().ImportMappings(ctx, a.UserID)
	if l == nil {
		l = []domain.ImportMapping{}
	}
	return l, err
}

// ImportMapping returns one of the actor's saved mappings as a file mapping, to apply with Rebind.
func (s *Service) ImportMapping(ctx context.Context, a *access.Actor, id int64) (importfile.Mapping, error) {
	m, err := s.st.Read().ImportMapping(ctx, a.UserID, id)
	if err != nil {
		return importfile.Mapping{}, err
	}
	fm := mappingOf(m.Columns)
	fm.Preset = m.Preset
	return fm, nil
}

// SaveImportMapping stores a column mapping under a name for the actor, replacing the actor's mapping of the
// same name. The mapping must be valid for the header it was made for; it holds only column names and
// fields, no data of the file.
func (s *Service) SaveImportMapping(ctx context.Context, a *access.Actor, name string, m importfile.Mapping) (domain.ImportMapping, error) {
	var p domain.Problems
	saved := domain.ImportMapping{Name: text(&p, "name", name, maxShort, true), Preset: m.Preset, Columns: m.Columns}
	if err := p.Err(); err != nil {
		return saved, err
	}
	header := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		header[i] = c.Header
	}
	if len(header) == 0 {
		return saved, domain.Invalid("columns", "required")
	}
	if err := m.Validate(header); err != nil {
		return saved, err
	}
	if a.IsSystem() || !a.Scope.Has(access.WriteContacts) {
		return saved, domain.ErrForbidden
	}
	err := s.st.Write(ctx, func(q *store.Q) error {
		existing, err := q.ImportMappings(ctx, a.UserID)
		if err != nil {
			return err
		}
		if len(existing) >= maxImportMappings && !hasMappingNamed(existing, saved.Name) {
			var p domain.Problems
			p.AddParam("name", "too_many", maxImportMappings)
			return p.Err()
		}
		if err := q.SaveImportMapping(ctx, a.UserID, &saved); err != nil {
			return err
		}
		return audit(ctx, q, a, "import_mapping.save", "import_mapping", saved.ID, 0, 0,
			map[string]domain.Change{"name": {Old: nil, New: saved.Name}})
	})
	return saved, err
}

func hasMappingNamed(list []domain.ImportMapping, name string) bool {
	for _, m := range list {
		if m.Name == name {
			return true
		}
	}
	return false
}

// DeleteImportMapping removes one of the actor's saved mappings.
func (s *Service) DeleteImportMapping(ctx context.Context, a *access.Actor, id int64) error {
	return s.st.Write(ctx, func(q *store.Q) error {
		ok, err := q.DeleteImportMapping(ctx, a.UserID, id)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound
		}
		return audit(ctx, q, a, "import_mapping.delete", "import_mapping", id, 0, 0, nil)
	})
}
