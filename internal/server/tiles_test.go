package server

import (
	"regexp"
	"strings"
	"testing"

	"baotinh/extract"
)

// TestTileMapsCoverTheGazetteer: the map of old units has a cell for each
// of the gazetteer's 63 provinces and the map of current ones for each of
// the 34 units they form, no cell shared and no name unknown.
func TestTileMapsCoverTheGazetteer(t *testing.T) {
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	old, now := map[string]bool{}, map[string]bool{}
	for _, p := range x.Gazetteer().Provinces() {
		old[p.Name], now[p.Now] = true, true
	}
	if len(old) != 63 || len(now) != 34 {
		t.Fatalf("gazetteer: %d old units, %d current", len(old), len(now))
	}
	for level, want := range map[string]map[string]bool{"old": old, "current": now} {
		grid := tileMaps[level]
		if len(grid) != len(want) {
			t.Errorf("%s map: %d cells, want %d", level, len(grid), len(want))
		}
		taken := map[[2]int]string{}
		for unit, pos := range grid {
			if !want[unit] {
				t.Errorf("%s map: %q is not a %s unit of the gazetteer", level, unit, level)
			}
			if other, ok := taken[pos]; ok {
				t.Errorf("%s map: %s and %s share the cell %v", level, unit, other, pos)
			}
			taken[pos] = unit
			if pos[0] < 0 || pos[1] < 0 {
				t.Errorf("%s map: %s at %v", level, unit, pos)
			}
		}
		for unit := range want {
			if _, ok := grid[unit]; !ok {
				t.Errorf("%s map: no cell for %s", level, unit)
			}
		}
	}
}

// TestProvinceMap: each unit is a linked cell coloured by its latest count
// in five steps up to the largest, grey without one, with a legend.
func TestProvinceMap(t *testing.T) {
	svg := string(provinceMap("old", map[string]figureOf{
		"Hậu Giang": {Value: 10000, Stated: "hơn 10.000", AsOf: "2024-06"},
		"Cà Mau":    {Value: 1, Stated: "1"},
	}))
	if n := strings.Count(svg, `<a class="tile"`); n != 63 {
		t.Errorf("%d cells, want 63", n)
	}
	cell := func(unit string) string {
		m := regexp.MustCompile(`<a class="tile" data-unit="` + unit + `"[^>]*><rect [^>]*fill="(#[0-9a-f]+)"`).FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("no cell for %s", unit)
		}
		return m[1]
	}
	if got := cell("Hậu Giang"); got != mapColors[4] {
		t.Errorf("the largest count is %s, want the darkest %s", got, mapColors[4])
	}
	if got := cell("Cà Mau"); got != mapColors[0] {
		t.Errorf("a count of 1 is %s, want the lightest %s", got, mapColors[0])
	}
	if got := cell("Lai Châu"); got != noFigure {
		t.Errorf("a unit without a figure is %s, want grey", got)
	}
	for _, want := range []string{`href="/provinces/H%E1%BA%ADu%20Giang?level=old"`, "Hậu Giang: hơn 10.000 mô hình (2024-06)", "8.001–10.000", "chưa có số liệu", ">TTH<", ">Giang<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("map lacks %q", want)
		}
	}
	if n := strings.Count(string(provinceMap("current", nil)), `<a class="tile"`); n != 34 {
		t.Errorf("current map: %d cells, want 34", n)
	}
}

func TestTileLabel(t *testing.T) {
	for in, want := range map[string]string{"Hậu Giang": "Hậu|Giang", "Huế": "Huế", "Thừa Thiên Huế": "TTH", "Bà Rịa - Vũng Tàu": "BRVT", "TP Hồ Chí Minh": "HCM", "Đắk Lắk": "Đắk|Lắk"} {
		if got := strings.Join(tileLabel(in), "|"); got != want {
			t.Errorf("tileLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
