// Package demo sets up a demonstration organization on real geography (a German party: Bund → Länder →
// Kreise; or a US party: national → states → counties) with membership types and scoped demo users, and
// generates realistic synthetic contacts in bulk.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/geodata"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// User is a demo sign-in.
type User struct {
	Email    string
	Password string
	Role     string
	Unit     string
}

// Org describes a demo organization.
type Org struct {
	Country string
	Name    string
	Users   []User
}

// profile holds what differs between the German and the US demo.
type profile struct {
	orgName            string
	stateCode          string // the state officer's unit
	countyCode         string // the county officer's unit
	memberType         string
	supporterType      string
	requiresDues       bool
	durationMonths     int
	memberVoteWaitDays int
}

func profileOf(country string) (profile, error) {
	switch country {
	case "de":
		return profile{orgName: "Demokratische Demo-Partei", stateCode: "09", countyCode: "09162",
			memberType: "Mitglied", supporterType: "Fördermitglied", requiresDues: true, durationMonths: 0,
			memberVoteWaitDays: 0}, nil
	case "us":
		return profile{orgName: "Demo Party of America", stateCode: "06", countyCode: "06037",
			memberType: "Member", supporterType: "Supporter", durationMonths: 12, memberVoteWaitDays: 30}, nil
	}
	return profile{}, fmt.Errorf("unknown demo country %q (want de or us)", country)
}

// Countries lists the demo geographies.
func Countries() []string { return []string{"de", "us"} }

// Password is the demo users' password. The demo is for trying Roster out on a laptop; the server prints the
// credentials at start.
const Password = "roster-demo-2026"

// Setup creates the demo organization in an empty database: unit tree, postal codes, membership types and the
// demo users. On a database that already holds the demo it changes nothing and returns its description.
func Setup(ctx context.Context, svc *service.Service, country string) (*Org, error) {
	p, err := profileOf(country)
	if err != nil {
		return nil, err
	}
	org := &Org{Country: country, Name: p.orgName, Users: []User{
		{Email: "admin@demo.example", Password: Password, Role: access.Admin},
		{Email: "state@demo.example", Password: Password, Role: access.Manager},
		{Email: "county@demo.example", Password: Password, Role: access.Manager},
	}}
	existing, err := svc.Setting(ctx, "demo")
	if err != nil {
		return nil, err
	}
	if existing != "" {
		if existing != country {
			return nil, fmt.Errorf("this database holds the %q demo, not %q", existing, country)
		}
		return org, describeUnits(ctx, svc, p, org)
	}
	sys, err := svc.SystemActor(ctx, "demo setup")
	if err != nil {
		return nil, err
	}
	if n, err := svc.CountAllUnits(ctx, sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, errors.New("the database already holds an organization; the demo needs an empty database")
	}
	ds, err := geodata.Load(country)
	if err != nil {
		return nil, err
	}
	units := make([]store.NewUnit, 0, len(ds.Units))
	for _, u := range ds.Units {
		units = append(units, store.NewUnit{Code: u.Code, ParentCode: u.Parent, Name: u.Name, Kind: u.Kind})
	}
	units[0].Name = p.orgName
	codes := make([]store.NewPostalCode, 0, len(ds.PostalCodes))
	for _, pc := range ds.PostalCodes {
		codes = append(codes, store.NewPostalCode{PostalCode: pc.Code, UnitCode: pc.Unit, Place: pc.Place})
	}
	ids, err := svc.ImportUnitTree(ctx, sys, units, codes)
	if err != nil {
		return nil, fmt.Errorf("import unit tree: %w", err)
	}
	if sys, err = svc.SystemActor(ctx, "demo setup"); err != nil { // now with the new root in scope
		return nil, err
	}
	if err := createTypes(ctx, svc, sys, p); err != nil {
		return nil, err
	}
	grantUnits := []int64{ids[ds.Units[0].Code], ids[p.stateCode], ids[p.countyCode]}
	if err := describeUnits(ctx, svc, p, org); err != nil {
		return nil, err
	}
	for i, u := range org.Users {
		name := []string{"Demo Admin", "Demo State Officer", "Demo County Officer"}[i]
		lang := map[string]string{"de": "de", "us": "en"}[country]
		created, err := svc.CreateUser(ctx, sys, domain.UserInput{Email: &u.Email, Name: &name, Language: &lang, Password: &org.Users[i].Password})
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", u.Email, err)
		}
		if _, err := svc.GrantRole(ctx, sys, domain.GrantInput{UserID: created.ID, UnitID: grantUnits[i], Role: u.Role}); err != nil {
			return nil, fmt.Errorf("grant %s: %w", u.Email, err)
		}
	}
	if err := svc.SetSetting(ctx, sys, "organization_name", p.orgName); err != nil {
		return nil, err
	}
	if err := svc.SetSetting(ctx, sys, "country", strings.ToUpper(country)); err != nil {
		return nil, err
	}
	return org, svc.SetSetting(ctx, sys, "demo", country)
}

func describeUnits(ctx context.Context, svc *service.Service, p profile, org *Org) error {
	sys, err := svc.SystemActor(ctx, "demo")
	if err != nil {
		return err
	}
	roots := sys.Scope.Roots(access.ReadContacts)
	if len(roots) == 0 {
		return fmt.Errorf("demo organization has no root unit")
	}
	root, err := svc.Unit(ctx, sys, roots[0])
	if err != nil {
		return err
	}
	state, err := svc.UnitByRef(ctx, sys, p.stateCode)
	if err != nil {
		return err
	}
	county, err := svc.UnitByRef(ctx, sys, p.countyCode)
	if err != nil {
		return err
	}
	org.Users[0].Unit, org.Users[1].Unit, org.Users[2].Unit = root.Name, state.Name, county.Name
	return nil
}

func createTypes(ctx context.Context, svc *service.Service, sys *access.Actor, p profile) error {
	yes, no := true, false
	for _, in := range []domain.MembershipTypeInput{
		{Name: &p.memberType, DurationMonths: &p.durationMonths, Voting: &yes, VoteAfterDays: &p.memberVoteWaitDays, RequiresDues: &p.requiresDues},
		{Name: &p.supporterType, DurationMonths: &p.durationMonths, Voting: &no, RequiresDues: &p.requiresDues},
	} {
		if _, err := svc.SaveMembershipType(ctx, sys, 0, in); err != nil {
			return fmt.Errorf("membership type %s: %w", *in.Name, err)
		}
	}
	return nil
}
