// Package service holds Roster's use cases: what an actor may do with units, contacts, memberships, users and
// grants. The web UI, the JSON API and the CLI call these functions; they validate input, check capabilities,
// write through the store in one transaction with the audit entry, and return domain errors.
package service

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/roster-crm/roster/internal/access"
	"github.com/roster-crm/roster/internal/auth"
	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/i18n"
	"github.com/roster-crm/roster/internal/store"
)

// Service is the application core.
type Service struct {
	st       *store.Store
	log      *slog.Logger
	hash     auth.Params
	location *time.Location // the organization's time zone, for "today"

	dummyOnce sync.Once // computes dummy, a hash verified for unknown accounts
	dummy     string

	sealer  *auth.Sealer // encrypts TOTP secrets; nil when no secret key is configured
	mailer  Mailer
	baseURL string

	cat *i18n.Catalog // words of exported files

	jobs        JobQueue      // nil: queued imports wait for whoever calls RunImport
	importLease time.Duration // see defaultImportLease

	countsAsked atomic.Int64 // when this server last asked for a recount of the units (Unix seconds)
	countsTook  atomic.Int64 // how long this server's last recount of the units took (a time.Duration)
}

// Mailer sends a plain-text e-mail.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Options configure a Service.
type Options struct {
	Logger       *slog.Logger
	PasswordCost auth.Params    // zero value: auth.DefaultParams()
	Location     *time.Location // nil: local time
	SecretKey    []byte         // 32 bytes; encrypts second-factor secrets
	Mailer       Mailer         // nil: mail is written to the log
	BaseURL      string         // the public URL, for links in e-mails
	Catalog      *i18n.Catalog  // nil: the embedded catalogue
	// WorkerTimeout is how long a worker running an import may be silent before another takes it over;
	// 0 means 45 seconds.
	WorkerTimeout time.Duration
}

// New returns a Service on an open, migrated store.
func New(st *store.Store, opt Options) *Service {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.PasswordCost == (auth.Params{}) {
		opt.PasswordCost = auth.DefaultParams()
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	svc := &Service{st: st, log: opt.Logger, hash: opt.PasswordCost, location: opt.Location, mailer: opt.Mailer,
		baseURL: strings.TrimSuffix(opt.BaseURL, "/"), importLease: opt.WorkerTimeout}
	if svc.importLease <= 0 {
		svc.importLease = defaultImportLease
	}
	if svc.mailer == nil {
		svc.mailer = logMailer{opt.Logger}
	}
	if svc.cat = opt.Catalog; svc.cat == nil {
		var err error
		if svc.cat, err = i18n.Load(); err != nil {
			opt.Logger.Error("translation catalogue unusable; exports show message keys", "err", err)
		}
	}
	if len(opt.SecretKey) > 0 {
		if sealer, err := auth.NewSealer(opt.SecretKey); err == nil {
			svc.sealer = sealer
		} else {
			opt.Logger.Error("secret key unusable; second factors are unavailable", "err", err)
		}
	}
	return svc
}

// logMailer writes mail to the log: a small installation without SMTP still gets its links.
type logMailer struct{ log *slog.Logger }

func (m logMailer) Send(ctx context.Context, to, subject, body string) error {
	m.log.Warn("no SMTP server configured; this e-mail was not sent", "to", to, "subject", subject, "body", body)
	return nil
}

func (s *Service) now() time.Time { return s.st.Now() }

// Today is the organization's current calendar date, which membership statuses are derived for.
func (s *Service) Today() domain.Date { return domain.DateOf(s.now().In(s.location)) }

// ActorFor resolves a user's actor: identity and the scope of the grants that are live right now. An inactive
// user, or one without live grants, gets an empty scope and sees nothing.
func (s *Service) ActorFor(ctx context.Context, userID int64) (*access.Actor, error) {
	q := s.st.Read()
	u, err := q.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, domain.ErrUnauthenticated
	}
	grants, err := q.LiveGrants(ctx, userID, q.Now())
	if err != nil {
		return nil, err
	}
	a := &access.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Language: u.Language, Scope: access.NewScope(grants),
		Grants: grants, At: q.Now()}
	if a.PledgeRequired, a.EnrolmentRequired, err = s.gate(ctx, q, userID, grants); err != nil {
		return nil, err
	}
	if a.PledgeRequired || a.EnrolmentRequired {
		// No contact data, by any route, until the gate is passed: the scope is empty.
		a.Scope = access.NewScope(nil)
	}
	return a, nil
}

// SystemActor is the explicit actor for background work and the operator's CLI: every capability on every
// root unit, through the same scoped queries as everyone else. what names the job for the audit trail.
func (s *Service) SystemActor(ctx context.Context, what string) (*access.Actor, error) {
	roots, err := s.st.Read().RootUnits(ctx)
	if err != nil {
		return nil, err
	}
	return &access.Actor{Name: what, Scope: access.FullScope(roots), At: s.now()}, nil
}

// wholeTree reports whether the actor's capability covers every root unit: such admins also see records that
// belong to no unit (users without grants, sign-in events).
func (s *Service) wholeTree(ctx context.Context, q *store.Q, a *access.Actor, c access.Capability) (bool, error) {
	if a.IsSystem() {
		return true, nil
	}
	roots, err := q.RootUnits(ctx)
	if err != nil {
		return false, err
	}
	for _, r := range roots {
		if !a.Scope.Covers(c, r, nil) {
			return false, nil
		}
	}
	return len(roots) > 0, nil
}

// audit writes an audit entry for actor inside the transaction of q.
func audit(ctx context.Context, q *store.Q, a *access.Actor, action, entity string, id int64, contact, unit int64, changes map[string]domain.Change) error {
	return q.InsertAudit(ctx, &domain.AuditEntry{
		ActorID: a.UserID, ActorName: a.Label(), Action: action, EntityType: entity, EntityID: id,
		ContactID: contact, UnitID: unit, Changes: changes,
	})
}
