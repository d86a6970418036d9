package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFindDateline(t *testing.T) {
	tests := []struct {
		line string
		want string
	}{
		{"Thứ Ba, ngày 24/09/2024 | 05:46", "2024-09-24T05:46:00+07:00"},
		{"Chủ Nhật, 21/7/2024", "2024-07-21"},
		{"2024-06-09 16:30:00 0 Bình luận", "2024-06-09T16:30:00+07:00"},
		{"23/07/2024 16:19", "2024-07-23T16:19:00+07:00"},
		{"Thứ Năm, ngày 24/10/2019 | 13:27", "2019-10-24T13:27:00+07:00"},
		{"08:09 13/05/2025", "2025-05-13T08:09:00+07:00"},
		{"07:00:21 17/06/2019", "2019-06-17T07:00:00+07:00"},
		{"Cập nhật: Thứ sáu, 16/2/2024 | 2:33:06 PM", "2024-02-16T14:33:00+07:00"},
		{"Cập nhật, 16:16, Thứ Năm, 13/02/2020 (GMT+7)", "2020-02-13T16:16:00+07:00"},
		{"19/11/2025 15:15 GMT+7", "2025-11-19T15:15:00+07:00"},
		{"ngày 3 tháng 3 năm 2017", "2017-03-03"},
		{"Thứ Năm, 26 tháng 9 năm 2024", "2024-09-26"},
		{"25 Tháng 9, 2024", "2024-09-25"},
		{"Cập nhật 08:15 ngày 3 tháng 3 năm 2017", "2017-03-03T08:15:00+07:00"},
		{"Trong 125 tháng 3, 2024 hay ngày 5 Tháng 3 năm 2024", "2024-03-05"},
		{"Đăng ngày: 07 Tháng 12, 2025 | 14:20", "2025-12-07T14:20:00+07:00"},
		{"24-10-2019", "2019-10-24"},
		{"2024-06-09T09:30:00Z", "2024-06-09T16:30:00+07:00"},
		{"2024-06-09T16:30:00+07:00", "2024-06-09T16:30:00+07:00"},
		{"Cập nhật lúc: 08:15 Chủ nhật, 10/03/2024", "2024-03-10T08:15:00+07:00"}, // "Chủ" is no CH (PM)
		{"Cập nhật lúc: 08:15 CH, 10/03/2024", "2024-03-10T20:15:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			d, ok := FindDateline(tt.line)
			if !ok {
				t.Fatalf("FindDateline(%q): no date", tt.line)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("FindDateline(%q) = %s, want %s", tt.line, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"31/02/2024", "Ban Chỉ đạo 441", "13/2024", "99/99/9999", ""} {
		if d, ok := FindDateline(bad); ok {
			t.Errorf("FindDateline(%q) = %s, want none", bad, d)
		}
	}
}

func TestFindPeriods(t *testing.T) {
	pub := Date{Time: time.Date(2024, 9, 24, 5, 46, 0, 0, Vietnam), Prec: PrecMinute}
	tests := []struct {
		text           string
		year           int
		span, asOf     string
		withoutPubNone bool
	}{
		{"Tính đến tháng 6/2024, toàn tỉnh có", 2024, "", "2024-06", false},
		{"Tính đến ngày 30/6/2024, toàn tỉnh có", 2024, "", "2024-06-30", false},
		{"Lũy kế đến 31/3/2025 có", 2025, "", "2025-03-31", false},
		{"đến hết 31/12/2023, các cấp", 2023, "", "2023-12-31", false},
		{"Tính đến 6/2024, toàn tỉnh có", 2024, "", "2024-06", false},
		{"tới 11/2022 có", 2022, "", "2022-11", false},
		{"Đến nay, toàn tỉnh có", 2024, "", "2024-09-24", true},
		{"năm 2023 có", 2023, "", "", false},
		{"6 tháng đầu năm 2024, có", 2024, "2024-01/2024-06", "2024-06", false},
		{"giai đoạn 2021 - 2025 có", 2025, "2021/2025", "", false},
		{"nhiệm kỳ 2020 - 2025,", 2025, "2020/2025", "", false},
		{"từ năm 2016 đến nay, các cấp", 2024, "2016/2024", "2024-09-24", false},
		{"giai đoạn 2020 – 2025.", 2025, "2020/2025", "", false},
		{"Quý I/2024, các xã", 2024, "2024-01/2024-03", "", false},
		{"trong quý 3 năm 2023, có", 2023, "2023-07/2023-09", "", false},
		{"quý IV-2022 toàn huyện", 2022, "2022-10/2022-12", "", false},
		{"trong 2 năm 2022 và 2023, huyện có", 2023, "2022/2023", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ps := FindPeriods(tt.text, pub)
			if len(ps) == 0 {
				t.Fatalf("FindPeriods(%q): none", tt.text)
			}
			p := ps[0]
			if p.Year != tt.year || p.Span != tt.span || p.AsOf != tt.asOf {
				t.Errorf("FindPeriods(%q) = %+v, want year %d span %q as_of %q", tt.text, p, tt.year, tt.span, tt.asOf)
			}
			if tt.withoutPubNone {
				if ps := FindPeriods(tt.text, Date{}); len(ps) != 0 {
					t.Errorf("without a publication date %q gave %+v", tt.text, ps)
				}
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-06-09": "2024-06-09", "2024-06": "2024-06", "2024": "2024", "24/09/2024": "2024-09-24",
		"2024-06-09T16:30:00+07:00": "2024-06-09T16:30:00+07:00",
	} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	if _, err := ParseDate("yesterday"); err == nil {
		t.Error("ParseDate(yesterday): no error")
	}
}

func FuzzFindDateline(f *testing.F) {
	for _, s := range []string{"Thứ Ba, ngày 24/09/2024 | 05:46", "2024-06-09 16:30:00", "ngày 3 tháng 3 năm 2017", "08:09 13/05/2025", "17-7-25 05:23:08"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := FindDateline(s)
		if ok && (d.Time.Year() < 1945 || d.Time.Year() > 2100) {
			t.Fatalf("FindDateline(%q) = %v", s, d)
		}
		FindPeriods(s, d)
	})
}

// A span found in a long sentence starts at its prefix, however far into
// the sentence, as when the whole window was searched.
func TestSpanStart(t *testing.T) {
	lead := strings.Repeat("các cấp ", 8)
	for _, tt := range []struct{ text, from string }{
		{lead + "nhiệm kỳ 2020 - 2025 có", "nhiệm kỳ"},
		{lead + "giai đoạn 2021-2025 có", "giai đoạn"},
		{lead + "thời kỳ 2015 đến năm 2020", "thời kỳ"},
		{lead + "từ năm   2016 - 2020", "từ năm"},
		{lead + "trong\n2019 tới 2020", "trong"},
		{lead + "kỳ  2021 – 2025", "  2021"},
	} {
		ps := FindPeriods(tt.text, Date{})
		want := strings.Index(tt.text, tt.from)
		if len(ps) == 0 || ps[0].Start != want {
			t.Errorf("FindPeriods(%q) = %+v, want a span from %d (%q)", tt.text, ps, want, tt.from)
		}
	}
}

// TestPeriodWordsAreRules: the words of time expressions come from the
// rules: a rules file adds one and the extractor dates by it; a bad entry
// is refused naming the key.
func TestPeriodWordsAreRules(t *testing.T) {
	dir := t.TempDir()
	load := func(body string) (*Rules, error) {
		f := filepath.Join(dir, "r.yaml")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return LoadRules(f)
	}
	text := "Hòa Bình: mô hình dân vận khéo\n25/11/2025 08:00\nTới thời điểm này, toàn tỉnh có 1.234 mô hình dân vận khéo trên các lĩnh vực."
	asOf := func(r *Rules) string {
		t.Helper()
		a, err := New(r).Text(text, Options{})
		if err != nil || len(a.Figures) != 1 {
			t.Fatalf("figures %+v, %v", a, err)
		}
		return a.Figures[0].AsOf
	}
	def, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	if got := asOf(def); got != "" {
		t.Fatalf("the embedded rules date %q by a phrase they lack", got)
	}
	r, err := load("periods:\n  up_to_now: [tới thời điểm này]\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := asOf(r); got != "2025-11-25" {
		t.Errorf("with the added phrase: as of %q, want the publication day 2025-11-25", got)
	}
	for body, want := range map[string]string{
		"periods:\n  half_counts: {mười ba: 13}\n": "half_counts",
		"periods:\n  yeer: năm\n":                  "yeer",
		"replace: [periods]\n":                     "year, month and day words are required",
	} {
		if _, err := load(body); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one naming %q", body, err, want)
		}
	}
}

// TestLabelWordsAreRules: the words around a label before a count come
// from the rules, written as fieldKey writes the label, and a rules file
// extends or replaces them.
func TestLabelWordsAreRules(t *testing.T) {
	def, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	w := newLabelWords(def.Labels)
	if !slices.Contains(w.fillers, "lĩnh vực ") || !slices.Contains(w.links, " có") || !slices.Contains(w.listLeads, "trong đó ") {
		t.Errorf("embedded label words %+v", w)
	}
	r := rulesFile(t, "replace: [labels]\nlabels:\n  links: [Chiếm]\n")
	if got := newLabelWords(r.Labels); len(got.fillers) != 0 || !slices.Equal(got.links, []string{" chiếm"}) {
		t.Errorf("replaced label words %+v", got)
	}
	x := New(r)
	if f, ok := x.labelField("Kinh tế chiếm", false); !ok || f != "economy" {
		t.Errorf("a label joined by the rules' link: %q %v", f, ok)
	}
	if f, ok := New(def).labelField("Kinh tế chiếm", false); ok {
		t.Errorf("the embedded rules join a label by a link they lack: %q", f)
	}
}

// TestFieldWordIsRules: the word a field's label opens with and its other
// spellings come from the rules ("lãnh vực" is read as "lĩnh vực"), and a
// rules file adds one ("mảng kinh tế có 40 mô hình").
func TestFieldWordIsRules(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := def.labels.key("Lãnh vực: Kinh tế - xã hội"); got != "lĩnh vực kinh tế xã hội" {
		t.Errorf("key of a label spelled lãnh vực = %q", got)
	}
	text := "Thứ Hai, ngày 14/10/2024 | 08:10\nNăm 2023, toàn tỉnh có 70 mô hình “Dân vận khéo”. Trong đó, mảng kinh tế có 40 mô hình; lãnh vực quốc phòng, an ninh có 30 mô hình."
	fields := func(x *Extractor) []string {
		a, err := x.Text(text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range a.Figures {
			out = append(out, fmt.Sprintf("%d %s", f.Value, f.Field))
		}
		return out
	}
	if got, want := fields(def), []string{"70 all", "40 all", "30 defense_security"}; !slices.Equal(got, want) {
		t.Errorf("embedded rules: %v, want %v", got, want)
	}
	r := rulesFile(t, "labels:\n  field: [mảng]\n")
	if got, want := fields(New(r)), []string{"70 all", "40 economy", "30 defense_security"}; !slices.Equal(got, want) {
		t.Errorf("with mảng as a spelling of the field word: %v, want %v", got, want)
	}
}

// TestListWordsAreRules: conjunctions, passive leads, lone numerals, year
// words and former marks come from the rules: each case reads a sentence
// with the embedded rules and with a rules file that changes one of them.
func TestListWordsAreRules(t *testing.T) {
	pub := "Thứ Hai, ngày 14/10/2024 | 08:10\n"
	figs := func(x *Extractor, text string) string {
		a, err := x.Text(pub+text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range a.Figures {
			out = append(out, fmt.Sprintf("%d %s %s", f.Value, f.Qualifier, f.Scope))
		}
		return strings.Join(out, "; ")
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, rules, text, embedded, changed string
	}{
		{"a lone numeral is no count", "replace: [lone_numerals]\nlone_numerals: [năm]\n",
			"Năm 2024, toàn xã có một mô hình “Dân vận khéo”.", "", "1  commune"},
		{"the passive lead", "replace: [passive_leads]\npassive_leads: [đã được]\n",
			"Năm 2024, toàn tỉnh có 58 mô hình “Dân vận khéo” được Ban Thường vụ Tỉnh ủy công nhận.", "58 other province", "58  province"},
		{"a year word", "periods:\n  year_words: [mùa]\n",
			"Toàn tỉnh có 40 mô hình “Dân vận khéo”, riêng mùa 2020 mô hình mới.", "40  province; 2020 other province", "40  province"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rulesFile(t, tc.rules)
			if got := figs(def, tc.text); got != tc.embedded {
				t.Errorf("embedded rules: %q, want %q", got, tc.embedded)
			}
			if got := figs(New(r), tc.text); got != tc.changed {
				t.Errorf("with %q: %q, want %q", tc.rules, got, tc.changed)
			}
		})
	}
	// former marks, after a blank or in parentheses
	for _, tc := range []struct {
		after string
		want  bool
	}{{" cũ", true}, {" (cũ) và", true}, {" Cũ,", true}, {"cũ", false}, {" cũng", false}, {" mới", false}} {
		if got := def.gaz.formerAfter(tc.after); got != tc.want {
			t.Errorf("formerAfter(%q) = %v, want %v", tc.after, got, tc.want)
		}
	}
}

// TestNotPlacesAreRules: "xã hội" names no commune because the rules say
// so; without the rule its "xã" is a (weak) commune cue.
func TestNotPlacesAreRules(t *testing.T) {
	s := "các mô hình trên lĩnh vực văn hóa - xã hội"
	kinds := func(x *Extractor) []string {
		d := &docCtx{s: s, from: 0, to: len(s), lows: newLowered(s), grammar: x.periods}
		var out []string
		for _, k := range x.cues(d, 0, len(s)) {
			out = append(out, k.kind)
		}
		return out
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(def); len(got) != 0 {
		t.Errorf("embedded rules: cues %v in %q, want none", got, s)
	}
	r := rulesFile(t, "replace: [not_places]\n")
	if got := kinds(New(r)); !slices.Equal(got, []string{"commune"}) {
		t.Errorf("without not_places: cues %v, want [commune]", got)
	}
}

// rulesFile loads the embedded rules extended by a rules file of the given
// YAML, written to a temporary folder.
func rulesFile(t *testing.T, yaml string) *Rules {
	t.Helper()
	f := filepath.Join(t.TempDir(), "r.yaml")
	if err := os.WriteFile(f, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadRules(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// FuzzDigitsSeparated holds the test run before reDMY to what it claims:
// every line reDMY matches passes it.
func FuzzDigitsSeparated(f *testing.F) {
	for _, s := range []string{"24/09/2024", "Thứ Ba, 3 - 4 - 2024", "ngày 1 .2. 25", "12-5\t-2023", "a.b-c/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if reDMY.MatchString(s) && !digitsSeparated(s) {
			t.Fatalf("reDMY matches %q, digitsSeparated says no", s)
		}
	})
}
