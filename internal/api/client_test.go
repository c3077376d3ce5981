package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/roster-crm/roster/internal/apiclient"
	"github.com/roster-crm/roster/internal/store"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// client is the generated client signed in with user's API token, as an integrator would set it up.
func (e *env) client(user string) *apiclient.ClientWithResponses {
	e.t.Helper()
	token := e.tokens[user]
	c, err := apiclient.NewClientWithResponses(e.srv.URL, apiclient.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	}))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// An integrator works with the client generated from openapi.json: finds their unit, creates a contact,
// finds it by search and by filter page by page, reads it, updates it with its version, and meets a 409 for
// a stale version, a 400 for a bad parameter and a 404 for a contact outside their scope.
func TestIntegratorWithTheGeneratedClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := t.Context()
		c := e.client("m1")

		me, err := c.MeWithResponse(ctx)
		if err != nil || me.JSON200 == nil || me.JSON200.User.Email != "m1@example.org" {
			t.Fatalf("me: %v %s", err, me.Body)
		}
		units, err := c.ListUnitsWithResponse(ctx, nil)
		if err != nil || units.JSON200 == nil {
			t.Fatalf("units: %v %s", err, units.Body)
		}
		var county int64
		for _, u := range units.JSON200.Units {
			if u.Name == "County One" {
				county = u.Id
			}
			if u.Name == "County Two" {
				t.Errorf("the other county is listed: %+v", u)
			}
		}

		created, err := c.CreateContactWithResponse(ctx, apiclient.ContactInput{HomeUnitId: &county, GivenName: ptr("Ida"),
			FamilyName: ptr("Integration"), Emails: &[]apiclient.EmailInput{{Address: "ida@example.org"}},
			Addresses: &[]apiclient.AddressInput{{PostalCode: ptr("11111"), City: ptr("Onetown"), Country: ptr("DE")}},
			Tags:      &[]string{"api"}})
		if err != nil || created.StatusCode() != http.StatusCreated || created.JSON201 == nil {
			t.Fatalf("create: %v %d %s", err, created.StatusCode(), created.Body)
		}
		ida := created.JSON201
		if ida.DisplayName != "Ida Integration" || ida.HomeUnit.Id != county || len(ida.Emails) != 1 || !ida.Emails[0].Primary {
			t.Errorf("created %+v", ida)
		}

		q := "integr"
		found, err := c.ListContactsWithResponse(ctx, &apiclient.ListContactsParams{Q: &q})
		if err != nil || found.JSON200 == nil || len(found.JSON200.Contacts) != 1 || found.JSON200.Contacts[0].Id != ida.Id {
			t.Fatalf("search: %v %s", err, found.Body)
		}
		count, err := c.CountContactsWithResponse(ctx, &apiclient.CountContactsParams{Q: &q})
		if err != nil || count.JSON200 == nil || count.JSON200.Count != 1 {
			t.Fatalf("count of the search: %v %s", err, count.Body)
		}

		// A filtered list, one contact a page, followed to its end.
		var seen []int64
		params := apiclient.ListContactsParams{Unit: &county, HasEmail: ptr(true), Limit: ptr(1)}
		for range 10 {
			page, err := c.ListContactsWithResponse(ctx, &params)
			if err != nil || page.JSON200 == nil {
				t.Fatalf("list: %v %s", err, page.Body)
			}
			for _, s := range page.JSON200.Contacts {
				seen = append(seen, s.Id)
			}
			if page.JSON200.Next == nil {
				break
			}
			params.After = page.JSON200.Next
		}
		if len(seen) != 2 || !slices.Contains(seen, ida.Id) || !slices.Contains(seen, e.contact["secret"].ID) {
			t.Errorf("paged through %v, want Ida and Zelda", seen)
		}

		got, err := c.GetContactWithResponse(ctx, ida.Id)
		if err != nil || got.JSON200 == nil || got.JSON200.Version != ida.Version || got.JSON200.Tags[0] != "api" {
			t.Fatalf("get: %v %s", err, got.Body)
		}
		etag := got.HTTPResponse.Header.Get("ETag")
		updated, err := c.UpdateContactWithResponse(ctx, ida.Id, &apiclient.UpdateContactParams{IfMatch: &etag},
			apiclient.ContactInput{MiddleName: ptr("Q.")})
		if err != nil || updated.JSON200 == nil || updated.JSON200.DisplayName != "Ida Q. Integration" || updated.JSON200.Version != ida.Version+1 {
			t.Fatalf("update: %v %s", err, updated.Body)
		}
		stale, err := c.UpdateContactWithResponse(ctx, ida.Id, nil, apiclient.ContactInput{MiddleName: ptr("R."), Version: &got.JSON200.Version})
		if err != nil || stale.JSON409 == nil || stale.JSON409.Error.Code != "conflict" {
			t.Errorf("update with a stale version: %v %d %s", err, stale.StatusCode(), stale.Body)
		}
		if stale, err := c.UpdateContactWithResponse(ctx, ida.Id, &apiclient.UpdateContactParams{IfMatch: &etag},
			apiclient.ContactInput{MiddleName: ptr("R.")}); err != nil || stale.StatusCode() != http.StatusPreconditionFailed {
			t.Errorf("update with a stale If-Match: %v %d %s", err, stale.StatusCode(), stale.Body)
		}

		bad, err := c.ListContactsWithResponse(ctx, &apiclient.ListContactsParams{Limit: ptr(0)})
		if err != nil || bad.JSON400 == nil || bad.JSON400.Error.Code != "invalid_parameters" || bad.JSON400.Error.Fields == nil ||
			(*bad.JSON400.Error.Fields)[0].Field != "limit" {
			t.Errorf("limit=0: %v %d %s", err, bad.StatusCode(), bad.Body)
		}

		// The other county's contact does not exist for this integrator, read or written.
		other := e.contact["open"].ID
		if res, err := c.GetContactWithResponse(ctx, other); err != nil || res.JSON404 == nil || res.JSON404.Error.Code != "not_found" {
			t.Errorf("get out of scope: %v %d %s", err, res.StatusCode(), res.Body)
		}
		if res, err := c.UpdateContactWithResponse(ctx, other, nil, apiclient.ContactInput{FamilyName: ptr("Changed")}); err != nil || res.JSON404 == nil {
			t.Errorf("update out of scope: %v %d %s", err, res.StatusCode(), res.Body)
		}
		if res, err := e.client("admin").GetContactWithResponse(ctx, other); err != nil || res.JSON200 == nil || res.JSON200.FamilyName != "Offen" {
			t.Errorf("the other county's contact after the refused update: %v %s", err, res.Body)
		}
	})
}
