package export

import (
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
)

// labels translates the words of an export into one catalogue language.
type labels struct {
	cat  *i18n.Catalog
	lang string
}

func (l labels) t(key string, params ...string) string {
	if l.cat == nil {
		return key
	}
	return l.cat.T(l.lang, key, params...)
}

// enum translates a value of a closed list (a status, a kind), keeping values without a message as they are.
func (l labels) enum(prefix, value string) string {
	if value == "" || l.cat == nil || !l.cat.Has("en", prefix+"."+value) {
		return value
	}
	return l.t(prefix + "." + value)
}

func (l labels) date(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(l.t("export.date_format"))
}

func (l labels) dateTime(t time.Time) string { return t.UTC().Format(l.t("export.datetime_format")) }

func (l labels) yesNo(b bool) string {
	if b {
		return l.t("export.yes")
	}
	return l.t("export.no")
}
