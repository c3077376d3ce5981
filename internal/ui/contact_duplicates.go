package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// unseenDuplicates returns the contacts a new one may duplicate, all of them, when at least one was not
// shown to the user yet; seen lists the ids shown, comma-separated, by the form or its script. The service
// only finds contacts the actor may see.
func (u *UI) unseenDuplicates(ctx context.Context, s *session, in domain.ContactInput, seen string) ([]domain.Duplicate, error) {
	list, err := u.svc.LikelyDuplicates(ctx, s.Actor, in, 0)
	if errors.As(err, new(*domain.ValidationError)) {
		return nil, nil // text that cannot be searched for; saving reports it next to its field
	}
	if err != nil {
		return nil, err
	}
	shown := strings.Split(seen, ",")
	for _, d := range list {
		if !slices.Contains(shown, itoa(d.ID)) {
			return list, nil
		}
	}
	return nil, nil
}

// duplicateIDs lists the ids of duplicates comma-separated, as the form carries them.
func duplicateIDs(dups []domain.Duplicate) string {
	ids := make([]string, len(dups))
	for i, d := range dups {
		ids[i] = itoa(d.ID)
	}
	return strings.Join(ids, ",")
}
