package extract

import "fmt"

// labels are the Vietnamese names of the codes a figure and a warning
// carry, for people (pages, tables); JSON and CSV keep the codes.
var labels = map[string]map[string]string{
	"field": {"all": "Tổng", "economy": "Kinh tế", "culture_society": "Văn hóa – xã hội", "defense_security": "Quốc phòng – an ninh",
		"political_system": "Xây dựng Đảng, hệ thống chính trị", "other": "Lĩnh vực khác"},
	"scope": {"province": "Toàn tỉnh", "district": "Cấp huyện", "commune": "Cấp xã", "organization": "Một cơ quan, đơn vị", "unknown": "Chưa rõ"},
	"qualifier": {"": "", "collective": "Tập thể", "individual": "Cá nhân", "replicated": "Nhân rộng", "named": "Được công nhận",
		"delta": "Tăng thêm", "other": "Một phần (tiêu biểu, hiệu quả…)"},
	"approx": {"": "", "over": "hơn", "nearly": "gần", "about": "khoảng"},
	"metric": {"models": "mô hình"},
	"warning": {"breakdown_sum": "Các phần cộng lại không khớp tổng", "figure_budget": "Trang có quá nhiều số liệu, chỉ đọc một phần",
		"invalid_utf8": "Trang có byte không hợp lệ", "selectors_missed": "Bộ chọn của nguồn không khớp trang",
		WarnShortBody: "Nội dung bài quá ngắn"},
}

// Label is the Vietnamese name of code in kind (field, scope, qualifier,
// approx, metric, warning); the code itself when it has none.
func Label(kind, code string) string {
	if l, ok := labels[kind][code]; ok {
		return l
	}
	return code
}

// Stated writes a value as the text states it, approximation included:
// "hơn 12.000".
func Stated(approx string, value int64) string {
	if a := Label("approx", approx); a != "" {
		return fmt.Sprintf("%s %s", a, FormatVN(value))
	}
	return FormatVN(value)
}
