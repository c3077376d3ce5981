// Package access defines roles, their capabilities, and the actor's scope: the set of unit subtrees in which
// each capability applies. The storage layer turns a Scope into SQL; nothing else decides visibility.
package access

import "slices"

// Capability is one thing a role allows, always within the subtrees of the role's grants.
type Capability string

const (
	ReadContacts   Capability = "contacts.read"   // see contacts, memberships, notes, history
	WriteContacts  Capability = "contacts.write"  // create, edit, trash and restore contacts and memberships
	ExportContacts Capability = "contacts.export" // take contacts out as files: lists, accreditation lists, reports, archives
	PurgeContacts  Capability = "contacts.purge"  // purge trashed contacts for good
	RecordPayment  Capability = "payments.write"  // record dues and donations (later)
	ReadBank       Capability = "bank.read"       // see bank details (later)
	ManageUnits    Capability = "units.manage"    // add, rename, move, archive units strictly below the grant's unit
	ManageUsers    Capability = "users.manage"    // add users, grant and revoke roles within the scope
	ReadAudit      Capability = "audit.read"      // search the audit trail of the scope
)

// Role names.
const (
	Viewer    = "viewer"
	Manager   = "manager"
	Finance   = "finance"
	Treasurer = "treasurer"
	Admin     = "admin"
)

// Roles lists the roles from least to most powerful in each line of descent (admin and finance both extend
// manager; neither includes the other).
func Roles() []string { return []string{Viewer, Manager, Finance, Treasurer, Admin} }

// Capabilities returns what a role allows; nil for an unknown role.
func Capabilities(role string) []Capability {
	viewer := []Capability{ReadContacts}
	// Exporting is not part of seeing: a viewer looks people up, an officer who edits them may also take them
	// out as files (see docs/access-model.md).
	manager := append(slices.Clone(viewer), WriteContacts, ExportContacts)
	finance := append(slices.Clone(manager), RecordPayment)
	switch role {
	case Viewer:
		return viewer
	case Manager:
		return manager
	case Finance:
		return finance
	case Treasurer:
		return append(finance, ReadBank)
	case Admin:
		return append(manager, PurgeContacts, ManageUnits, ManageUsers, ReadAudit)
	}
	return nil
}

// ValidRole reports whether role is known.
func ValidRole(role string) bool { return slices.Contains(Roles(), role) }

// AllCapabilities lists every capability, for the system actor and the documentation.
func AllCapabilities() []Capability {
	return []Capability{ReadContacts, WriteContacts, ExportContacts, PurgeContacts, RecordPayment, ReadBank, ManageUnits, ManageUsers, ReadAudit}
}
