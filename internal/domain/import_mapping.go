package domain

import "time"

// ImportMapping is a column mapping a user saved under a name, to apply to the next file of the same layout.
// Columns is the stored form of importfile.Mapping, as in ImportOptions.
type ImportMapping struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Preset    string         `json:"preset,omitempty"`
	Columns   []ImportColumn `json:"columns"`
	CreatedAt time.Time      `json:"created_at"`
}
