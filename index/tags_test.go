package index

import (
	"strings"
	"testing"
	"time"

	"baotinh/extract"
)

func TestTags(t *testing.T) {
	got := Tags("Hậu Giang", "Cần Thơ", "baohaugiang-2", "2024-07", FieldMask("economy", "culture_society"))
	for _, want := range []string{"phaugiang", "ncantho", "sbaohaugiang2", "m202407", "feconomy", "fculturesociety"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("Tags = %q, want the word %q", got, want)
		}
	}
	if strings.Contains(got, "fall") || strings.Contains(got, "fother") {
		t.Errorf("Tags = %q: a field without figures", got)
	}
	if got := Tags("", "", "", "", 0); got != "" {
		t.Errorf("Tags of nothing = %q", got)
	}
	// both tone placements and đ fold alike: one word per unit
	if a, b := tagWord("p", "Hoà Bình"), tagWord("p", "Hòa Bình"); a != b || a != "phoabinh" {
		t.Errorf("tone placements: %q, %q", a, b)
	}
	if w := tagWord("p", "Đắk Lắk"); w != "pdaklak" {
		t.Errorf("đ: %q", w)
	}
}

func TestTagFilter(t *testing.T) {
	vn := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, extract.Vietnam) }
	for _, c := range []struct {
		name string
		q    Query
		want string
	}{
		{"none", Query{Text: "x"}, ""},
		{"provinces", Query{Provinces: []string{"Cần Thơ", "Hậu Giang"}}, `{tags} : ("pcantho" OR "phaugiang")`},
		{"current unit and source", Query{ProvinceNow: "Cần Thơ", Source: "bao-hg"}, `{tags} : ("ncantho") AND {tags} : ("sbaohg")`},
		{"field", Query{Field: "defense_security"}, `{tags} : ("fdefensesecurity")`},
		{"months", Query{From: vn(2024, 11, 20), To: vn(2025, 2, 3)}, `{tags} : ("m202411" OR "m202412" OR "m202501" OR "m202502")`},
		{"a range too long for words", Query{From: vn(1990, 1, 1), To: vn(2025, 1, 1)}, ""},
		{"an end only: the meta row alone", Query{To: vn(2025, 1, 1)}, ""},
	} {
		if got := tagFilter(c.q); got != c.want {
			t.Errorf("%s: tagFilter = %q, want %q", c.name, got, c.want)
		}
	}
	// an open end reaches this month
	f := tagFilter(Query{From: time.Now().AddDate(0, -2, 0)})
	if !strings.Contains(f, time.Now().In(extract.Vietnam).Format(`"m200601"`)) {
		t.Errorf("open end: %q lacks this month", f)
	}
}
