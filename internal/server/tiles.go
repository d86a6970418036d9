package server

import (
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"baotinh/extract"
)

//go:embed web/tiles.yaml
var tilesYAML []byte

// tileGrid is a tile-grid map: each unit's [column, row].
type tileGrid map[string][2]int

// tileMaps holds the map of the 63 old units ("old") and of the 34 current
// ones ("current"), from web/tiles.yaml.
var tileMaps = func() map[string]tileGrid {
	var m map[string]tileGrid
	if err := yaml.Unmarshal(tilesYAML, &m); err != nil {
		panic(fmt.Sprintf("web/tiles.yaml: %v", err))
	}
	return m
}()

// mapColors are five steps of the dashboard's red, lightest first; units
// without a figure are grey.
var mapColors = []string{"#f6dcdc", "#e9a9a9", "#d46f6f", "#b33b3b", "#7d1414"}

const noFigure = "#e3e5e8"

// figureOf is what the map shows of one unit: its latest count, as the text
// stated it, and the period it holds for.
type figureOf struct {
	Value  int64
	Stated string
	AsOf   string
}

// provinceMap draws the tile grid of a level (old or current) as inline
// SVG (the page's content security policy allows no inline styles, and SVG
// needs none): each unit a square at its place, coloured by its latest
// province-wide count in five steps of equal width from zero to the
// largest, a link to the unit's page, with the legend beside it.
func provinceMap(level string, figs map[string]figureOf) template.HTML {
	const cell, gap, legendW = 40.0, 4.0, 230.0
	grid := tileMaps[level]
	maxV := int64(0)
	for _, f := range figs {
		maxV = max(maxV, f.Value)
	}
	step := int64(math.Ceil(float64(maxV) / float64(len(mapColors))))
	units := make([]string, 0, len(grid))
	cols, rows := 0, 0
	for u, pos := range grid {
		units = append(units, u)
		cols, rows = max(cols, pos[0]+1), max(rows, pos[1]+1)
	}
	sort.Strings(units)
	w := float64(cols)*(cell+gap) + legendW
	h := max(float64(rows)*(cell+gap), 200)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="map" class="tilemap" data-level="%s" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" role="img" aria-label="bản đồ các tỉnh">`, level, w, h, w)
	for _, u := range units {
		pos := grid[u]
		x, y := float64(pos[0])*(cell+gap), float64(pos[1])*(cell+gap)
		color, ink, tip := noFigure, "#1d2430", u+": chưa có số liệu"
		if f, ok := figs[u]; ok && step > 0 {
			i := max(min(int((f.Value-1)/step), len(mapColors)-1), 0)
			color = mapColors[i]
			if i >= 2 {
				ink = "#fff"
			}
			tip = u + ": " + f.Stated + " mô hình"
			if f.AsOf != "" {
				tip += " (" + f.AsOf + ")"
			}
		}
		fmt.Fprintf(&b, `<a class="tile" data-unit="%s" href="/provinces/%s?level=%s"><rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" rx="3" fill="%s"/>`,
			template.HTMLEscapeString(u), url.PathEscape(u), level, x, y, cell, cell, color)
		lines := tileLabel(u)
		for i, l := range lines {
			ly := y + cell/2 + 3.5 + (float64(i)-float64(len(lines)-1)/2)*11
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="9" font-weight="600" text-anchor="middle" fill="%s">%s</text>`, x+cell/2, ly, ink, template.HTMLEscapeString(l))
		}
		fmt.Fprintf(&b, `<title>%s</title></a>`, template.HTMLEscapeString(tip))
	}
	lx := float64(cols)*(cell+gap) + 16
	type entry struct{ color, label string }
	var legend []entry
	if step > 0 {
		for i, c := range mapColors {
			legend = append(legend, entry{c, extract.FormatVN(int64(i)*step+1) + "–" + extract.FormatVN(int64(i+1)*step)})
		}
	}
	legend = append(legend, entry{noFigure, "chưa có số liệu"})
	for i, e := range legend {
		y := 8 + float64(i)*22
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="14" height="14" rx="2" fill="%s" stroke="#0002"/><text x="%.0f" y="%.0f" font-size="12">%s</text>`, lx, y, e.color, lx+22, y+11, template.HTMLEscapeString(e.label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// tileLabel is the label of a unit's cell: its name on two lines when it
// has two words ("Hậu" / "Giang"), else its initials ("TTH" for Thừa
// Thiên Huế, "BRVT" for Bà Rịa - Vũng Tàu, "HCM" for TP Hồ Chí Minh).
func tileLabel(unit string) []string {
	words := strings.FieldsFunc(strings.TrimPrefix(unit, "TP "), func(r rune) bool { return r == ' ' || r == '-' })
	if len(words) <= 2 {
		return words
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(strings.ToUpper(string([]rune(w)[0])))
	}
	return []string{b.String()}
}
