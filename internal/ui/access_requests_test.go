package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A person without an account asks for a role, naming the board decision; an officer asks on someone's
// behalf. The admin sees both, rejects one with a reason and approves the other with another role, which
// sends the invitation.
func TestAccessRequestsFromFormToInvitation(t *testing.T) {
	eachAccountsWorld(t, func(t *testing.T, w *accountsWorld) {
		anon := w.browser()
		if page := anon.mustGet("/login"); !strings.Contains(page, `href="/request-access"`) {
			t.Error("no link to request access on the sign-in page")
		}
		form := anon.mustGet("/request-access")
		for _, unit := range []string{"Bund", "München", "Berlin"} {
			if !strings.Contains(form, unit) {
				t.Errorf("the unit list lacks %s", unit)
			}
		}
		in := url.Values{"name": {"Paula Press"}, "email": {"paula@example.org"}, "unit_id": {itoa(w.munich.ID)}, "role": {"manager"},
			"until": {w.clock.Now().AddDate(2, 0, 0).Format("2006-01-02")}}
		res := anon.post("/request-access", in)
		if res.status != http.StatusUnprocessableEntity || fieldError(res.body, "decision_text") != esc(w.msg("en", "error.decision_required")) {
			t.Fatalf("without a decision: %d %q", res.status, fieldError(res.body, "decision_text"))
		}
		in.Set("decision_link", "ftp://minutes")
		if res := anon.post("/request-access", in); fieldError(res.body, "decision_link") != esc(w.msg("en", "error.invalid_url")) {
			t.Errorf("a link that is not a web address: %q", fieldError(res.body, "decision_link"))
		}
		in.Set("decision_link", "https://example.org/minutes/2026-03")
		in.Set("decision_text", "Board meeting of 3 March: Paula runs the press office.")
		res = anon.post("/request-access", in)
		if res.status != http.StatusCreated || !strings.Contains(res.body, esc(w.msg("en", "ui.request_access.sent", "unit", "München"))) {
			t.Fatalf("request: %d", res.status)
		}

		officer := w.signIn("officer@example.org")
		if page := officer.mustGet("/request-access"); !strings.Contains(page, esc(w.msg("en", "ui.request_access.intro_behalf"))) {
			t.Error("the signed-in officer is not asked for someone else")
		}
		res = officer.post("/request-access", url.Values{"name": {"Tom Treasurer"}, "email": {"tom@example.org"}, "unit_id": {itoa(w.munich.ID)},
			"role": {"treasurer"}, "decision_text": {"Elected treasurer on 1 March."}})
		if res.status != http.StatusCreated {
			t.Fatalf("request on behalf: %d", res.status)
		}
		if res := officer.get("/access-requests"); res.status != http.StatusForbidden {
			t.Errorf("an officer sees the access requests: %d", res.status)
		}

		admin := w.signIn("admin@example.org")
		if page := admin.mustGet("/contacts"); !strings.Contains(page, `href="/access-requests"`) {
			t.Error("no navigation to the access requests for an admin")
		}
		page := admin.mustGet("/access-requests")
		for _, want := range []string{"Paula Press", "Board meeting of 3 March", `href="https://example.org/minutes/2026-03"`, "Tom Treasurer",
			"officer@example.org"} {
			if !strings.Contains(page, want) {
				t.Errorf("the access requests page lacks %q", want)
			}
		}
		requests := must(w.svc.AccessRequests(t.Context(), w.sys, true))(t)
		ids := map[string]string{}
		for _, r := range requests {
			ids[r.Email] = itoa(r.ID)
		}
		res = admin.post("/access-requests/"+ids["tom@example.org"]+"/decision", url.Values{"decision": {"reject"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, esc(w.msg("en", "ui.access_requests.reason"))) {
			t.Fatalf("reject without a reason: %d", res.status)
		}
		ensureStatus(t, "reject", admin.post("/access-requests/"+ids["tom@example.org"]+"/decision",
			url.Values{"decision": {"reject"}, "reason": {"No board decision on file."}}), http.StatusSeeOther, "/access-requests")
		ensureStatus(t, "approve", admin.post("/access-requests/"+ids["paula@example.org"]+"/decision",
			url.Values{"decision": {"approve"}, "role": {"viewer"}, "until": {""}}), http.StatusSeeOther, "/access-requests")
		if w.mail.linkTo("paula@example.org", "/invitation/") == "" || w.mail.linkTo("tom@example.org", "/invitation/") != "" {
			t.Error("approval did not invite Paula, or the rejection invited Tom")
		}
		page = admin.mustGet("/access-requests")
		if !strings.Contains(page, esc(w.msg("en", "ui.flash.request_approved"))) || !strings.Contains(page, "No board decision on file.") ||
			strings.Contains(page, `action="/access-requests/`+ids["paula@example.org"]+`/decision"`) {
			t.Error("the decided requests are not shown as decided")
		}
		inv := must(w.svc.InvitationByLink(t.Context(), strings.TrimPrefix(w.mail.linkTo("paula@example.org", "/invitation/"), "/invitation/")))(t)
		if inv.Grants[0].Role != "viewer" || inv.Grants[0].UnitID != w.munich.ID {
			t.Errorf("the invitation gives %+v, not the role the admin chose", inv.Grants)
		}
	})
}
