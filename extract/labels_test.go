package extract

import "testing"

// TestLabels: every code the extractor writes has a Vietnamese name, and a
// value is stated as the text states it.
func TestLabels(t *testing.T) {
	for kind, codes := range map[string][]string{
		"field":     append(append([]string{}, validFields...), "all"),
		"scope":     {"province", "district", "commune", "organization", "unknown"},
		"qualifier": {"collective", "individual", "replicated", "named", "delta", "other"},
		"approx":    {"over", "nearly", "about"},
		"warning":   {"breakdown_sum", "figure_budget", "invalid_utf8", "selectors_missed", WarnShortBody},
	} {
		for _, c := range codes {
			if l := Label(kind, c); l == c || l == "" {
				t.Errorf("%s %q has no Vietnamese name", kind, c)
			}
		}
	}
	for _, tc := range []struct {
		approx string
		v      int64
		want   string
	}{{"over", 12000, "hơn 12.000"}, {"", 11679, "11.679"}, {"nearly", 1000, "gần 1.000"}} {
		if got := Stated(tc.approx, tc.v); got != tc.want {
			t.Errorf("Stated(%q, %d) = %q, want %q", tc.approx, tc.v, got, tc.want)
		}
	}
}
