package server

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"baotinh/extract"
)

// point is one value of a chart at its time: what hovering it says and
// where a click on it goes.
type point struct {
	t        time.Time
	v        float64
	label    string // the period as the data names it
	href     string
	conflict bool // drawn hollow and red: the sources disagree
}

// series is one line of a chart.
type series struct {
	name string
	pts  []point // in time order
}

// periodTime reads a period as coverage and facts name it ("2024",
// "2024-07", "2024-W30", "2024-07-15") as the time it starts, in Vietnam.
func periodTime(p string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(p) == len(layout) {
			if t, err := time.ParseInLocation(layout, p, extract.Vietnam); err == nil {
				return t, true
			}
		}
	}
	var y, w int
	if _, err := fmt.Sscanf(p, "%d-W%d", &y, &w); err == nil && w >= 1 && w <= 53 {
		// the Monday of ISO week w: 4 January is always in week 1
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, extract.Vietnam)
		return jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(w-1)), true
	}
	return time.Time{}, false
}

// chart geometry: width, plot height, left and bottom margins, top margin
const chartW, chartH, chartL, chartB, chartT, chartR = 760.0, 220.0, 56.0, 30.0, 12.0, 16.0

var palette = []string{"#8b1a1a", "#1f6fb2", "#2e8b57", "#c77c02", "#6a3d9a"}

// timeChart draws lines over a true time axis as inline SVG (no script,
// works offline): a gap of five years is wider than one of a month, and
// the axis is labelled by months or years, whichever keeps the labels
// apart. share draws the values as percentages.
func timeChart(lines []series, unit string, share bool) template.HTML {
	var t0, t1 time.Time
	maxY := 0.0
	n := 0
	for _, l := range lines {
		for _, p := range l.pts {
			if n == 0 || p.t.Before(t0) {
				t0 = p.t
			}
			if n == 0 || p.t.After(t1) {
				t1 = p.t
			}
			maxY = math.Max(maxY, p.v)
			n++
		}
	}
	if n == 0 {
		return ""
	}
	if maxY == 0 {
		maxY = 1
	}
	plotW := chartW - chartL - chartR
	x := func(t time.Time) float64 {
		if !t1.After(t0) {
			return chartL + plotW/2
		}
		return chartL + plotW*float64(t.Sub(t0))/float64(t1.Sub(t0))
	}
	y := func(v float64) float64 { return chartT + (chartH-chartT-chartB)*(1-v/maxY) }
	value := func(v float64) string {
		if share {
			return strconv.FormatFloat(100*v, 'f', 1, 64) + " %"
		}
		return extract.FormatVN(int64(math.Round(v)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, chartW, chartH+20*float64(len(lines)), template.HTMLEscapeString(unit))
	// the y axis: zero, half and the top, with light grid lines
	for _, f := range []float64{0, 0.5, 1} {
		yy := y(maxY * f)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s"/>`, chartL, yy, chartW-chartR, yy, map[bool]string{true: "#999", false: "#e3e5e8"}[f == 0])
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="11" text-anchor="end">%s</text>`, chartL-6, yy+4, value(maxY*f))
	}
	for _, tk := range timeTicks(t0, t1) {
		xx := x(tk.t)
		anchor := "middle"
		if xx < chartL+24 {
			anchor = "start"
		} else if xx > chartW-chartR-24 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#999"/>`, xx, chartH-chartB, xx, chartH-chartB+4)
		fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.0f" font-size="10" text-anchor="%s">%s</text>`, xx, chartH-chartB+15, anchor, tk.label)
	}
	for li, l := range lines {
		color := palette[li%len(palette)]
		var path []string
		for _, p := range l.pts {
			path = append(path, fmt.Sprintf("%.1f,%.1f", x(p.t), y(p.v)))
		}
		if len(path) > 1 {
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.8" points="%s"/>`, color, strings.Join(path, " "))
		}
		for _, p := range l.pts {
			fill, stroke := color, color
			if p.conflict {
				fill, stroke = "#fff", "#c00"
			}
			circle := fmt.Sprintf(`<circle class="pt" data-series="%d" cx="%.1f" cy="%.1f" r="3" fill="%s" stroke="%s" stroke-width="1.5"><title>%s %s: %s%s</title></circle>`,
				li, x(p.t), y(p.v), fill, stroke, template.HTMLEscapeString(l.name), template.HTMLEscapeString(p.label), value(p.v), map[bool]string{true: " (các nguồn không khớp)"}[p.conflict])
			if p.href != "" {
				circle = `<a href="` + template.HTMLEscapeString(p.href) + `">` + circle + `</a>`
			}
			b.WriteString(circle)
		}
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="10" height="10" fill="%s"/><text class="legend" x="%.0f" y="%.0f" font-size="12">%s</text>`,
			chartL, chartH+float64(li)*20, color, chartL+16, chartH+float64(li)*20+9, template.HTMLEscapeString(l.name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

type tick struct {
	t     time.Time
	label string
}

// timeTicks labels the axis from t0 to t1 by whole months or years, with
// the smallest step that keeps at most eight labels.
func timeTicks(t0, t1 time.Time) []tick {
	months := (t1.Year()-t0.Year())*12 + int(t1.Month()-t0.Month())
	if months <= 0 {
		return []tick{{t0, t0.Format("01/2006")}}
	}
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240} {
		step = s
		if months/s < 8 {
			break
		}
	}
	start := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, extract.Vietnam)
	if step >= 12 {
		start = time.Date(t0.Year(), 1, 1, 0, 0, 0, 0, extract.Vietnam)
	} else if m := (int(start.Month()) - 1) % step; m != 0 {
		start = start.AddDate(0, step-m, 0)
	}
	if start.Before(t0) {
		start = start.AddDate(0, step, 0)
	}
	var out []tick
	for t := start; !t.After(t1); t = t.AddDate(0, step, 0) {
		label := t.Format("01/2006")
		if step >= 12 {
			label = t.Format("2006")
		}
		out = append(out, tick{t, label})
	}
	return out
}
