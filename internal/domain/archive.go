package domain

import "time"

// The unit archive is a ZIP of CSV and JSON files holding everything in a unit's subtree, which another
// Roster loads without loss. Its layout is declared here once: the export writes it into the archive's
// manifest, the import checks files against it, and docs/archive-format.md explains it.
const (
	ArchiveFormat  = "roster-unit-archive"
	ArchiveVersion = 1
)

// Value types of archive columns. In CSV every value is text (empty for none); in JSON files ids, integers
// and booleans are numbers and booleans, an empty value is null, and a json column holds an object.
const (
	ArchiveID        = "id"        // the row's id in the source Roster, referred to by other files
	ArchiveRef       = "ref"       // the id of a row of another file of the archive
	ArchiveText      = "text"      // UTF-8 text
	ArchiveInt       = "integer"   // a whole number
	ArchiveBool      = "boolean"   // true or false
	ArchiveDate      = "date"      // YYYY-MM-DD
	ArchiveTimestamp = "timestamp" // RFC 3339 in UTC with microseconds: 2026-06-15T10:00:00.000000Z
	ArchiveJSON      = "json"      // a JSON object
)

// ArchiveColumn is one column of an archive file (one field of a JSON file's objects).
type ArchiveColumn struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// ArchiveFile is one file of the archive with its columns and, in a manifest, the number of rows it holds.
type ArchiveFile struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Rows        int             `json:"rows"`
	Columns     []ArchiveColumn `json:"columns"`
}

// Column returns the position of a column, -1 when the file has none of that name.
func (f ArchiveFile) Column(name string) int {
	for i, c := range f.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// ArchiveManifest is the archive's manifest.json: what the archive is, where it came from, and its files.
type ArchiveManifest struct {
	Format        string        `json:"format"`
	Version       int           `json:"version"`
	RosterVersion string        `json:"roster_version"`
	CreatedAt     time.Time     `json:"created_at"`
	CreatedBy     string        `json:"created_by"`
	RootUnit      ArchiveRoot   `json:"root_unit"`
	Scope         []string      `json:"scope"` // what the archive holds and leaves out, in sentences
	Files         []ArchiveFile `json:"files"`
}

// ArchiveRoot is the archived unit as the manifest names it.
type ArchiveRoot struct {
	ID   int64    `json:"id"`
	Name string   `json:"name"`
	Kind string   `json:"kind"`
	Code string   `json:"code,omitempty"`
	Path []string `json:"path"` // unit names from the source's root down to the archived unit
}

// ArchiveSummary reports an export or import of a unit archive.
type ArchiveSummary struct {
	RootUnit UnitRef        `json:"root_unit"` // export: the archived unit; import: the unit created for it
	Rows     map[string]int `json:"rows"`      // rows per file
	Contacts int            `json:"contacts"`
	// Import only: membership types created from the archive, and types found by name whose settings differ
	// from the archive's (their periods' derived dates follow the target's settings).
	TypesCreated   []string `json:"types_created,omitempty"`
	TypesDiffering []string `json:"types_differing,omitempty"`
}

// ArchiveScope explains, for the manifest and the documentation, what an archive holds.
func ArchiveScope() []string {
	return []string{
		"Contacts whose home unit lies in the archived unit's subtree, including trashed ones, as the exporting user may see them.",
		"Contacts homed outside the subtree but affiliated with a unit in it are not included: they belong to their home unit.",
		"Affiliations to units outside the subtree are left out; so are relationships whose other side is not in the archive.",
		"history.jsonl holds the audit entries recorded about these contacts; entries about units, users and imports are not included.",
		"Users are named by e-mail address; on import they are linked to the target's user with that address, if any.",
		"Ids are those of the source Roster. An import gives every record a new id and keeps the references between files.",
	}
}

func col(name, typ, desc string) ArchiveColumn {
	return ArchiveColumn{Name: name, Type: typ, Description: desc}
}

// ArchiveFiles lists the files of an archive in the order an import reads them: every file refers only to
// files before it.
func ArchiveFiles() []ArchiveFile {
	contact := col("contact_id", ArchiveRef, "the contact (contacts.csv id)")
	position := col("position", ArchiveInt, "order within the contact's list, from 0")
	primary := col("primary", ArchiveBool, "the contact's primary entry of this list (at most one per contact)")
	dnc := col("do_not_contact", ArchiveBool, "the contact asked not to be contacted this way")
	label := col("label", ArchiveText, "free label such as home or work")
	createdBy := col("created_by", ArchiveText, "e-mail of the user who created it; empty for the system")
	return []ArchiveFile{
		{Name: "units.csv", Description: "The archived unit and every unit below it, archived units too, parents before children.",
			Columns: []ArchiveColumn{
				col("id", ArchiveID, "the unit's id"),
				col("parent_id", ArchiveRef, "the parent unit (units.csv id); empty for the archived unit itself"),
				col("name", ArchiveText, "the unit's name"),
				col("kind", ArchiveText, "the organization's word for the level: state, county, Kreisverband …"),
				col("code", ArchiveText, "official code (AGS, FIPS …), unique within a Roster; empty when none"),
				col("archived_at", ArchiveTimestamp, "when the unit was archived; empty for an active unit"),
				col("created_at", ArchiveTimestamp, "when the unit was created"),
				col("updated_at", ArchiveTimestamp, "when the unit was last changed"),
			}},
		{Name: "postal_codes.csv", Description: "Postal codes mapped to units of the archive, used to suggest a home unit.",
			Columns: []ArchiveColumn{
				col("unit_id", ArchiveRef, "the unit (units.csv id)"),
				col("postal_code", ArchiveText, "the postal code"),
				col("place", ArchiveText, "place name, may be empty"),
			}},
		{Name: "membership_types.json", Description: "A JSON array of the membership types of the periods in memberships.csv. " +
			"An import matches them by name and creates the missing ones with these settings.",
			Columns: []ArchiveColumn{
				col("name", ArchiveText, "the type's name, unique"),
				col("duration_months", ArchiveInt, "length of a new term in months; 0 = no fixed end"),
				col("grace_days", ArchiveInt, "days after lapsing during which the status is grace"),
				col("new_days", ArchiveInt, "days after the start during which the status is new"),
				col("voting", ArchiveBool, "members of this type may vote"),
				col("vote_after_days", ArchiveInt, "waiting period before a new member may vote"),
				col("requires_dues", ArchiveBool, "the membership lapses when dues are not paid up"),
				col("active", ArchiveBool, "the type is offered for new periods"),
			}},
		{Name: "contacts.csv", Description: "One row per contact: people, households and organizations.",
			Columns: []ArchiveColumn{
				col("id", ArchiveID, "the contact's id (its old id after an import)"),
				col("kind", ArchiveText, "person, household or organization"),
				col("home_unit_id", ArchiveRef, "the home unit (units.csv id)"),
				col("given_name", ArchiveText, "given name"),
				col("middle_name", ArchiveText, "middle name"),
				col("family_name", ArchiveText, "family name"),
				col("honorific_prefix", ArchiveText, "honorific prefix such as Dr."),
				col("honorific_suffix", ArchiveText, "honorific suffix such as Jr."),
				col("organization_name", ArchiveText, "name of a household or organization"),
				col("display_name", ArchiveText, "the name as Roster shows it"),
				col("gender", ArchiveText, "female, male, diverse, other, or empty for unknown"),
				col("birth_date", ArchiveDate, "date of birth"),
				col("deceased_on", ArchiveDate, "date of death"),
				col("language", ArchiveText, "preferred language (BCP 47 tag)"),
				col("member_number", ArchiveText, "member number, unique within a Roster"),
				col("created_at", ArchiveTimestamp, "when the contact was created"),
				createdBy,
				col("updated_at", ArchiveTimestamp, "when the contact was last changed"),
				col("updated_by", ArchiveText, "e-mail of the user who last changed it"),
				col("deleted_at", ArchiveTimestamp, "when the contact was moved to the trash; empty for a live contact"),
				col("deleted_by", ArchiveText, "e-mail of the user who trashed it"),
				col("version", ArchiveInt, "the record's edit counter"),
			}},
		{Name: "emails.csv", Description: "E-mail addresses of the contacts.",
			Columns: []ArchiveColumn{contact, position, col("address", ArchiveText, "the e-mail address"), label, primary, dnc}},
		{Name: "phones.csv", Description: "Phone numbers of the contacts.",
			Columns: []ArchiveColumn{contact, position, col("number", ArchiveText, "the phone number as entered"), label, primary, dnc}},
		{Name: "addresses.csv", Description: "Postal addresses of the contacts.",
			Columns: []ArchiveColumn{contact, position,
				col("street", ArchiveText, "street and house number"),
				col("extra", ArchiveText, "second address line"),
				col("postal_code", ArchiveText, "postal code"),
				col("city", ArchiveText, "city"),
				col("region", ArchiveText, "region as part of the address"),
				col("country", ArchiveText, "ISO 3166-1 alpha-2 country code"),
				label, primary, dnc}},
		{Name: "external_ids.csv", Description: "Identifiers of the contacts in other systems, unique per system within a Roster.",
			Columns: []ArchiveColumn{contact,
				col("system", ArchiveText, "the system, such as us-nc-ncid for a voter file"),
				col("value", ArchiveText, "the identifier in that system")}},
		{Name: "tags.csv", Description: "Tags of the contacts.",
			Columns: []ArchiveColumn{contact, col("tag", ArchiveText, "the tag's name")}},
		{Name: "attributes.csv", Description: "Named facts about the contacts, such as an electoral district.",
			Columns: []ArchiveColumn{contact, col("name", ArchiveText, "the fact's name"), col("value", ArchiveText, "its value")}},
		{Name: "affiliations.csv", Description: "Secondary units the contacts are active in. " +
			"Only units inside the archive: affiliations to units outside it are left out.",
			Columns: []ArchiveColumn{contact,
				col("unit_id", ArchiveRef, "the unit (units.csv id)"),
				col("created_at", ArchiveTimestamp, "when the affiliation was recorded")}},
		{Name: "memberships.csv", Description: "Every membership period of the contacts, ended ones too. " +
			"The status is not stored: it follows from the dates and the type.",
			Columns: []ArchiveColumn{
				col("id", ArchiveID, "the period's id"),
				contact,
				col("type", ArchiveText, "the membership type (a name in membership_types.json)"),
				col("start_date", ArchiveDate, "first day of the period"),
				col("end_date", ArchiveDate, "last day of the term; empty for no fixed end"),
				col("paid_until", ArchiveDate, "dues paid through this day"),
				col("pending", ArchiveBool, "the period awaits approval"),
				col("join_method", ArchiveText, "how the member joined: form, online, event, transfer, import, other"),
				col("end_reason", ArchiveText, "why the period ended: lapsed, cancelled, expelled, deceased, transferred"),
				col("notes", ArchiveText, "remarks on the period"),
				col("valid_until", ArchiveDate, "derived: the earlier of end_date and, for a dues type, paid_until"),
				col("grace_until", ArchiveDate, "derived: valid_until plus the type's grace days"),
				col("new_until", ArchiveDate, "derived: last day on which the status is new"),
				col("vote_from", ArchiveDate, "derived: first day on which the member may vote; empty for a non-voting type"),
				col("created_at", ArchiveTimestamp, "when the period was recorded"),
				createdBy,
				col("updated_at", ArchiveTimestamp, "when the period was last changed"),
				col("updated_by", ArchiveText, "e-mail of the user who last changed it"),
			}},
		{Name: "notes.csv", Description: "Dated remarks on the contacts.",
			Columns: []ArchiveColumn{
				col("id", ArchiveID, "the note's id"),
				contact,
				col("body", ArchiveText, "the note; may span lines"),
				col("created_at", ArchiveTimestamp, "when it was written"),
				col("created_by", ArchiveText, "e-mail of its author; empty for the system"),
			}},
		{Name: "relationships.csv", Description: "Relationships between two contacts of the archive, read \"contact is <kind> of other contact\". " +
			"Relationships to contacts outside the archive are left out.",
			Columns: []ArchiveColumn{
				col("id", ArchiveID, "the relationship's id"),
				contact,
				col("other_contact_id", ArchiveRef, "the other contact (contacts.csv id)"),
				col("kind", ArchiveText, "household_member, employee, partner, parent, child or related"),
				col("created_at", ArchiveTimestamp, "when it was recorded"),
				createdBy,
			}},
		{Name: "history.jsonl", Description: "The audit trail of the contacts, one JSON object per line, each contact's entries oldest first.",
			Columns: []ArchiveColumn{
				col("id", ArchiveID, "the entry's id"),
				col("at", ArchiveTimestamp, "when it happened"),
				col("actor", ArchiveText, "who did it: a user's e-mail, or \"system: …\" for background work"),
				col("action", ArchiveText, "what was done, such as contact.update or membership.create"),
				col("entity_type", ArchiveText, "the kind of record: contact, membership, note, relationship …"),
				col("entity_id", ArchiveRef, "the record (an id of the file of its kind); "+
					"0 or an id of the source Roster when the record is not in the archive"),
				contact,
				col("unit_id", ArchiveRef, "the unit the entry was recorded for; may be a unit outside the archive"),
				col("changes", ArchiveJSON, "changed fields, each {\"old\": …, \"new\": …}; ids inside are those of the source Roster"),
				col("redacted", ArchiveBool, "personal data was removed from the entry"),
			}},
	}
}
