package ui

import (
	"context"
	"slices"
	"strings"

	"github.com/roster-crm/roster/internal/domain"
)

// treeUnit is a unit in tree order with its indentation level within the list.
type treeUnit struct {
	domain.Unit
	Level int
}

// treeOrder puts units (as svc.Units lists them, by depth) into depth-first order, children under their
// parent by name, so that indentation shows the tree. Units whose parent is not in the list start a tree.
func treeOrder(units []domain.Unit) []treeUnit {
	ids := map[int64]bool{}
	children := map[int64][]domain.Unit{}
	for _, x := range units {
		ids[x.ID] = true
	}
	var tops []domain.Unit
	for _, x := range units {
		if ids[x.ParentID] {
			children[x.ParentID] = append(children[x.ParentID], x)
		} else {
			tops = append(tops, x)
		}
	}
	out := make([]treeUnit, 0, len(units))
	var walk func(x domain.Unit, level int)
	walk = func(x domain.Unit, level int) {
		out = append(out, treeUnit{x, level})
		for _, c := range children[x.ID] {
			walk(c, level+1)
		}
	}
	for _, t := range tops {
		walk(t, 0)
	}
	return out
}

// underRoots keeps the units at or below one of roots, following parents within the list. The service
// checks scope again on every write; this only keeps choices out of a select that would be refused.
func underRoots(units []domain.Unit, roots []int64) []domain.Unit {
	parent := map[int64]int64{}
	for _, x := range units {
		parent[x.ID] = x.ParentID
	}
	covered := func(id int64) bool {
		for seen := 0; id != 0 && seen <= len(units); seen++ {
			if slices.Contains(roots, id) {
				return true
			}
			id = parent[id]
		}
		return false
	}
	var out []domain.Unit
	for _, x := range units {
		if covered(x.ID) {
			out = append(out, x)
		}
	}
	return out
}

// unitOptions lists the actor's live units as select options in tree order, indented with no-break spaces
// (options cannot be styled). roots, when not nil, keeps only the units under them; blankKey adds a first
// empty choice.
func (u *UI) unitOptions(ctx context.Context, s *session, blankKey string, roots []int64) ([]option, error) {
	units, err := u.svc.Units(ctx, s.Actor, false)
	if err != nil {
		return nil, err
	}
	if roots != nil {
		units = underRoots(units, roots)
	}
	var out []option
	if blankKey != "" {
		out = append(out, option{Value: "", Label: u.cat.T(s.Lang, blankKey)})
	}
	for _, t := range treeOrder(units) {
		out = append(out, option{Value: itoa(t.ID), Label: strings.Repeat("\u00a0\u00a0\u00a0", t.Level) + t.Name})
	}
	return out, nil
}
