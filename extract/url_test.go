package extract

import "testing"

func TestURLDate(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://danviet.vn/quan-x-lan-toa-20221016105515128.htm", "2022-10-16"},
		{"http://baohagiang.vn/kinh-te/202103/dan-van-kheo-773236/", "2021-03"},
		{"https://example.vn/2019/06/17/tin-a.html", "2019-06-17"},
		{"https://example.vn/2019/06/tin-a.html", "2019-06"},
		{"https://example.vn/tin-a-d20150202101010.html", "2015-02-02"},
		{"https://example.vn/tin/2023-10-20/tin-a", "2023-10-20"},
		{"https://example.vn/tin-a-202313011010.htm", ""}, // month 13
		{"https://example.vn/tin-a-3142753.html", ""},
		{"https://example.vn/tin-a-196240413125948706.htm", "2024-04-13"}, // an id, then yyMMddHHmmss and milliseconds
		{"https://example.vn/tin-a-18826030622484142.chn", "2026-03-06"},
		{"https://example.vn/tin-a-185251319143548261.htm", ""}, // month 19
		{"https://example.vn/tin-a-185251119253548261.htm", ""}, // hour 25: an id, not a time
		{"https://example.vn/tin-a-1575273449782.htm", ""},      // milliseconds since 1970 are not read
		{"https://example.vn/a-2024-b", ""},
		{"seeds/20221016105515128.txt", ""}, // a file's path is no URL
		{"", ""},
	} {
		if got := URLDate(c.url).String(); got != c.want {
			t.Errorf("URLDate(%q) = %q, want %q", c.url, got, c.want)
		}
	}
}

func TestHostProvince(t *testing.T) {
	x, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	g := x.Gazetteer()
	for _, c := range []struct{ url, want string }{
		{"https://baobacgiang.com.vn/a.html", "Bắc Giang"},
		{"https://www.baoangiang.com.vn/a.html", "An Giang"},
		{"https://tuyengiao.hungyen.dcs.vn/a", "Hưng Yên"},
		{"http://viettri.phutho.gov.vn/a", "Phú Thọ"},
		{"https://backancity.gov.vn/a", "Bắc Kạn"},
		{"https://baobariavungtau.com.vn/a", "Bà Rịa - Vũng Tàu"},
		{"http://baotn.vn/a", "Thái Nguyên"},         // from the rules' table
		{"https://baoapbac.vn/a.html", "Tiền Giang"}, // a paper named for another thing than its province
		{"https://www.thvl.vn/a", "Vĩnh Long"},
		{"https://hoinongdankhanhhoa.org.vn/a", "Khánh Hòa"},
		{"https://vietnamnet.vn/a", ""},
		{"https://nld.com.vn/thai-binh-a.htm", ""},
		{"file:///tmp/baoangiang.txt", ""},
	} {
		got := ""
		if p, ok := g.hostProvince(c.url); ok {
			got = g.Province(p).Name
		}
		if got != c.want {
			t.Errorf("hostProvince(%q) = %q, want %q", c.url, got, c.want)
		}
	}
	if p, ok := g.slugProvince("http://www.example.com/Phong-trao-o-Son-Duong-Tuyen-Quang/c/4278490.epi"); !ok || g.Province(p).Name != "Tuyên Quang" {
		t.Errorf("slugProvince: %v %v", p, ok)
	}
}
