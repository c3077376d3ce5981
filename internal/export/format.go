package export

import (
	"slices"

	"github.com/roster-crm/roster/internal/domain"
)

// Format is the file format of an export.
type Format string

// The formats Roster exports.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	PDF  Format = "pdf"
	JSON Format = "json"
)

// ParseFormat accepts one of the allowed formats; anything else is a validation error on the field "format".
func ParseFormat(s string, allowed ...Format) (Format, error) {
	if !slices.Contains(allowed, Format(s)) {
		return "", domain.Invalid("format", "invalid_choice")
	}
	return Format(s), nil
}

// ContentType is the MIME type to serve the format with.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case PDF:
		return "application/pdf"
	case JSON:
		return "application/json; charset=utf-8"
	}
	return "application/octet-stream"
}

// Extension is the file name extension of the format, with the dot.
func (f Format) Extension() string { return "." + string(f) }
