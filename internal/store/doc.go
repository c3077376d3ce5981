// Package store keeps Roster's data in SQLite or PostgreSQL with hand-written SQL. Every query that touches
// contact data takes the actor's access.Scope and applies it in SQL through scope.go; dialect differences live
// in dialect.go and nowhere else.
package store
