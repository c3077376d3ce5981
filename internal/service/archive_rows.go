package service

import (
	"slices"
	"strconv"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store"
)

// archiveIndex is what one reading of an archive has seen so far: the ids each file introduced, for the
// references of the files after it, and the keys that must be free in the target.
type archiveIndex struct {
	root      int64
	units     map[int64]bool
	codes     []string
	types     map[string]domain.MembershipType
	contacts  map[int64]bool
	members   []string
	externals []domain.ExternalID
	seen      map[string]bool // file-scoped keys: "memberships.csv#12", "emails.csv primary#3" …
}

func newArchiveIndex() *archiveIndex {
	return &archiveIndex{units: map[int64]bool{}, types: map[string]domain.MembershipType{},
		contacts: map[int64]bool{}, seen: map[string]bool{}}
}

// once reports whether key is new, recording it; a repeated key is a problem with column of the current row.
// Ids of contacts and units have maps of their own; history entries need no unique id.
func (ix *archiveIndex) once(t *archiveTable, column, key string) bool {
	key = t.spec.Name + " " + column + "#" + key
	if ix.seen[key] {
		t.bad(column, "duplicate")
		return false
	}
	ix.seen[key] = true
	return true
}

func (ix *archiveIndex) contact(t *archiveTable, column string) int64 {
	id := t.id(column)
	if id != 0 && !ix.contacts[id] {
		t.bad(column, "unknown_contact")
	}
	return id
}

func (ix *archiveIndex) unit(t *archiveTable, column string) int64 {
	id := t.id(column)
	if id != 0 && !ix.units[id] {
		t.bad(column, "unknown_unit")
	}
	return id
}

func key(id int64) string { return strconv.FormatInt(id, 10) }

func (ix *archiveIndex) readUnit(t *archiveTable) (domain.Unit, bool) {
	u := domain.Unit{ID: t.id("id"), ParentID: t.number("parent_id", false), Name: t.required("name"),
		Kind: t.text("kind"), Code: t.text("code"), ArchivedAt: t.optTime("archived_at"),
		CreatedAt: t.time("created_at"), UpdatedAt: t.time("updated_at")}
	if ix.units[u.ID] {
		t.bad("id", "duplicate")
	}
	switch {
	case u.ParentID == 0 && ix.root != 0:
		t.bad("parent_id", "second_root")
	case u.ParentID == 0:
		ix.root = u.ID
	case !ix.units[u.ParentID]:
		t.bad("parent_id", "unknown_unit") // parents come first
	}
	if u.Code != "" && ix.once(t, "code", u.Code) {
		ix.codes = append(ix.codes, u.Code)
	}
	ix.units[u.ID] = true
	return u, t.ok()
}

func (ix *archiveIndex) readPostalCode(t *archiveTable) (domain.PostalMapping, bool) {
	m := domain.PostalMapping{UnitID: ix.unit(t, "unit_id"), PostalCode: t.required("postal_code"), Place: t.text("place")}
	ix.once(t, "postal_code", m.PostalCode+"@"+key(m.UnitID))
	return m, t.ok()
}

func (ix *archiveIndex) readType(t *archiveTable) (domain.MembershipType, bool) {
	mt := domain.MembershipType{Name: t.required("name"), DurationMonths: t.integer("duration_months"),
		GraceDays: t.integer("grace_days"), NewDays: t.integer("new_days"), Voting: t.boolean("voting"),
		VoteAfterDays: t.integer("vote_after_days"), RequiresDues: t.boolean("requires_dues"), Active: t.boolean("active")}
	ix.once(t, "name", mt.Name)
	ix.types[mt.Name] = mt
	return mt, t.ok()
}

func (ix *archiveIndex) readContact(t *archiveTable) (store.ArchiveContact, bool) {
	var c store.ArchiveContact
	c.ID = t.id("id")
	c.Kind = t.oneOf("kind", []string{domain.KindPerson, domain.KindHousehold, domain.KindOrganization})
	c.HomeUnit.ID = ix.unit(t, "home_unit_id")
	c.GivenName, c.MiddleName, c.FamilyName = t.text("given_name"), t.text("middle_name"), t.text("family_name")
	c.HonorificPrefix, c.HonorificSuffix = t.text("honorific_prefix"), t.text("honorific_suffix")
	c.OrgName, c.DisplayName = t.text("organization_name"), t.required("display_name")
	c.Gender = t.oneOf("gender", domain.Genders())
	c.BirthDate, c.DeceasedOn, c.Language = t.date("birth_date"), t.date("deceased_on"), t.text("language")
	c.MemberNumber = t.text("member_number")
	c.CreatedAt, c.CreatedBy = t.time("created_at"), t.text("created_by")
	c.UpdatedAt, c.UpdatedBy = t.time("updated_at"), t.text("updated_by")
	c.DeletedAt, c.DeletedBy = t.optTime("deleted_at"), t.text("deleted_by")
	c.Version = t.integer("version")
	if c.Kind == "" {
		t.bad("kind", "required")
	}
	if ix.contacts[c.ID] {
		t.bad("id", "duplicate")
	}
	if c.MemberNumber != "" && ix.once(t, "member_number", c.MemberNumber) {
		ix.members = append(ix.members, strings.Clone(c.MemberNumber))
	}
	c.DeriveNames(c.DisplayName)
	ix.contacts[c.ID] = true
	return c, t.ok()
}

// primary checks that a contact has at most one primary entry in a list file.
func (ix *archiveIndex) primary(t *archiveTable, contact int64) bool {
	p := t.boolean("primary")
	if p {
		ix.once(t, "primary", key(contact))
	}
	return p
}

func (ix *archiveIndex) readEmail(t *archiveTable) (store.ArchiveEmail, bool) {
	e := store.ArchiveEmail{ContactID: ix.contact(t, "contact_id"), Position: t.integer("position")}
	e.Address, e.Label, e.DoNotContact = t.required("address"), t.text("label"), t.boolean("do_not_contact")
	e.Primary = ix.primary(t, e.ContactID)
	return e, t.ok()
}

func (ix *archiveIndex) readPhone(t *archiveTable) (store.ArchivePhone, bool) {
	p := store.ArchivePhone{ContactID: ix.contact(t, "contact_id"), Position: t.integer("position")}
	p.Number, p.Label, p.DoNotContact = t.required("number"), t.text("label"), t.boolean("do_not_contact")
	p.Primary = ix.primary(t, p.ContactID)
	return p, t.ok()
}

func (ix *archiveIndex) readAddress(t *archiveTable) (store.ArchiveAddress, bool) {
	a := store.ArchiveAddress{ContactID: ix.contact(t, "contact_id"), Position: t.integer("position")}
	a.Street, a.Extra, a.PostalCode = t.text("street"), t.text("extra"), t.text("postal_code")
	a.City, a.Region, a.Country = t.text("city"), t.text("region"), t.text("country")
	a.Label, a.DoNotContact = t.text("label"), t.boolean("do_not_contact")
	a.Primary = ix.primary(t, a.ContactID)
	return a, t.ok()
}

func (ix *archiveIndex) readExternalID(t *archiveTable) (store.ArchiveFact, bool) {
	f := store.ArchiveFact{ContactID: ix.contact(t, "contact_id"), Name: t.required("system"), Value: t.required("value")}
	if ix.once(t, "value", f.Name+":"+f.Value) {
		ix.externals = append(ix.externals, domain.ExternalID{System: strings.Clone(f.Name), Value: strings.Clone(f.Value)})
	}
	return f, t.ok()
}

func (ix *archiveIndex) readTag(t *archiveTable) (store.ArchiveFact, bool) {
	f := store.ArchiveFact{ContactID: ix.contact(t, "contact_id"), Name: t.required("tag")}
	ix.once(t, "tag", key(f.ContactID)+":"+domain.Fold(f.Name))
	return f, t.ok()
}

func (ix *archiveIndex) readAttribute(t *archiveTable) (store.ArchiveFact, bool) {
	f := store.ArchiveFact{ContactID: ix.contact(t, "contact_id"), Name: t.required("name"), Value: t.text("value")}
	ix.once(t, "name", key(f.ContactID)+":"+f.Name)
	return f, t.ok()
}

func (ix *archiveIndex) readAffiliation(t *archiveTable) (store.ArchiveAffiliation, bool) {
	a := store.ArchiveAffiliation{ContactID: ix.contact(t, "contact_id"), UnitID: ix.unit(t, "unit_id"),
		CreatedAt: t.time("created_at")}
	ix.once(t, "unit_id", key(a.ContactID)+":"+key(a.UnitID))
	return a, t.ok()
}

// readMembership reads a period. Its derived dates are checked for form only: the import derives them again
// from the type's settings in the target.
func (ix *archiveIndex) readMembership(t *archiveTable) (store.ArchiveMembership, bool) {
	var m store.ArchiveMembership
	m.ID, m.ContactID, m.TypeName = t.id("id"), ix.contact(t, "contact_id"), t.required("type")
	m.StartDate, m.EndDate, m.PaidUntil = t.date("start_date"), t.date("end_date"), t.date("paid_until")
	m.Pending, m.Notes = t.boolean("pending"), t.text("notes")
	m.JoinMethod, m.EndReason = t.oneOf("join_method", domain.JoinMethods()), t.oneOf("end_reason", domain.EndReasons())
	for _, c := range []string{"valid_until", "grace_until", "new_until", "vote_from"} {
		t.date(c)
	}
	m.CreatedAt, m.CreatedBy = t.time("created_at"), t.text("created_by")
	m.UpdatedAt, m.UpdatedBy = t.time("updated_at"), t.text("updated_by")
	if m.StartDate.IsZero() {
		t.bad("start_date", "required")
	}
	if _, ok := ix.types[m.TypeName]; !ok && m.TypeName != "" {
		t.bad("type", "unknown_type")
	}
	ix.once(t, "id", key(m.ID))
	return m, t.ok()
}

func (ix *archiveIndex) readNote(t *archiveTable) (store.ArchiveNote, bool) {
	n := store.ArchiveNote{ID: t.id("id"), ContactID: ix.contact(t, "contact_id"), Body: t.text("body"),
		CreatedAt: t.time("created_at"), CreatedBy: t.text("created_by")}
	ix.once(t, "id", key(n.ID))
	return n, t.ok()
}

func (ix *archiveIndex) readRelationship(t *archiveTable) (store.ArchiveRelationship, bool) {
	r := store.ArchiveRelationship{ID: t.id("id"), ContactID: ix.contact(t, "contact_id"),
		OtherID: ix.contact(t, "other_contact_id"), Kind: t.required("kind"), CreatedAt: t.time("created_at"),
		CreatedBy: t.text("created_by")}
	if r.Kind != "" && !slices.Contains(domain.RelationshipKinds(), r.Kind) {
		t.bad("kind", "invalid_choice")
	}
	if r.ContactID == r.OtherID {
		t.bad("other_contact_id", "self_relationship")
	}
	ix.once(t, "id", key(r.ID))
	ix.once(t, "kind", key(r.ContactID)+":"+key(r.OtherID)+":"+r.Kind)
	return r, t.ok()
}

func (ix *archiveIndex) readHistory(t *archiveTable) (store.ArchiveHistory, bool) {
	var h store.ArchiveHistory
	h.ID, h.At, h.ActorName = t.id("id"), t.time("at"), t.text("actor")
	h.Action, h.EntityType, h.EntityID = t.required("action"), t.required("entity_type"), t.number("entity_id", false)
	h.ContactID, h.UnitID = ix.contact(t, "contact_id"), t.number("unit_id", false)
	h.RawChanges, h.Redacted = t.object("changes"), t.boolean("redacted")
	return h, t.ok()
}
