package importfile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/roster-crm/roster/internal/domain"
)

// DateOrder says in which order day and month come in a date such as 03/04/2020.
type DateOrder string

const (
	DayMonthYear DateOrder = "dmy" // 03/04/2020 is 3 April (Germany, the UK, most of the world)
	MonthDayYear DateOrder = "mdy" // 03/04/2020 is March 4 (the United States)
	YearMonthDay DateOrder = "ymd" // only ISO-style dates seen; no ambiguity
)

func (o DateOrder) valid() bool { return o == DayMonthYear || o == MonthDayYear || o == YearMonthDay }

// Errors of ParseDate.
var (
	ErrDate          = errors.New("not a date")
	ErrAmbiguousDate = errors.New("day and month cannot be told apart; choose the column's date order")
	// ErrNoSuchDate: the value is written as a date, but the calendar has no such day (31.02.1980, month 13).
	// It is also an ErrDate.
	ErrNoSuchDate = fmt.Errorf("%w: no such day in the calendar", ErrDate)
)

// ParseDate reads a date as spreadsheets and other CRMs write it (CiviCRM accepts the same forms):
//
//	2001-01-05  2001-1-5  2001/01/05  20010105  2001-01-05T10:30:00Z  2001-01-05 10:30
//	05.01.2001  5.1.01  05/01/2001  01/05/2001  05-01-2001  (day or month first: see below)
//	January 5, 2001  Jan 5 2001  5 January 2001  5-Jan-01  5. Januar 2001  05.Jan.2001
//
// A time of day after the date is dropped. Month names may be English or German, in full or abbreviated.
// Year-first dates are always year-month-day. When both day and month come before the year, order decides;
// with order "" a part above 12 decides, dotted dates are day-first, and anything else is ErrAmbiguousDate.
// Two-digit years are taken from the hundred years that end ten years from now. An empty string is the zero
// Date ("no date") without error.
func ParseDate(s string, order DateOrder) (domain.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return domain.Date{}, nil
	}
	nums, month, sep, ok := dateParts(stripTime(s))
	if !ok {
		return domain.Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	var y, m, d int
	var yearDigits int
	switch {
	case month == 0 && len(nums) == 1 && len(nums[0]) == 8: // 20010105
		y, m, d, yearDigits = atoi(nums[0][:4]), atoi(nums[0][4:6]), atoi(nums[0][6:]), 4
	case month == 0 && len(nums) == 3 && len(nums[0]) >= 3: // 2001-01-05
		y, m, d, yearDigits = atoi(nums[0]), atoi(nums[1]), atoi(nums[2]), len(nums[0])
	case month == 0 && len(nums) == 3:
		a, b := atoi(nums[0]), atoi(nums[1])
		y, yearDigits = atoi(nums[2]), len(nums[2])
		switch dayFirst, err := dayFirst(a, b, sep, order); {
		case err != nil:
			return domain.Date{}, fmt.Errorf("%w: %q", err, s)
		case dayFirst:
			d, m = a, b
		default:
			m, d = a, b
		}
	case month != 0 && len(nums) == 2: // January 5, 2001 / 5 Jan 01
		m = month
		di, yi := 0, 1
		if len(nums[0]) > 2 {
			di, yi = 1, 0
		}
		d, y, yearDigits = atoi(nums[di]), atoi(nums[yi]), len(nums[yi])
	default:
		return domain.Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	switch yearDigits {
	case 2:
		y = twoDigitYear(y, time.Now().Year())
	case 4:
	default:
		return domain.Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1 || m < 1 || m > 12 || d < 1 || t.Day() != d || t.Month() != time.Month(m) {
		return domain.Date{}, fmt.Errorf("%w: %q", ErrNoSuchDate, s)
	}
	return domain.DateOf(t), nil
}

// dayFirst decides whether a.b.year is day-first.
func dayFirst(a, b int, sep byte, order DateOrder) (bool, error) {
	switch {
	case order == DayMonthYear:
		return true, nil
	case order == MonthDayYear:
		return false, nil
	case a > 12 && b <= 12:
		return true, nil
	case b > 12 && a <= 12:
		return false, nil
	case sep == '.':
		return true, nil
	}
	return false, ErrAmbiguousDate
}

// twoDigitYear puts yy in the hundred years that end ten years after thisYear.
func twoDigitYear(yy, thisYear int) int {
	y := thisYear/100*100 + yy
	if y > thisYear+10 {
		y -= 100
	}
	return y
}

// stripTime drops a time of day: everything from the last space or 'T' before the first ':'.
func stripTime(s string) string {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return s
	}
	j := strings.LastIndexAny(s[:i], " T")
	if j < 0 {
		return s
	}
	return strings.TrimSpace(s[:j])
}

// dateParts splits a date into its numbers and a month name (0 if none). sep is the first separator between
// two numbers, which tells "05.01.2001" from "05/01/2001". Commas, spaces, '.', '/', '-' separate; anything
// else makes it no date.
func dateParts(s string) (nums []string, month int, sep byte, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			nums = append(nums, s[i:j])
			if j < len(s) && sep == 0 && len(nums) == 1 {
				sep = s[j]
			}
			i = j
		case c == ' ' || c == ',' || c == '.' || c == '/' || c == '-':
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" ,./-0123456789", rune(s[j])) {
				j++
			}
			if month != 0 {
				return nil, 0, 0, false
			}
			if month = monthNumber(s[i:j]); month == 0 {
				return nil, 0, 0, false
			}
			i = j
		}
	}
	return nums, month, sep, len(nums) > 0 && len(nums) <= 3
}

// monthNumber reads an English or German month name or abbreviation, in any case: "Jan", "März", "Mrz",
// "Okt", "December".
func monthNumber(w string) int {
	w = domain.Fold(w)
	switch w {
	case "jan", "january", "januar", "janner", "jaenner":
		return 1
	case "feb", "february", "februar":
		return 2
	case "mar", "march", "marz", "maerz", "mrz":
		return 3
	case "apr", "april":
		return 4
	case "may", "mai":
		return 5
	case "jun", "june", "juni":
		return 6
	case "jul", "july", "juli":
		return 7
	case "aug", "august":
		return 8
	case "sep", "sept", "september":
		return 9
	case "oct", "october", "okt", "oktober":
		return 10
	case "nov", "november":
		return 11
	case "dec", "december", "dez", "dezember":
		return 12
	}
	return 0
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) > 4 {
		return -1
	}
	return n
}

// DateOrderDetector finds a column's date order from its values: a first part above 12 means day-first,
// a second part above 12 month-first. Feed it the values (all, or a sample) with Add.
type DateOrderDetector struct {
	dayFirst, monthFirst, dotted, other, yearFirst int
}

// Add looks at one value; values that are no dates, or not of the form a.b.year, are counted but decide
// nothing.
func (d *DateOrderDetector) Add(s string) {
	nums, month, sep, ok := dateParts(stripTime(strings.TrimSpace(s)))
	if !ok || month != 0 {
		return
	}
	if len(nums) == 1 || len(nums[0]) >= 3 {
		d.yearFirst++
		return
	}
	if len(nums) != 3 {
		return
	}
	a, b := atoi(nums[0]), atoi(nums[1])
	switch {
	case a > 12 && b <= 12:
		d.dayFirst++
	case b > 12 && a <= 12:
		d.monthFirst++
	}
	if sep == '.' {
		d.dotted++
	} else {
		d.other++
	}
}

// Order returns the detected order, or "" when the values do not tell (all parts 12 or less with slashes or
// dashes) or contradict each other; the import form then asks.
func (d *DateOrderDetector) Order() DateOrder {
	switch {
	case d.dayFirst > 0 && d.monthFirst == 0:
		return DayMonthYear
	case d.monthFirst > 0 && d.dayFirst == 0:
		return MonthDayYear
	case d.dayFirst > 0: // both: mixed up
		return ""
	case d.dotted > 0 && d.other == 0:
		return DayMonthYear
	case d.yearFirst > 0 && d.dotted == 0 && d.other == 0:
		return YearMonthDay
	}
	return ""
}

// DetectDateOrder is DateOrderDetector over a list of values.
func DetectDateOrder(values []string) DateOrder {
	var d DateOrderDetector
	for _, v := range values {
		d.Add(v)
	}
	return d.Order()
}
