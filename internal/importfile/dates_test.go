package importfile

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	yy := func(y int) string {
		return time.Date(twoDigitYear(y, time.Now().Year()), 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")
	}
	tests := []struct {
		in    string
		order DateOrder
		want  string // "" for the zero date; "err", "nosuch" or "ambiguous" for an error
	}{
		{"2001-01-05", "", "2001-01-05"},
		{"2001-1-5", "", "2001-01-05"},
		{" 2008-9-1 ", "", "2008-09-01"},
		{"2001/01/05", DayMonthYear, "2001-01-05"}, // year first is always y-m-d
		{"20080901", "", "2008-09-01"},
		{"2001-01-05T10:30:00Z", "", "2001-01-05"},
		{"2001-01-05 10:30", "", "2001-01-05"},
		{"05.01.2001", "", "2001-01-05"},
		{"5.1.2001", "", "2001-01-05"},
		{"05.01.2001 13:45", "", "2001-01-05"},
		{"05/01/2001", DayMonthYear, "2001-01-05"},
		{"01/05/2001", MonthDayYear, "2001-01-05"},
		{"1/5/2001 1:45 PM", MonthDayYear, "2001-01-05"},
		{"05-01-2001", DayMonthYear, "2001-01-05"},
		{"25/12/2001", "", "2001-12-25"},
		{"12/25/2001", "", "2001-12-25"},
		{"25/12/2001", MonthDayYear, "nosuch"}, // month 25
		{"05/01/2001", "", "ambiguous"},
		{"January 5, 2001", "", "2001-01-05"},
		{"Jan 5 2001", "", "2001-01-05"},
		{"5 January 2001", "", "2001-01-05"},
		{"5-Jan-01", "", "2001-01-05"},
		{"05-JAN-2001", "", "2001-01-05"},
		{"5. Januar 2001", "", "2001-01-05"},
		{"3. März 2020", "", "2020-03-03"},
		{"1. Dez. 1999", "", "1999-12-01"},
		{"2001-Jan-05", "", "2001-01-05"},
		{"05.01.99", "", "1999-01-05"},
		{"05.01.05", "", yy(5) + "-01-05"},
		{"", "", ""},
		{"   ", "", ""},
		// invalid
		{"2008-25-1", "", "nosuch"},
		{"2001-02-29", "", "nosuch"},
		{"31.04.2001", "", "nosuch"},
		{"00.01.2001", "", "nosuch"},
		{"31.02.1980", "", "nosuch"},
		{"02/31/1980", MonthDayYear, "nosuch"},
		{"2001", "", "err"},
		{"Jan 2001", "", "err"},
		{"5 Foo 2001", "", "err"},
		{"January February 5 2001", "", "err"},
		{"12:30", "", "err"},
		{"1.2.3.4", "", "err"},
		{"05.01.123", "", "err"},
		{"123456", "", "err"},
		{"0000-01-01", "", "nosuch"},
		{"99999-01-01", "", "err"},
		{"n/a", "", "err"},
	}
	for _, tc := range tests {
		d, err := ParseDate(tc.in, tc.order)
		switch {
		case tc.want == "ambiguous":
			if !errors.Is(err, ErrAmbiguousDate) {
				t.Errorf("ParseDate(%q, %q) = %v, %v; want ErrAmbiguousDate", tc.in, tc.order, d, err)
			}
		case tc.want == "nosuch":
			if !errors.Is(err, ErrNoSuchDate) || !errors.Is(err, ErrDate) {
				t.Errorf("ParseDate(%q, %q) = %v, %v; want ErrNoSuchDate", tc.in, tc.order, d, err)
			}
		case tc.want == "err":
			if !errors.Is(err, ErrDate) || errors.Is(err, ErrNoSuchDate) {
				t.Errorf("ParseDate(%q, %q) = %v, %v; want ErrDate", tc.in, tc.order, d, err)
			}
		case err != nil || d.String() != tc.want:
			t.Errorf("ParseDate(%q, %q) = %q, %v; want %q", tc.in, tc.order, d, err, tc.want)
		}
	}
}

func TestTwoDigitYear(t *testing.T) {
	for _, tc := range []struct{ yy, now, want int }{
		{5, 2026, 2005}, {36, 2026, 2036}, {37, 2026, 1937}, {99, 2026, 1999}, {0, 2026, 2000}, {95, 2095, 2095},
	} {
		if got := twoDigitYear(tc.yy, tc.now); got != tc.want {
			t.Errorf("twoDigitYear(%d, %d) = %d, want %d", tc.yy, tc.now, got, tc.want)
		}
	}
}

func TestDetectDateOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []string
		want   DateOrder
	}{
		{"a day above 12", []string{"01/02/2001", "03/04/2001", "25/04/2001"}, DayMonthYear},
		{"a month-first value", []string{"01/02/2001", "12/31/2001", ""}, MonthDayYear},
		{"dots are day-first", []string{"01.02.2001", "03.04.2001"}, DayMonthYear},
		{"ISO", []string{"2001-02-01", "20010203", "junk"}, YearMonthDay},
		{"undecided", []string{"01/02/2001", "03/04/2001"}, ""},
		{"contradicting", []string{"25/01/2001", "01/25/2001"}, ""},
		{"nothing", nil, ""},
	} {
		if got := DetectDateOrder(tc.values); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
