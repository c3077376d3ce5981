package access

import (
	"slices"
	"testing"
)

// Exporting is a capability of its own: every role but viewer has it (docs/access-model.md, "Exporting"),
// and every role that exports also reads, so that an export never reaches a contact its user cannot see.
func TestExportCapability(t *testing.T) {
	for _, role := range Roles() {
		caps := Capabilities(role)
		want := role != Viewer
		if got := slices.Contains(caps, ExportContacts); got != want {
			t.Errorf("%s exports: %v, want %v", role, got, want)
		}
		if slices.Contains(caps, ExportContacts) && !slices.Contains(caps, ReadContacts) {
			t.Errorf("%s exports without reading", role)
		}
	}
	if !slices.Contains(AllCapabilities(), ExportContacts) {
		t.Error("contacts.export is missing from AllCapabilities: the system actor could not export")
	}
}
