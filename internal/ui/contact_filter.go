package ui

import (
	"net/url"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// listQuery is a contact list's filter as its URL carries it, kept as entered so that the filter form shows
// it again. The same query string drives the list, its pages, the CSV export and saved lists.
type listQuery struct {
	Unit, Tag, Status, Type, JoinedFrom, JoinedTo, Sort string
	HasEmail, HasPhone, Trashed                         bool
}

// goodStanding is the status choice for members in good standing, as the unit counts define them.
const goodStanding = "new,current"

func readListQuery(q url.Values) listQuery {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	l := listQuery{Unit: get("unit"), Tag: get("tag"), Type: get("type"), JoinedFrom: get("joined_from"),
		JoinedTo: get("joined_to"), Sort: get("sort"), HasEmail: q.Get("has_email") == "1",
		HasPhone: q.Get("has_phone") == "1", Trashed: q.Get("trashed") == "1"}
	l.Status = strings.Join(splitStatuses(strings.Join(q["status"], ",")), ",")
	if l.Sort == "name" { // the default order
		l.Sort = ""
	}
	return l
}

func splitStatuses(s string) []string {
	var out []string
	for _, st := range strings.Split(s, ",") {
		if st = strings.TrimSpace(st); st != "" && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

// queryOf is the URL form of a stored filter, for saved lists.
func queryOf(f domain.ContactFilter) listQuery {
	l := listQuery{Tag: f.Tag, Status: strings.Join(f.Statuses, ","), JoinedFrom: f.JoinedFrom.String(),
		JoinedTo: f.JoinedTo.String(), Sort: f.Sort, HasEmail: f.HasEmail, HasPhone: f.HasPhone, Trashed: f.Trashed}
	if f.UnitID != 0 {
		l.Unit = itoa(f.UnitID)
	}
	if f.TypeID != 0 {
		l.Type = itoa(f.TypeID)
	}
	if l.Sort == "name" {
		l.Sort = ""
	}
	return l
}

// filter turns the query into a service filter; malformed numbers and dates are problems under the query's
// names, which are also the service's.
func (l listQuery) filter(p *domain.Problems) domain.ContactFilter {
	f := domain.ContactFilter{UnitID: formID(p, "unit", l.Unit), Tag: l.Tag, Statuses: splitStatuses(l.Status),
		TypeID: formID(p, "type", l.Type), HasEmail: l.HasEmail, HasPhone: l.HasPhone, Trashed: l.Trashed, Sort: l.Sort}
	if d := formDate(p, "joined_from", l.JoinedFrom); d != nil {
		f.JoinedFrom = *d
	}
	if d := formDate(p, "joined_to", l.JoinedTo); d != nil {
		f.JoinedTo = *d
	}
	return f
}

// values is the query string of the filter with only the fields that are set, in one canonical form.
func (l listQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"unit": l.Unit, "tag": l.Tag, "status": l.Status, "type": l.Type,
		"joined_from": l.JoinedFrom, "joined_to": l.JoinedTo, "sort": l.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	for k, b := range map[string]bool{"has_email": l.HasEmail, "has_phone": l.HasPhone, "trashed": l.Trashed} {
		if b {
			v.Set(k, "1")
		}
	}
	return v
}

// url is the list page of the filter; extra adds parameters such as the page cursor.
func (l listQuery) url(extra ...string) string {
	v := l.values()
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return "/contacts"
	}
	return "/contacts?" + v.Encode()
}

// Narrowed reports whether anything beyond the trash switch and the order narrows the list.
func (l listQuery) Narrowed() bool {
	return l.Unit != "" || l.Tag != "" || l.Status != "" || l.More()
}

// More reports whether one of the less used filters is set, to open them.
func (l listQuery) More() bool {
	return l.Type != "" || l.JoinedFrom != "" || l.JoinedTo != "" || l.HasEmail || l.HasPhone
}

// StatusOptions lists the status choices: any, members in good standing, each status, no membership; a
// combination that came with a saved list or a link is added as it is.
func (v *view) StatusOptions(current string) []option {
	out := []option{{Value: "", Label: v.T("ui.contacts.any_status")},
		{Value: goodStanding, Label: v.T("ui.contacts.good_standing")}}
	for _, st := range append(slices.Clone(domain.Statuses()), "none") {
		out = append(out, option{Value: st, Label: v.Enum("ui.status", st)})
	}
	if current != "" && !slices.ContainsFunc(out, func(o option) bool { return o.Value == current }) {
		var labels []string
		for _, st := range splitStatuses(current) {
			labels = append(labels, v.Enum("ui.status", st))
		}
		out = append(out, option{Value: current, Label: strings.Join(labels, ", ")})
	}
	return out
}

// SortOptions lists the orders of a list; the first is the default.
func (v *view) SortOptions() []option {
	return []option{{Value: "", Label: v.T("ui.contacts.sort_name")}, {Value: "-name", Label: v.T("ui.contacts.sort_name_desc")},
		{Value: "newest", Label: v.T("ui.contacts.sort_newest")}}
}
