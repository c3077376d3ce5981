package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// locale holds how a language writes dates and numbers: Germans write 23.11.2026 and 10.000, English
// readers get an unambiguous Nov 23, 2026 and 10,000.
type locale struct {
	date, dateTime, thousands string
}

func localeOf(lang string) locale {
	if lang == "de" {
		return locale{date: "02.01.2006", dateTime: "02.01.2006, 15:04", thousands: "."}
	}
	return locale{date: "Jan 2, 2006", dateTime: "Jan 2, 2006, 15:04", thousands: ","}
}

// Date formats a calendar date, a time's date, or a *time.Time's date; zero and nil give "".
func (v *view) Date(x any) string {
	var t time.Time
	switch d := x.(type) {
	case domain.Date:
		if d.IsZero() {
			return ""
		}
		t = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	case time.Time:
		t = d.Local()
	case *time.Time:
		if d == nil {
			return ""
		}
		t = d.Local()
	default:
		return ""
	}
	if t.IsZero() {
		return ""
	}
	return t.Format(localeOf(v.Lang).date)
}

// DateTime formats a point in time in the server's time zone; nil gives "".
func (v *view) DateTime(x any) string {
	var t time.Time
	switch d := x.(type) {
	case time.Time:
		t = d
	case *time.Time:
		if d == nil {
			return ""
		}
		t = *d
	}
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(localeOf(v.Lang).dateTime)
}

// Until formats an expiry time as the last day it covers: a grant expiring at midnight is valid "until" the
// day before.
func (v *view) Until(t *time.Time) string {
	if t == nil {
		return ""
	}
	return v.Date(t.Add(-time.Second))
}

// Num formats an integer with the language's thousands separator: 10,000 or 10.000.
func (v *view) Num(n int) string {
	return groupThousands(strconv.Itoa(n), localeOf(v.Lang).thousands)
}

func groupThousands(digits, sep string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return sign + b.String()
}

// Value shows a value from the audit trail: text as it is, lists one item per line joined by "; ",
// yes/no translated, nothing as a dash.
func (v *view) Value(x any) string {
	switch val := x.(type) {
	case nil:
		return "–"
	case string:
		if val == "" {
			return "–"
		}
		return val
	case bool:
		if val {
			return v.T("ui.yes")
		}
		return v.T("ui.no")
	case []any:
		parts := make([]string, 0, len(val))
		for _, p := range val {
			parts = append(parts, v.Value(p))
		}
		if len(parts) == 0 {
			return "–"
		}
		return strings.Join(parts, "; ")
	case []string:
		if len(val) == 0 {
			return "–"
		}
		return strings.Join(val, "; ")
	case float64:
		return strconv.FormatFloat(val, 'f', -1, 64)
	}
	return fmt.Sprint(x)
}

// change is one field of an audit entry, ready to show: Key is the field's code, Field its name.
type change struct {
	Key, Field string
	Old, New   any
}

// Changes lists an audit entry's changes in a stable order, with field names translated where known.
func (v *view) Changes(e domain.AuditEntry) []change {
	keys := make([]string, 0, len(e.Changes))
	for k := range e.Changes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]change, 0, len(keys))
	for _, k := range keys {
		out = append(out, change{Key: k, Field: v.FieldName(k), Old: e.Changes[k].Old, New: e.Changes[k].New})
	}
	return out
}

// flag is a badge beside an e-mail address, phone number or address.
type flag struct{ Label, Class string }

// Flags lists the badges for the primary and do-not-contact marks.
func (v *view) Flags(primary, doNotContact bool) []flag {
	var out []flag
	if primary {
		out = append(out, flag{v.T("ui.contact.primary"), "primary"})
	}
	if doNotContact {
		out = append(out, flag{v.T("ui.contact.do_not_contact"), "warn"})
	}
	return out
}
