package ui

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// Values of the audit trail as people read them. The trail stores each change as JSON, so a value comes
// back as text, a number, true/false, a list or an object; which field it belongs to says how to show it.

// auditEnums names the catalogue prefix that translates the coded values of a field.
var auditEnums = map[string]string{
	"role": "ui.role", "status": "ui.status", "gender": "ui.gender", "kind": "ui.kind", "end_reason": "ui.end_reason",
	"join_method": "ui.join_method", "factor": "ui.audit.factor", "language": "ui.language_name", "format": "ui.audit.format",
}

// auditLastDay are the fields that hold the end of a period: shown as the last day it covers.
var auditLastDay = map[string]bool{"expires_at": true}

// FieldValue shows the value x of the audit field named field: codes by their names, times and dates in the
// page's format, lists item by item, objects as "name: value" pairs; nothing is a dash.
func (v *view) FieldValue(field string, x any) string {
	switch val := x.(type) {
	case nil:
		return "–"
	case string:
		return v.textValue(field, val)
	case bool:
		if val {
			return v.T("ui.yes")
		}
		return v.T("ui.no")
	case float64:
		if val != float64(int64(val)) {
			return strconv.FormatFloat(val, 'f', -1, 64)
		}
		if field == "id" || strings.HasSuffix(field, "_id") {
			return strconv.FormatInt(int64(val), 10)
		}
		return v.Num(int(val))
	case []any:
		parts := make([]string, 0, len(val))
		for _, p := range val {
			parts = append(parts, v.FieldValue(field, p))
		}
		if len(parts) == 0 {
			return "–"
		}
		return strings.Join(parts, "; ")
	case []string:
		return v.FieldValue(field, anySlice(val))
	case map[string]any:
		return v.objectValue(val)
	}
	return v.Value(x)
}

func anySlice(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// textValue shows a text: a code of field by its name, a time or a date in the page's format.
func (v *view) textValue(field, s string) string {
	if s == "" {
		return "–"
	}
	if prefix := auditEnums[field]; prefix != "" {
		return v.Enum(prefix, s)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		if auditLastDay[field] {
			return v.Until(&t)
		}
		return v.DateTime(t)
	}
	if len(s) == len("2006-01-02") {
		if d, err := domain.ParseDate(s); err == nil {
			return v.Date(d)
		}
	}
	return s
}

// objectValue shows an object of the trail. A granted role reads "Manager · München, until 30.06.2027";
// anything else as its fields by name, in a stable order.
func (v *view) objectValue(m map[string]any) string {
	if role, ok := m["role"].(string); ok {
		out := v.Enum("ui.role", role)
		if unit, ok := m["unit_name"].(string); ok && unit != "" {
			out += " · " + unit
		}
		if exp, ok := m["expires_at"].(string); ok && exp != "" {
			out += ", " + v.T("ui.grant.until", "date", v.textValue("expires_at", exp))
		}
		return out
	}
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		if m[k] == nil || m[k] == "" || m[k] == false {
			continue
		}
		parts = append(parts, v.FieldName(k)+": "+v.FieldValue(k, m[k]))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

// FieldName is the name of an audit field in the page's language; a field the catalogue does not know is
// shown as its words ("first_id" as "first id").
func (v *view) FieldName(field string) string {
	if key := "ui.field." + field; v.u.cat.Has(v.Lang, key) {
		return v.T(key)
	}
	return strings.ReplaceAll(field, "_", " ")
}

// auditSubject is what an audit entry is about, as a page names it: a contact by name, a user or a unit
// with a link to its page, anything else by its kind.
type auditSubject struct {
	Label, Href string
}

// AuditSubject names the record an entry is about.
func (v *view) AuditSubject(e domain.AuditEntry) auditSubject {
	id := strconv.FormatInt(e.EntityID, 10)
	switch {
	case e.ContactID != 0 && e.ContactName != "":
		return auditSubject{Label: e.ContactName, Href: "/contacts/" + strconv.FormatInt(e.ContactID, 10)}
	case e.ContactID != 0:
		return auditSubject{Label: v.T("ui.audit.contact_no", "id", strconv.FormatInt(e.ContactID, 10))}
	case e.EntityID == 0:
		return auditSubject{Label: v.Enum("ui.audit.entity", e.EntityType)}
	case e.EntityType == "user":
		return auditSubject{Label: v.Enum("ui.audit.entity", e.EntityType) + " #" + id, Href: "/users/" + id}
	case e.EntityType == "unit":
		return auditSubject{Label: v.Enum("ui.audit.entity", e.EntityType) + " #" + id, Href: "/units/" + id}
	case e.EntityType == "import_batch":
		return auditSubject{Label: v.Enum("ui.audit.entity", e.EntityType) + " #" + id, Href: "/imports/" + id}
	}
	return auditSubject{Label: v.Enum("ui.audit.entity", e.EntityType) + " #" + id}
}
