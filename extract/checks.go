package extract

import (
	"fmt"
	"strings"
)

// checkSums warns where a breakdown does not add up to its total.
func checkSums(figs []figState) []Warning {
	var out []Warning
	for i, t := range figs {
		if t.parent >= 0 {
			continue
		}
		var byField []int
		var byQual []int
		seenF := map[string]bool{}
		seenQ := map[string]bool{}
		stopF, stopQ := false, false
		for j := i + 1; j < len(figs); j++ {
			if figs[j].parent != i {
				if figs[j].parent < 0 {
					break
				}
				continue
			}
			f := figs[j].fig
			if f.Field != "all" && !stopF {
				if seenF[f.Field] {
					stopF = true
				} else {
					seenF[f.Field] = true
					byField = append(byField, j)
				}
			}
			if f.Field == "all" && (f.Qualifier == "collective" || f.Qualifier == "individual") && !stopQ {
				if seenQ[f.Qualifier] {
					stopQ = true
				} else {
					seenQ[f.Qualifier] = true
					byQual = append(byQual, j)
				}
			}
		}
		for _, set := range []struct {
			name string
			idx  []int
		}{{"field", byField}, {"qualifier", byQual}} {
			if len(set.idx) < 2 {
				continue
			}
			var sum int64
			approx := t.fig.Approx != ""
			for _, j := range set.idx {
				sum += figs[j].fig.Value
				approx = approx || figs[j].fig.Approx != ""
			}
			if sum == t.fig.Value || approx {
				continue
			}
			out = append(out, Warning{
				Kind:    "breakdown_sum",
				Message: fmt.Sprintf("the breakdown by %s adds up to %s, the total says %s", set.name, FormatVN(sum), FormatVN(t.fig.Value)),
				Total:   t.fig.Value,
				Sum:     sum,
				Start:   t.fig.Start,
				End:     figs[set.idx[len(set.idx)-1]].fig.End,
			})
		}
	}
	return out
}

// FormatVN writes an integer the Vietnamese way: 11859 → "11.859".
func FormatVN(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
