package extract

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ErrNotNumber is returned by the number parsers for text that is not a
// number in Vietnamese notation.
var ErrNotNumber = errors.New("not a number")

// ParseNumeral reads a number written with digits the Vietnamese way: "."
// groups thousands ("11.679" is eleven thousand six hundred seventy-nine)
// and "," is the decimal mark ("1,2" is one point two). Leading zeros are
// allowed ("04"). A dot not followed by exactly three digits is read as a
// decimal point, as in "1.5" typed by English keyboards.
func ParseNumeral(s string) (float64, error) {
	if s == "" {
		return 0, ErrNotNumber
	}
	var intPart, frac float64
	fracScale := 0.0
	groupDigits := -1 // digits since the last thousands dot, -1 before any dot
	seenComma := false
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			d := float64(c - '0')
			digits++
			if seenComma || fracScale > 0 {
				fracScale /= 10
				frac += d * fracScale
				continue
			}
			intPart = intPart*10 + d
			if groupDigits >= 0 {
				groupDigits++
			}
		case c == '.':
			if seenComma || fracScale > 0 || digits == 0 || i == len(s)-1 {
				return 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
			}
			if groupDigits >= 0 && groupDigits != 3 {
				return 0, fmt.Errorf("%q: thousands group of %d digits: %w", s, groupDigits, ErrNotNumber)
			}
			// Exactly three digits must follow for a thousands separator.
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j-(i+1) != 3 {
				if groupDigits >= 0 {
					return 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
				}
				fracScale = 1 // decimal point
				continue
			}
			groupDigits = 0
		case c == ',':
			if seenComma || fracScale > 0 || digits == 0 || i == len(s)-1 {
				return 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
			}
			if groupDigits >= 0 && groupDigits != 3 {
				return 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
			}
			seenComma = true
			fracScale = 1
		default:
			return 0, fmt.Errorf("%q: unexpected %q: %w", s, c, ErrNotNumber)
		}
	}
	if digits == 0 || (groupDigits >= 0 && groupDigits != 3 && !seenComma && fracScale == 0) {
		return 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
	}
	if digits > 15 {
		return 0, fmt.Errorf("%q: too many digits: %w", s, ErrNotNumber)
	}
	return intPart + frac, nil
}

// multipliers are the words that scale a number: "15 ngàn" is 15,000,
// "3 trăm" 300.
var multipliers = map[string]float64{
	"trăm": 1e2, "nghìn": 1e3, "ngàn": 1e3, "ngan": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
}

// half is the word after a scale word that adds half of it: "1 nghìn
// rưỡi" is 1,500.
const half = "rưỡi"

// Multiplier returns the factor of a scale word ("nghìn", "ngàn", "triệu").
func Multiplier(word string) (float64, bool) {
	m, ok := multipliers[Lower(word)]
	return m, ok
}

// digitWords are the spelled-out units; some have two readings.
var digitWords = map[string]int{
	"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
	"năm": 5, "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}

// IsNumberWord reports whether w can be part of a spelled-out number.
func IsNumberWord(w string) bool {
	w = Lower(w)
	if _, ok := digitWords[w]; ok {
		return true
	}
	switch w {
	case "mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn", "triệu":
		return true
	}
	return false
}

// ParseSpelled reads a number spelled out in Vietnamese words, such as
// "hai mươi lăm" (25), "mười" (10), "một trăm linh năm" (105),
// "ba mươi mốt" (31), "hai mươi tư" (24), "một nghìn hai trăm" (1200).
// Every word must belong to the number.
func ParseSpelled(words []string) (int, error) {
	if len(words) == 0 {
		return 0, ErrNotNumber
	}
	total := 0   // completed thousands/millions
	section := 0 // value below one thousand being built
	unit := -1   // pending unit digit
	tens := -1   // tens already fixed in this section
	hundreds := -1
	lastWasTens := false // "mươi"/"mười" seen: "mốt", "tư", "lăm" readings allowed
	sawAny := false
	flush := func() int {
		v := 0
		if hundreds >= 0 {
			v += hundreds * 100
		}
		if tens >= 0 {
			v += tens * 10
		}
		if unit >= 0 {
			v += unit
		}
		return v
	}
	for i, raw := range words {
		w := Lower(raw)
		switch w {
		case "mười":
			if tens >= 0 || unit >= 0 {
				return 0, fmt.Errorf("%q: misplaced %q: %w", strings.Join(words, " "), raw, ErrNotNumber)
			}
			tens, lastWasTens = 1, true
		case "mươi":
			if unit < 2 || tens >= 0 {
				return 0, fmt.Errorf("%q: misplaced %q: %w", strings.Join(words, " "), raw, ErrNotNumber)
			}
			tens, unit, lastWasTens = unit, -1, true
			continue
		case "trăm":
			if unit < 0 || hundreds >= 0 || tens >= 0 {
				return 0, fmt.Errorf("%q: misplaced %q: %w", strings.Join(words, " "), raw, ErrNotNumber)
			}
			hundreds, unit = unit, -1
		case "linh", "lẻ":
			if hundreds < 0 || tens >= 0 || unit >= 0 {
				return 0, fmt.Errorf("%q: misplaced %q: %w", strings.Join(words, " "), raw, ErrNotNumber)
			}
			tens = 0
		case "nghìn", "ngàn", "triệu":
			mult := 1000
			if w == "triệu" {
				mult = 1000000
			}
			v := flush()
			if v == 0 {
				v = section
			}
			if v == 0 {
				return 0, fmt.Errorf("%q: %q without a number: %w", strings.Join(words, " "), raw, ErrNotNumber)
			}
			total += v * mult
			section, unit, tens, hundreds = 0, -1, -1, -1
		default:
			d, ok := digitWords[w]
			if !ok {
				return 0, fmt.Errorf("%q: %q is not a number word: %w", strings.Join(words, " "), raw, ErrNotNumber)
			}
			switch w {
			case "mốt", "lăm", "nhăm":
				if !lastWasTens {
					if w == "lăm" || w == "nhăm" || tens < 0 {
						return 0, fmt.Errorf("%q: %q only follows tens: %w", strings.Join(words, " "), raw, ErrNotNumber)
					}
				}
			case "tư":
				if !lastWasTens {
					return 0, fmt.Errorf("%q: %q only follows tens: %w", strings.Join(words, " "), raw, ErrNotNumber)
				}
			}
			if unit >= 0 {
				return 0, fmt.Errorf("%q: two unit words in a row: %w", strings.Join(words, " "), ErrNotNumber)
			}
			unit = d
		}
		_ = i
		lastWasTens = w == "mười"
		sawAny = true
	}
	if !sawAny {
		return 0, ErrNotNumber
	}
	v := total + flush()
	if v > math.MaxInt32 {
		return 0, ErrNotNumber
	}
	return v, nil
}
