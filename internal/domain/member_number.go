package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// MemberNumberSeries is how the member numbers of new members are made: for the contacts whose home unit lies
// in UnitID's subtree (the nearest unit with a series wins), or with UnitID 0 for everyone else (the
// organization's default). A number is Prefix followed by the counter, zero-padded to Width digits; Next is
// the next counter value handed out and Last, when not 0, the last one of the range. Numbers are handed out
// in the transaction that saves the member, so that one that is rolled back is handed out again: no gaps.
type MemberNumberSeries struct {
	UnitID   int64  `json:"unit_id"`   // 0: the organization's default series
	UnitName string `json:"unit_name"` // "" for the default
	Prefix   string `json:"prefix"`
	Next     int64  `json:"next"`
	Last     int64  `json:"last"`  // 0: the range has no end
	Width    int    `json:"width"` // 0: no padding
}

// Limits of a series.
const (
	MaxMemberNumberPrefix = 16
	MaxMemberNumberWidth  = 12
	MaxMemberNumberValue  = 999_999_999_999_999
)

// Format is the member number of counter value n.
func (s MemberNumberSeries) Format(n int64) string {
	return s.Prefix + fmt.Sprintf("%0*d", s.Width, n)
}

// Parse returns the counter value of a member number of this series' pattern: the prefix, then digits only.
func (s MemberNumberSeries) Parse(number string) (int64, bool) {
	rest, ok := strings.CutPrefix(number, s.Prefix)
	if !ok || rest == "" || len(rest) > 15 || strings.Trim(rest, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil
}

// Contains reports whether counter value n lies in what is left of the range: from Next to Last.
func (s MemberNumberSeries) Contains(n int64) bool {
	return n >= s.Next && (s.Last == 0 || n <= s.Last)
}

// Validate checks a series as an admin sets it.
func (s MemberNumberSeries) Validate() error {
	var p Problems
	switch {
	case !ValidText(s.Prefix) || strings.ContainsAny(s.Prefix, " \t\n\r"):
		p.Add("prefix", "invalid_text")
	case len([]rune(s.Prefix)) > MaxMemberNumberPrefix:
		p.AddParam("prefix", "too_long", MaxMemberNumberPrefix)
	case s.Prefix != "" && s.Prefix[len(s.Prefix)-1] >= '0' && s.Prefix[len(s.Prefix)-1] <= '9':
		p.Add("prefix", "prefix_ends_in_digit") // "B1" + "23" could not be told from "B" + "123"
	}
	if s.Next < 1 || s.Next > MaxMemberNumberValue {
		p.AddParam("next", "out_of_range", fmt.Sprintf("1–%d", int64(MaxMemberNumberValue)))
	}
	if s.Last != 0 && (s.Last < s.Next || s.Last > MaxMemberNumberValue) {
		p.Add("last", "before_next")
	}
	if s.Width < 0 || s.Width > MaxMemberNumberWidth {
		p.AddParam("width", "out_of_range", fmt.Sprintf("0–%d", MaxMemberNumberWidth))
	}
	return p.Err()
}

// Overlaps reports whether two series could make the same number: the same prefix and ranges (from Next on)
// that meet.
func (s MemberNumberSeries) Overlaps(o MemberNumberSeries) bool {
	if s.Prefix != o.Prefix {
		return false
	}
	end := func(x MemberNumberSeries) int64 {
		if x.Last == 0 {
			return MaxMemberNumberValue
		}
		return x.Last
	}
	return s.Next <= end(o) && o.Next <= end(s)
}
