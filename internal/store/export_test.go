package store

import (
	"context"

	"github.com/roster-crm/roster/internal/access"
)

// TagsFromTags is Tags as a scope too large to walk its contacts finds them, for tests.
func (q *Q) TagsFromTags(ctx context.Context, s access.Scope) ([]string, error) {
	return q.tags(ctx, s, 0)
}
