package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/names"
	"github.com/roster-crm/roster/internal/service"
	"github.com/roster-crm/roster/internal/store"
)

// Progress receives the number of contacts written so far.
type Progress func(done, total int)

// batchSize is how many contacts go into one transaction: large batches mean few commits, and on SQLite few
// checkpoints that rewrite the same index pages again and again.
const batchSize = 100000

// bulkIndexThreshold is the load size from which indexes are dropped during the load and rebuilt after it.
const bulkIndexThreshold = 100000

// AddContacts generates n synthetic contacts for the demo organization: names from many countries
// (non-ASCII ones included), postal addresses whose postal code lies in the contact's home unit, reserved
// example.* e-mail domains, fictional phone numbers, and membership histories of every status. seed makes the
// data reproducible.
func AddContacts(ctx context.Context, svc *service.Service, n int, seed uint64, progress Progress) (err error) {
	country, err := svc.Setting(ctx, "demo")
	if err != nil {
		return err
	}
	if country == "" {
		return fmt.Errorf("no demo organization in this database: run the demo set-up first")
	}
	g, err := newGenerator(ctx, svc, country, seed)
	if err != nil {
		return err
	}
	sys, err := svc.SystemActor(ctx, "demo data")
	if err != nil {
		return err
	}
	if n >= bulkIndexThreshold {
		end, err := svc.BeginBulkLoad(ctx, sys)
		if err != nil {
			return err
		}
		defer func() {
			if rerr := end(context.WithoutCancel(ctx)); err == nil {
				err = rerr
			}
		}()
	}
	for done := 0; done < n; {
		size := min(batchSize, n-done)
		batch := make([]store.NewContact, size)
		for i := range batch {
			batch[i] = g.contact()
		}
		if _, err := svc.BulkAddContacts(ctx, sys, batch); err != nil {
			return err
		}
		done += size
		if progress != nil {
			progress(done, n)
		}
	}
	return nil
}

type place struct {
	postalCode, city string
	unit, parent     int64
}

type generator struct {
	r        *rand.Rand
	country  string
	names    *names.Generator
	places   []place   // weighted by postal codes per unit: a proxy for population
	byParent [][]place // places grouped by state, for second affiliations elsewhere
	member   int64     // membership type ids
	support  int64
	today    domain.Date
	seq      int
}

func newGenerator(ctx context.Context, svc *service.Service, country string, seed uint64) (*generator, error) {
	ng, err := names.New(country)
	if err != nil {
		return nil, err
	}
	dir, err := svc.PostalDirectory(ctx)
	if err != nil {
		return nil, err
	}
	if len(dir) == 0 {
		return nil, fmt.Errorf("the demo organization has no postal codes")
	}
	sys, err := svc.SystemActor(ctx, "demo data")
	if err != nil {
		return nil, err
	}
	last, err := svc.LastContactID(ctx, sys)
	if err != nil {
		return nil, err
	}
	// Numbering continues after the contacts already there, so member numbers never collide.
	g := &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), country: country, names: ng,
		today: svc.Today(), seq: int(last)}
	states := map[int64]int{}
	for _, e := range dir {
		p := place{postalCode: e.PostalCode, city: e.Place, unit: e.UnitID, parent: e.ParentID}
		g.places = append(g.places, p)
		i, ok := states[e.ParentID]
		if !ok {
			i = len(g.byParent)
			states[e.ParentID] = i
			g.byParent = append(g.byParent, nil)
		}
		g.byParent[i] = append(g.byParent[i], p)
	}
	types, err := svc.MembershipTypes(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if t.Voting {
			g.member = t.ID
		} else {
			g.support = t.ID
		}
	}
	if g.member == 0 || g.support == 0 {
		return nil, fmt.Errorf("the demo organization lacks its membership types")
	}
	return g, nil
}

func (g *generator) pick(p float64) bool { return g.r.Float64() < p }

func (g *generator) contact() store.NewContact {
	g.seq++
	person := g.names.Person(g.r)
	pl := g.places[g.r.IntN(len(g.places))]
	c := domain.Contact{
		Kind: domain.KindPerson, HomeUnit: domain.UnitRef{ID: pl.unit},
		GivenName: person.Given, FamilyName: person.Family, Gender: person.Gender,
		BirthDate: domain.Date{Year: 1940 + g.r.IntN(67), Month: time.Month(1 + g.r.IntN(12)), Day: 1 + g.r.IntN(28)},
		Language:  map[string]string{"de": "de", "us": "en"}[g.country],
	}
	street, country := g.street(), strings.ToUpper(g.country)
	c.Addresses = []domain.Address{{Street: street, PostalCode: pl.postalCode, City: pl.city, Country: country, Primary: true}}
	if g.pick(0.85) {
		c.Emails = []domain.Email{{Address: g.email(person), Primary: true, DoNotContact: g.pick(0.03)}}
	}
	if g.pick(0.6) {
		c.Phones = []domain.Phone{{Number: g.phone(), Primary: true, Label: "mobile"}}
	}
	for _, t := range []struct {
		name string
		p    float64
	}{{"volunteer", 0.12}, {"donor", 0.08}, {"newsletter", 0.3}, {"delegate", 0.01}, {"candidate", 0.005}} {
		if g.pick(t.p) {
			c.Tags = append(c.Tags, t.name)
		}
	}
	if g.pick(0.03) {
		other := g.byParent[g.r.IntN(len(g.byParent))]
		if a := other[g.r.IntN(len(other))]; a.unit != pl.unit {
			c.Affiliations = []domain.UnitRef{{ID: a.unit}}
		}
	}
	nc := store.NewContact{Contact: c}
	if g.pick(0.75) {
		nc.Memberships = g.memberships()
		nc.Contact.MemberNumber = strconv.Itoa(1000000 + g.seq)
		if g.pick(0.005) {
			nc.Contact.DeceasedOn = g.today.AddDays(-g.r.IntN(2000))
			if nc.Contact.DeceasedOn.Before(nc.Contact.BirthDate) {
				nc.Contact.DeceasedOn = domain.Date{}
			}
		}
	}
	return nc
}

// memberships draws a history: most members are current, some new, in grace, lapsed, cancelled or pending,
// and some rejoined after a lapse.
func (g *generator) memberships() []domain.Membership {
	typ := g.member
	if g.pick(0.15) {
		typ = g.support
	}
	start := g.today.AddDays(-g.r.IntN(365 * 30))
	m := domain.Membership{TypeID: typ, StartDate: start, JoinMethod: []string{"form", "online", "event", "import"}[g.r.IntN(4)]}
	var out []domain.Membership
	if g.pick(0.1) { // an earlier period that lapsed: the current one is a rejoin
		first := domain.Membership{TypeID: typ, StartDate: start.AddDays(-365 * (2 + g.r.IntN(8))), JoinMethod: "form"}
		first.EndDate = start.AddDays(-200 - g.r.IntN(400))
		first.EndReason = "lapsed"
		out = append(out, first)
	}
	switch x := g.r.Float64(); {
	case x < 0.04: // new
		m.StartDate = g.today.AddDays(-g.r.IntN(80))
	case x < 0.07: // pending
		m.StartDate = g.today.AddDays(-g.r.IntN(20))
		m.Pending = true
	case x < 0.12: // grace: dues ran out recently
		m.PaidUntil = g.today.AddDays(-1 - g.r.IntN(40))
	case x < 0.22: // expired
		m.PaidUntil = g.today.AddDays(-400 - g.r.IntN(1000))
	case x < 0.30: // cancelled
		m.EndDate = g.today.AddDays(-1 - g.r.IntN(2000))
		m.EndReason = "cancelled"
	default: // current, paid up
		m.PaidUntil = domain.Date{Year: g.today.Year, Month: 12, Day: 31}
	}
	if !m.EndDate.IsZero() && m.EndDate.Before(m.StartDate) {
		m.StartDate = m.EndDate.AddDays(-365)
	}
	if !m.PaidUntil.IsZero() && m.PaidUntil.Before(m.StartDate) {
		m.StartDate = m.PaidUntil.AddDays(-365)
	}
	if g.country == "us" && m.EndDate.IsZero() {
		// US memberships run for a year and are renewed: the term ends when dues run out.
		m.EndDate = m.PaidUntil
		if m.EndDate.IsZero() {
			m.EndDate = m.StartDate.AddMonths(12).AddDays(-1)
		}
	}
	return append(out, m)
}

func (g *generator) street() string {
	if g.country == "de" {
		streets := []string{"Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße",
			"Birkenweg", "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße", "Schillerstraße", "Goethestraße",
			"Am Markt", "Wiesenweg", "Mühlenweg", "Rosenstraße", "Friedhofstraße", "Blumenstraße", "Jahnstraße"}
		return fmt.Sprintf("%s %d", streets[g.r.IntN(len(streets))], 1+g.r.IntN(120))
	}
	streets := []string{"Main St", "Oak Ave", "Maple St", "Cedar Ln", "Pine St", "Elm St", "Washington Ave",
		"Lake Dr", "Hill Rd", "Park Ave", "Church St", "Sunset Blvd", "Jefferson St", "River Rd", "Lincoln Ave"}
	return fmt.Sprintf("%d %s", 1+g.r.IntN(9899), streets[g.r.IntN(len(streets))])
}

// email builds an address at a reserved example domain (RFC 2606), never a real mailbox.
func (g *generator) email(p names.Person) string {
	local := asciiLocal(p.Given) + "." + asciiLocal(p.Family)
	if len(local) < 3 || len(local) > 40 {
		local = "member"
	}
	domains := []string{"example.org", "example.net", "example.com"}
	return fmt.Sprintf("%s.%d@%s", local, g.seq, domains[g.r.IntN(len(domains))])
}

func asciiLocal(s string) string {
	var b strings.Builder
	for _, r := range domain.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// phone returns numbers from ranges set aside for fiction: 555-01xx in the US, 0xx 23125 xxx style
// drama numbers in Germany.
func (g *generator) phone() string {
	if g.country == "de" {
		prefixes := []string{"+49 30 23125", "+49 69 90009", "+49 40 66969", "+49 89 99998", "+49 221 4710"}
		return fmt.Sprintf("%s %03d", prefixes[g.r.IntN(len(prefixes))], g.r.IntN(1000))
	}
	return fmt.Sprintf("+1 %03d 555-01%02d", 200+g.r.IntN(700), g.r.IntN(100))
}
