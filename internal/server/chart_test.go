package server

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"baotinh/extract"
)

func TestPeriodTime(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024", "2024-01-01", true},
		{"2024-07", "2024-07-01", true},
		{"2024-07-15", "2024-07-15", true},
		{"2024-W01", "2024-01-01", true}, // 1 January 2024 was a Monday
		{"2021-W01", "2021-01-04", true}, // 4 January is always in week 1
		{"2020-W53", "2020-12-28", true},
		{"2024-W60", "", false},
		{"07/2024", "", false},
		{"", "", false},
	} {
		got, ok := periodTime(c.in)
		if ok != c.ok || ok && got.Format("2006-01-02") != c.want {
			t.Errorf("periodTime(%q) = %s %v, want %s %v", c.in, got.Format("2006-01-02"), ok, c.want, c.ok)
		}
		if ok && got.Location() != extract.Vietnam {
			t.Errorf("periodTime(%q) in %s, want Asia/Ho_Chi_Minh", c.in, got.Location())
		}
	}
}

func TestTimeTicks(t *testing.T) {
	day := func(s string) time.Time { v, _ := time.ParseInLocation("2006-01-02", s, extract.Vietnam); return v }
	for _, c := range []struct {
		from, to string
		want     string
	}{
		{"2024-01-01", "2024-06-01", "01/2024 02/2024 03/2024 04/2024 05/2024 06/2024"},
		{"2024-01-15", "2024-12-01", "03/2024 05/2024 07/2024 09/2024 11/2024"},
		{"2019-01-01", "2025-12-01", "2019 2020 2021 2022 2023 2024 2025"},
		{"2005-03-01", "2025-12-01", "2010 2015 2020 2025"},
		{"2024-03-10", "2024-03-20", "03/2024"},
	} {
		var got []string
		for _, tk := range timeTicks(day(c.from), day(c.to)) {
			got = append(got, tk.label)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("ticks %s…%s = %q, want %q", c.from, c.to, strings.Join(got, " "), c.want)
		}
		if len(got) > 10 {
			t.Errorf("ticks %s…%s: %d labels", c.from, c.to, len(got))
		}
	}
}

// TestTimeChartIsATimeAxis: points stand at their dates, so a gap of
// five years is wider than one of a month, and the chart says each
// point's period and value.
func TestTimeChartIsATimeAxis(t *testing.T) {
	at := func(p string) time.Time { v, _ := periodTime(p); return v }
	svg := string(timeChart([]series{{name: "số bài", pts: []point{
		{t: at("2019-01"), v: 3, label: "2019-01"},
		{t: at("2019-02"), v: 5, label: "2019-02"},
		{t: at("2024-02"), v: 1200, label: "2024-02", conflict: true},
	}}}, "số bài", false))
	cx := regexp.MustCompile(`<circle class="pt" data-series="0" cx="([\d.]+)"`).FindAllStringSubmatch(svg, -1)
	if len(cx) != 3 {
		t.Fatalf("%d points drawn, want 3: %s", len(cx), svg)
	}
	x := func(i int) float64 { v, _ := strconv.ParseFloat(cx[i][1], 64); return v }
	if month, years := x(1)-x(0), x(2)-x(1); month <= 0 || years < 50*month {
		t.Errorf("a month is %.1f wide and five years %.1f: not a time axis", month, years)
	}
	for _, want := range []string{"số bài 2024-02: 1.200 (các nguồn không khớp)", ">2019<", ">2024<", `fill="#fff" stroke="#c00"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if got := timeChart(nil, "x", false); got != "" {
		t.Errorf("an empty chart draws %q", got)
	}
	share := string(timeChart([]series{{name: "a", pts: []point{{t: at("2024-01"), v: 0.125, label: "2024-01"}}}}, "tỉ lệ", true))
	if !strings.Contains(share, "a 2024-01: 12.5 %") {
		t.Errorf("a share is not drawn as a percentage: %s", share)
	}
}

func TestMarkedEvidence(t *testing.T) {
	for _, c := range []struct {
		text   string
		values []int64
		want   string
	}{
		{"có 292 mô hình, trong đó 29 mô hình tập thể", []int64{29}, "có 292 mô hình, trong đó <mark>29</mark> mô hình tập thể"},
		{"có 1.290 mô hình và 290 tập thể", []int64{290}, "có 1.290 mô hình và <mark>290</mark> tập thể"},
		{"toàn tỉnh có 11.679 mô hình; 2.821 kinh tế", []int64{2821, 11679}, "toàn tỉnh có <mark>11.679</mark> mô hình; <mark>2.821</mark> kinh tế"},
		{"mỗi huyện 12 mô hình, tổng 12 mô hình", []int64{12, 12}, "mỗi huyện <mark>12</mark> mô hình, tổng <mark>12</mark> mô hình"},
		{"<b>5</b> mô hình", []int64{5}, "&lt;b&gt;<mark>5</mark>&lt;/b&gt; mô hình"},
		{"không có số", []int64{7}, "không có số"},
	} {
		if got := string(markedEvidence(c.text, c.values...)); got != c.want {
			t.Errorf("markedEvidence(%q, %v) = %q, want %q", c.text, c.values, got, c.want)
		}
	}
}

// TestEvidenceBlocks: an article's figures stated by one sentence are one
// block, the sentence once with every number marked.
func TestEvidenceBlocks(t *testing.T) {
	s1 := "Năm 2025, toàn huyện có 531 mô hình, trong đó 239 mô hình tập thể và 292 mô hình cá nhân."
	s2 := "Toàn tỉnh có 1.200 mô hình."
	blocks := evidenceBlocks([]extract.Figure{{Value: 531, Evidence: s1}, {Value: 239, Evidence: s1}, {Value: 292, Evidence: s1}, {Value: 1200, Evidence: s2}})
	if len(blocks) != 2 || len(blocks[0].Figures) != 3 || len(blocks[1].Figures) != 1 {
		t.Fatalf("blocks %+v", blocks)
	}
	if got := string(blocks[0].Evidence); strings.Count(got, "<mark>") != 3 || !strings.Contains(got, "<mark>239</mark>") {
		t.Errorf("first block %q", got)
	}
}

func TestVNTime(t *testing.T) {
	for in, want := range map[string]string{"2024-08-20T12:26:00+07:00": "20/08/2024 12:26", "2024-08-20T05:26:00Z": "20/08/2024 12:26", "2024-08-20": "20/08/2024", "": ""} {
		if got := vnTime(in); got != want {
			t.Errorf("vnTime(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVNPeriod(t *testing.T) {
	for in, want := range map[string]string{"2024-06": "tháng 6/2024", "2024-06-30": "30/6/2024", "2024": "2024", "": ""} {
		if got := vnPeriod(in); got != want {
			t.Errorf("vnPeriod(%q) = %q, want %q", in, got, want)
		}
	}
}
