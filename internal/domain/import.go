package domain

import "time"

// What an import does with a row that matches an existing contact.
const (
	OnMatchSkip   = "skip"   // leave the existing contact alone
	OnMatchUpdate = "update" // the file's non-empty values replace the stored ones
	OnMatchFill   = "fill"   // the file's values fill only empty fields
	OnMatchCreate = "create" // create a new contact anyway
)

// OnMatchChoices lists the match actions.
func OnMatchChoices() []string {
	return []string{OnMatchSkip, OnMatchUpdate, OnMatchFill, OnMatchCreate}
}

// Import batch states.
const (
	ImportQueued    = "queued"  // waiting for a worker
	ImportRunning   = "running" // a worker has taken it; after a crash another one resumes it
	ImportDryRun    = "dry_run" // finished dry run: nothing was written but the report
	ImportDone      = "done"
	ImportFailed    = "failed"    // stopped on an error, everything it wrote rolled back
	ImportCancelled = "cancelled" // stopped on request, everything it wrote rolled back
	ImportUndone    = "undone"
)

// ImportActive reports whether a batch in this state still has work ahead.
func ImportActive(status string) bool { return status == ImportQueued || status == ImportRunning }

// Row outcomes in an import report.
const (
	RowCreate     = "create"
	RowUpdate     = "update"
	RowSkip       = "skip"
	RowInvalid    = "invalid"
	RowOutOfScope = "out_of_scope"
)

// ImportBatch is one import of one file: its settings, progress and counts.
type ImportBatch struct {
	ID         int64         `json:"id"`
	UserID     int64         `json:"user_id"`
	UserName   string        `json:"user"`
	Source     string        `json:"source"` // the file name
	Format     string        `json:"format"` // e.g. "CSV, Windows-1252, semicolon"
	Settings   ImportOptions `json:"settings"`
	Status     string        `json:"status"`
	DryRun     bool          `json:"dry_run"`
	RowsDone   int           `json:"rows_done"`
	Created    int           `json:"created"`
	Updated    int           `json:"updated"`
	Skipped    int           `json:"skipped"`
	Invalid    int           `json:"invalid"`
	OutOfScope int           `json:"out_of_scope"`
	Message    string        `json:"message,omitempty"`
	Progress   float64       `json:"progress"` // share of the file read, 0 to 1, while running
	StartedAt  time.Time     `json:"started_at"`
	FinishedAt *time.Time    `json:"finished_at,omitempty"`
	UndoneAt   *time.Time    `json:"undone_at,omitempty"`
	// What the undo did, once undone: contacts removed and restored, and kept because they changed after
	// the import.
	UndoRemoved  int `json:"undo_removed,omitempty"`
	UndoRestored int `json:"undo_restored,omitempty"`
	UndoKept     int `json:"undo_kept,omitempty"`

	JobID           int64      `json:"job_id,omitempty"`  // the background job that runs it
	UnitID          int64      `json:"unit_id,omitempty"` // the unit whose admins see the job
	UploadID        int64      `json:"-"`                 // the file it reads, while kept
	File            ImportFile `json:"file"`
	ChunkSize       int        `json:"-"`
	CancelRequested bool       `json:"cancel_requested,omitempty"`
	ReportPruned    bool       `json:"report_pruned,omitempty"` // a dry run's rows, removed after a day
}

// ImportFile is how an import's file is read, when detection was overridden.
type ImportFile struct {
	Encoding  string `json:"encoding,omitempty"`
	Delimiter string `json:"delimiter,omitempty"`
	Sheet     string `json:"sheet,omitempty"`
	NoHeader  bool   `json:"no_header,omitempty"`
}

// ImportOptions are the choices made for an import, kept with the batch.
type ImportOptions struct {
	Columns        []ImportColumn `json:"columns"`         // one per file column, in order
	OnMatch        string         `json:"on_match"`        // one of OnMatchChoices
	UnitID         int64          `json:"unit_id"`         // home unit when the row names none and its postal code maps nowhere
	MembershipType int64          `json:"membership_type"` // type of memberships started from a membership_start column without a type column
	Tags           []string       `json:"tags"`            // tags given to every imported contact
	Rules          *DedupeRules   `json:"rules,omitempty"` // nil: the default rules
	Country        string         `json:"country"`         // default country of addresses, ISO code
	// AssignMemberNumbers gives each new contact with a membership and no member number in the file the next
	// number of its series, as a member added by hand gets one.
	AssignMemberNumbers bool `json:"assign_member_numbers,omitempty"`
}

// ImportColumn maps one file column to an import field. It is the stored form of importfile.ColumnMapping
// (the same JSON), kept here so that a batch records its mapping without the domain depending on file
// formats.
type ImportColumn struct {
	Header    string `json:"header"`
	Field     string `json:"field,omitempty"`      // "" when the column is not imported
	Key       string `json:"key,omitempty"`        // external id system or attribute name
	Qualifier string `json:"qualifier,omitempty"`  // header of a column whose value prefixes this one
	DateOrder string `json:"date_order,omitempty"` // dmy, mdy, ymd; "" detects
}

// ImportRow is one row's line in an import report.
type ImportRow struct {
	Line      int          `json:"line"` // the record's line in the file
	Outcome   string       `json:"outcome"`
	ContactID int64        `json:"contact_id,omitempty"`
	Display   string       `json:"display"`
	Score     int          `json:"score,omitempty"` // match score, for matched rows
	Problems  []FieldError `json:"problems,omitempty"`
	Kept      []string     `json:"kept,omitempty"` // after an undo: why it left this row's contact as it was
}

// ReportKept, in place of an outcome, selects the report rows whose contact an undo kept.
const ReportKept = "kept"

// RowRejected reports whether a row's outcome means the file's record was not imported for a problem of its
// own: invalid, or out of the importer's scope. Such rows can be downloaded, fixed and imported again.
func RowRejected(outcome string) bool { return outcome == RowInvalid || outcome == RowOutOfScope }

// Why undo keeps a record an import wrote: someone changed it, or what hangs off it, after the import.
const (
	KeptEdited       = "edited"       // its own fields or lists, its home unit or affiliations, its trash state
	KeptNote         = "note"         // a note was added
	KeptTag          = "tag"          // a tag was added or removed
	KeptMembership   = "membership"   // a membership period was added or changed
	KeptRelationship = "relationship" // a relationship to or from it was added
	KeptAttribute    = "attribute"    // a named fact was set
	KeptAffiliation  = "affiliation"  // a secondary unit was added
	KeptOther        = "other"        // another recorded change
	KeptGone         = "gone"         // it no longer exists: merged into another contact or purged
	KeptOutOfReach   = "out_of_reach" // it no longer lies in the write scope of whoever undoes
)

// ImportUndo is what undoing an import does, or would do: the contacts it created that are removed, those it
// updated that get their earlier data back, and the records it leaves as they are because they changed
// after the import.
type ImportUndo struct {
	Removed  int          `json:"removed"`
	Restored int          `json:"restored"`
	Kept     []ImportKept `json:"kept"`
}

// ImportKept is one record undo leaves as it is, and why.
type ImportKept struct {
	Line      int      `json:"line"` // the row of the file that wrote it
	Outcome   string   `json:"outcome"`
	ContactID int64    `json:"contact_id"`
	Display   string   `json:"display"`
	Reasons   []string `json:"reasons"` // Kept… constants
}
