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
	units, err := u.units(ctx, s, roots)
	if err != nil {
		return nil, err
	}
	out := u.blankOption(s, blankKey)
	for _, t := range treeOrder(units) {
		out = append(out, option{Value: itoa(t.ID), Label: strings.Repeat("\u00a0\u00a0\u00a0", t.Level) + t.Name})
	}
	return out, nil
}

// unitPicker lists the actor's live units like unitOptions, each labelled with its path ("Bayern › Landkreis
// München") instead of an indentation, so that two units of the same name can be told apart in the picker of
// invitations, grants and moves, and its filter box finds a county by its state too.
func (u *UI) unitPicker(ctx context.Context, s *session, blankKey string, roots []int64) ([]option, error) {
	units, err := u.units(ctx, s, roots)
	if err != nil {
		return nil, err
	}
	return append(u.blankOption(s, blankKey), pathOptions(units, nil)...), nil
}

// units are the actor's live units, those under roots when roots is not nil.
func (u *UI) units(ctx context.Context, s *session, roots []int64) ([]domain.Unit, error) {
	units, err := u.svc.Units(ctx, s.Actor, false)
	if err != nil || roots == nil {
		return units, err
	}
	return underRoots(units, roots), nil
}

// blankOption is the first, empty choice of a select labelled by the catalogue's key, none without a key.
func (u *UI) blankOption(s *session, key string) []option {
	if key == "" {
		return nil
	}
	return []option{{Value: "", Label: u.cat.T(s.Lang, key)}}
}

// pathSeparator joins the names of a unit's path in a picker.
const pathSeparator = " › "

// pathOptions labels units with their path within the list, in tree order, leaving out those skip refuses.
// The organization's root is left out of the paths below it when it tops the list alone: every path would
// start with it.
func pathOptions(units []domain.Unit, skip func(id int64) bool) []option {
	tree := treeOrder(units)
	dropRoot := len(tree) > 0 && tree[0].ParentID == 0 && !slices.ContainsFunc(tree[1:], func(t treeUnit) bool { return t.Level == 0 })
	var path []string
	out := make([]option, 0, len(tree))
	for _, t := range tree {
		path = append(path[:t.Level], t.Name)
		if skip != nil && skip(t.ID) {
			continue
		}
		label := path
		if dropRoot && t.Level > 0 {
			label = path[1:]
		}
		out = append(out, option{Value: itoa(t.ID), Label: strings.Join(label, pathSeparator)})
	}
	return out
}

// nestedUnit is a row of the units page's tree: the unit, whether it opens a list of the units below it
// (open from the start for the top of the tree, the officer's own level), and how many such lists end after
// it.
type nestedUnit struct {
	countedUnit
	HasChildren, Open bool
	Closes            []struct{}
}

// nestUnits marks the rows of a tree-ordered list for rendering as nested, collapsible lists.
func nestUnits(units []countedUnit) []nestedUnit {
	out := make([]nestedUnit, len(units))
	for i, x := range units {
		next := 0
		if i+1 < len(units) {
			next = units[i+1].Level
		}
		out[i] = nestedUnit{countedUnit: x, HasChildren: next > x.Level, Open: x.Level == 0}
		if next < x.Level {
			out[i].Closes = make([]struct{}, x.Level-next)
		}
	}
	return out
}
