package service

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// archiveReadme documents an archive inside it, for whoever opens the ZIP without Roster at hand: where it
// came from, what it holds, and every file and column.
func archiveReadme(m domain.ArchiveManifest) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Roster unit archive: %s\n\n", m.RootUnit.Name)
	fmt.Fprintf(&b, "Format %s, version %d, written by Roster %s on %s by %s.\n", m.Format, m.Version,
		m.RosterVersion, m.CreatedAt.Format("2006-01-02 15:04 MST"), m.CreatedBy)
	fmt.Fprintf(&b, "Archived unit: %s.\n\n", strings.Join(m.RootUnit.Path, " › "))
	b.WriteString("`roster import-archive --parent UNIT FILE.zip` loads it into a Roster, with new ids for every record.\n\n")
	for _, s := range m.Scope {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	b.WriteString("\nCSV files are UTF-8 with a header row (RFC 4180). Empty means none. Types: id and ref are whole " +
		"numbers (ids of the source Roster), boolean is true or false, date is YYYY-MM-DD, timestamp is RFC 3339 " +
		"in UTC. In JSON files an empty value is null.\n\n`manifest.json` holds the same description and the " +
		"number of rows of each file.\n")
	for _, f := range m.Files {
		fmt.Fprintf(&b, "\n## %s (%d rows)\n\n%s\n\n| column | type | meaning |\n|---|---|---|\n", f.Name, f.Rows, f.Description)
		for _, c := range f.Columns {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Name, c.Type, strings.ReplaceAll(c.Description, "|", "\\|"))
		}
	}
	return b.Bytes()
}
