// Package domain holds Roster's domain types (units, contacts, memberships, users, audit entries), the rules that
// need no storage (membership status, name folding, validation), and the domain errors that front ends map to
// responses.
package domain
