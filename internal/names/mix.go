package names

import "fmt"

// ref names one list of the tables and its relative weight inside a mix component.
type ref struct {
	origin, script string
	weight         float64
	flatten        float64 // if > 0, each name's weight is raised to this power (see germanFamily)
}

// mixPart is one kind of person in a country's membership: where the given and the family name come
// from, and how common such a person is (share, per mille of the whole).
type mixPart struct {
	share  int
	given  []ref
	family []ref
	fold   bool // written without diacritics (Hernandez, Nguyen), as in many US records
}

func l(origin, script string, weight float64) ref {
	return ref{origin: origin, script: script, weight: weight}
}

// germanFamily is the German surname list. It holds only the 100 most common names, which cover
// about a fifth of the population; drawn with their true weights they would stand for everybody and
// make Müller one person in eighteen. Flattening the weights (w^0.3) keeps the order and brings
// Müller near 1.5 % (real: about 1 %).
func germanFamily() []ref {
	return []ref{{origin: "DE", script: "Latn", weight: 1, flatten: 0.3}}
}

// same draws given and family name from the lists of one origin and script.
func same(share int, origin, script string) mixPart {
	return mixPart{share: share, given: []ref{l(origin, script, 1)}, family: []ref{l(origin, script, 1)}}
}

// arabic lists the Arabic-speaking origins (given names; their family names are patronymics).
func arabic() []ref {
	var rs []ref
	for _, o := range []string{"EG", "LB", "IQ", "SA", "MA", "JO", "DZ", "TN", "LY", "KW", "AE"} {
		rs = append(rs, l(o, "Latn", 1))
	}
	return rs
}

func englishGiven() []ref {
	return []ref{l("US", "Latn", 4), l("GB", "Latn", 1), l("CA", "Latn", 1), l("AU", "Latn", 1), l("NZ", "Latn", 1)}
}

func hispanic(share int, fold bool) mixPart {
	return mixPart{share: share, fold: fold,
		given: []ref{l("MX", "Latn", 3), l("CO", "Latn", 1), l("AR", "Latn", 1), l("PR", "Latn", 1),
			l("PE", "Latn", 1), l("ES", "Latn", 1)},
		family: []ref{l("MX", "Latn", 3), l("CO", "Latn", 1), l("AR", "Latn", 1), l("DO", "Latn", 1),
			l("GT", "Latn", 1), l("PE", "Latn", 1), l("ES", "Latn", 1)},
	}
}

// mixFor returns the mix of a country. The shares are estimates of what the membership of a
// nationwide organization might look like, not statistics; non-Latin scripts add up to about 2.5 %.
func mixFor(country string) ([]mixPart, error) {
	switch country {
	case "de":
		return []mixPart{
			{share: 755, given: []ref{l("DE", "Latn", 1)}, family: germanFamily()},
			same(10, "AT", "Latn"),
			same(45, "TR", "Latn"),
			same(24, "PL", "Latn"),
			same(14, "RU", "Latn"), same(8, "RU", "Cyrl"),
			same(9, "UA", "Latn"),
			same(15, "IT", "Latn"),
			same(6, "GR", "Latn"), same(4, "GR", "Grek"),
			same(7, "HR", "Latn"), same(4, "RS", "Latn"), same(2, "RS", "Cyrl"), same(5, "BA", "Latn"),
			{share: 6, given: []ref{l("AL", "Latn", 1)}, family: []ref{l("AL", "Latn", 1), l("XK", "Latn", 1)}},
			same(3, "BG", "Latn"), same(2, "BG", "Cyrl"),
			{share: 28, given: arabic(), family: arabic()},
			same(2, "AE", "Arab"),
			{share: 7, given: []ref{l("DE", "Latn", 1)}, family: []ref{l("VN", "Latn", 1)}},
			same(5, "ES", "Latn"),
			{share: 5, given: []ref{l("PT", "Latn", 1), l("BR", "Latn", 1)}, family: []ref{l("PT", "Latn", 1), l("BR", "Latn", 1)}},
			same(5, "FR", "Latn"), same(4, "NL", "Latn"), same(3, "DK", "Latn"),
			same(4, "CN", "Latn"), same(3, "CN", "Hani"),
			same(2, "AM", "Latn"), same(2, "AM", "Armn"),
			same(1, "GE", "Latn"), same(1, "GE", "Geor"),
			same(5, "GB", "Latn"),
			{share: 3, given: []ref{l("US", "Latn", 1)}, family: []ref{l("US", "Latn", 1)}},
			same(2, "JP", "Latn"), same(1, "JP", "Jpan"),
			same(2, "KR", "Latn"), same(1, "KR", "Hang"),
			same(3, "IN", "Latn"),
			same(2, "IL", "Latn"),
			{share: 3, given: []ref{l("MX", "Latn", 1), l("CO", "Latn", 1), l("AR", "Latn", 1), l("PE", "Latn", 1)},
				family: []ref{l("MX", "Latn", 1), l("CO", "Latn", 1), l("AR", "Latn", 1), l("PE", "Latn", 1)}},
		}, nil
	case "us":
		return []mixPart{
			{share: 640, given: englishGiven(), family: []ref{l("US", "Latn", 1)}},
			hispanic(55, false),
			hispanic(75, true),
			same(7, "CN", "Latn"),
			{share: 9, given: englishGiven(), family: []ref{l("CN", "Latn", 1)}},
			same(8, "CN", "Hani"),
			same(4, "TW", "Latn"),
			same(5, "KR", "Latn"),
			{share: 6, given: englishGiven(), family: []ref{l("KR", "Latn", 1)}},
			same(4, "KR", "Hang"),
			{share: 10, fold: true, given: englishGiven(), family: []ref{l("VN", "Latn", 1)}},
			{share: 3, given: englishGiven(), family: []ref{l("VN", "Latn", 1)}},
			same(14, "IN", "Latn"),
			same(10, "PH", "Latn"),
			same(12, "IE", "Latn"),
			same(9, "IT", "Latn"),
			{share: 9, given: []ref{l("DE", "Latn", 1)}, family: germanFamily()},
			same(5, "PL", "Latn"),
			same(4, "RU", "Latn"), same(2, "RU", "Cyrl"),
			same(3, "UA", "Latn"),
			same(3, "GR", "Latn"), same(1, "GR", "Grek"),
			same(3, "AM", "Latn"), same(2, "AM", "Armn"),
			same(4, "IL", "Latn"),
			same(4, "JP", "Latn"), same(1, "JP", "Jpan"),
			{share: 6, given: arabic(), family: arabic()},
			same(1, "AE", "Arab"),
			same(3, "FR", "Latn"),
			{share: 5, given: []ref{l("PT", "Latn", 1), l("BR", "Latn", 1)}, family: []ref{l("PT", "Latn", 1), l("BR", "Latn", 1)}},
			same(2, "NL", "Latn"),
		}, nil
	}
	return nil, fmt.Errorf("names: unknown country %q (want \"de\" or \"us\")", country)
}
