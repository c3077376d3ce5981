package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

// PersonFormats are the formats of a personal data report.
func PersonFormats() []Format { return []Format{JSON, PDF} }

// PersonSchema names the layout of the JSON report, so that a later change of layout can be told apart.
const PersonSchema = "roster.person-report.v1"

// Person is everything Roster holds about one contact, the answer to a data-subject access request: the
// contact with its e-mail addresses, phones, addresses, external ids, tags, units and attributes, its
// membership periods, notes, relationships and the history of changes recorded about it.
type Person struct {
	Schema        string                `json:"schema"`
	GeneratedAt   time.Time             `json:"generated_at"`
	GeneratedFor  string                `json:"generated_for"` // the user who asked for the report
	Contact       *domain.Contact       `json:"contact"`
	Memberships   []domain.Membership   `json:"memberships"`
	Notes         []domain.Note         `json:"notes"`
	Relationships []domain.Relationship `json:"relationships"`
	History       []domain.AuditEntry   `json:"history"`
}

// WritePerson writes a personal data report as JSON or as a readable PDF in lang.
func WritePerson(w io.Writer, f Format, cat *i18n.Catalog, lang string, p *Person) error {
	p.Schema = PersonSchema
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	case PDF:
		return writePersonPDF(w, labels{cat, lang}, p)
	}
	return fmt.Errorf("personal data report: unsupported format %q", f)
}
