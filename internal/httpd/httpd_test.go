package httpd

import "testing"

func TestLoggablePathHidesLinkSecrets(t *testing.T) {
	for in, want := range map[string]string{
		"/invitation/abcDEF123":     "/invitation/…",
		"/password-reset/xyz/extra": "/password-reset/…",
		"/contacts/12":              "/contacts/12",
		"/invitation/":              "/invitation/",
	} {
		if got := loggablePath(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}
