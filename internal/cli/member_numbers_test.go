package cli_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store/storetest"
)

// The operator sets how member numbers are made from the command line: the organization's series and a unit's
// own; flags not given keep their value; a unit's series can be removed again.
func TestMemberNumbersCommand(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, b storetest.Backend) {
		s := newSite(t, b)
		s.ok("", "unit add", "--name", "Bund", "--code", "DE")
		s.ok("", "unit add", "--name", "Bayern", "--code", "09", "--parent", "DE")
		if out := s.ok("", "member-numbers list"); !regexp.MustCompile(`(?m)^\(default\) +100001 +– +0$`).MatchString(out) {
			t.Errorf("a new organization's series:\n%s", out)
		}
		if out := s.ok("", "member-numbers set", "--next", "1004095"); out != "next member number: 1004095\n" {
			t.Errorf("set the default: %q", out)
		}
		s.ok("", "member-numbers set", "--unit", "09", "--prefix", "BY-", "--next", "1", "--width", "6")
		if out := s.ok("", "member-numbers set", "--unit", "09", "--last", "999999"); out != "next member number: BY-000001\n" {
			t.Errorf("a change of the range kept %q", out)
		}
		out := s.ok("", "member-numbers list")
		for _, want := range []string{`(?m)^\(default\) +1004095 +– +0$`, `(?m)^Bayern #\d+ +BY-000001 +BY-999999 +BY- +6$`} {
			if !regexp.MustCompile(want).MatchString(out) {
				t.Errorf("list lacks %s:\n%s", want, out)
			}
		}
		if errOut := s.fails(2, "member-numbers set", "--unit", "DE"); !strings.Contains(errOut, "--next") {
			t.Errorf("a unit without a series and no --next: %q", errOut)
		}
		if errOut := s.fails(1, "member-numbers set", "--prefix", "M1"); !strings.Contains(errOut, "prefix") {
			t.Errorf("a prefix ending in a digit: %q", errOut)
		}
		s.ok("", "member-numbers remove", "--unit", "09")
		s.fails(1, "member-numbers remove", "--unit", "09")
	})
}
