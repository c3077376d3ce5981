package ui_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-crm/roster/internal/store"
)

// Without JavaScript a user still sees their passkeys and removes one; nobody else can. (Registering needs
// the browser's WebAuthn and is tested in browsertest.) This server has no secret key, so the page says
// passkeys are unavailable instead of offering the form, and the options endpoint answers with that message.
func TestPasskeyListAndDeleteWithoutScript(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		officer, admin := w.signIn("officer@example.org"), w.signIn("admin@example.org")
		u, _, err := w.st.Read().UserCredentials(ctx, "officer@example.org")
		if err != nil {
			t.Fatal(err)
		}
		err = w.st.Write(ctx, func(q *store.Q) error {
			return q.InsertPasskey(ctx, &store.Passkey{UserID: u.ID, CredentialID: "AAAA", Credential: "{}", Name: "Old <key>"})
		})
		if err != nil {
			t.Fatal(err)
		}

		page := officer.mustGet("/account/passkeys")
		if !strings.Contains(page, "Old &lt;key&gt;") || !strings.Contains(page, esc(w.msg("en", "ui.passkeys.unavailable"))) {
			t.Fatalf("passkeys page:\n%s", page)
		}
		if strings.Contains(page, `action="/account/passkeys" `) {
			t.Error("the page offers to add a passkey on a server that cannot use them")
		}
		del := regexp.MustCompile(`action="(/account/passkeys/\d+/delete)"`).FindStringSubmatch(page)
		if del == nil {
			t.Fatal("no delete form")
		}
		if res := admin.post(del[1], nil); res.status != http.StatusNotFound {
			t.Errorf("another user deleting the passkey: %d", res.status)
		}
		if res := officer.post(del[1], nil); res.status != http.StatusSeeOther || res.location != "/account/passkeys" {
			t.Fatalf("delete: %d %s", res.status, res.location)
		}
		if page := officer.mustGet("/account/passkeys"); strings.Contains(page, "Old &lt;key&gt;") ||
			!strings.Contains(page, esc(w.msg("en", "ui.flash.passkey_deleted"))) {
			t.Errorf("after deleting:\n%s", page)
		}

		res := officer.post("/account/passkeys/options", nil)
		var body struct{ Error string }
		if res.status != http.StatusUnprocessableEntity || json.Unmarshal([]byte(res.body), &body) != nil ||
			body.Error != w.msg("en", "error.passkeys_unavailable") {
			t.Errorf("options without a secret key: %d %s", res.status, res.body)
		}
		// The passkey step is for a half-signed-in session: without one it sends to the sign-in page.
		if res := w.browser().get("/login/passkey?next=/units"); res.status != http.StatusSeeOther || res.location != "/login?next=%2Funits" {
			t.Errorf("passkey step without a session: %d %s", res.status, res.location)
		}
		if res := w.browser().post("/login/passkey/options", nil); res.status != http.StatusUnauthorized {
			t.Errorf("passkey options without a session: %d %s", res.status, res.body)
		}
	})
}
