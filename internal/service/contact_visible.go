package service

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
)

// VisibleContacts returns which of ids the actor can see now, for pages that list contacts by id from an
// earlier time (an import report): only those get a link. At most MaxPageSize ids are looked at.
func (s *Service) VisibleContacts(ctx context.Context, a *access.Actor, ids []int64) (map[int64]bool, error) {
	if len(ids) > MaxPageSize {
		ids = ids[:MaxPageSize]
	}
	return s.st.Read().VisibleContactIDs(ctx, a.Scope, ids)
}
