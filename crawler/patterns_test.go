package crawler

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"baotinh/extract"
)

// TestArticlePatternsOnRealURLs: the embedded sources' article patterns
// recognise the real article URLs of their sites in ../shared/pages (older
// schemes, subdomains, shapes with a trailing id), skipping where that file
// is absent as on a user's clone (issue 16.5).
func TestArticlePatternsOnRealURLs(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "pages", "article-urls.txt"))
	if err != nil {
		t.Skip("no ../shared/pages/article-urls.txt")
	}
	defer f.Close()
	x, _ := extract.Default()
	cfg, err := DefaultConfig(x.Gazetteer())
	if err != nil {
		t.Fatal(err)
	}
	total, matched := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		u := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(u, "http") {
			continue
		}
		for i := range cfg.Sources {
			src := &cfg.Sources[i]
			if _, own := src.onOwnHost(u); !own {
				continue
			}
			total++
			if src.IsArticle(u) {
				matched++
			} else {
				t.Logf("%s: %s not recognised", src.ID, u)
			}
		}
	}
	t.Logf("%d of %d real article URLs of configured sites recognised", matched, total)
	if total == 0 || matched < total-1 {
		t.Errorf("%d of %d real article URLs recognised, want all but one at most", matched, total)
	}
}

func TestOnOwnHost(t *testing.T) {
	src := Source{URL: "https://www.baoquangbinh.vn/"}
	for _, c := range []struct{ in, want string }{
		{"https://beta.baoquangbinh.vn/a/1.html", "https://www.baoquangbinh.vn/a/1.html"},
		{"http://baoquangbinh.vn/a/1.html?x=1", "https://www.baoquangbinh.vn/a/1.html?x=1"},
		{"https://notbaoquangbinh.vn/a/1.html", ""},
		{"https://example.vn/a", ""},
	} {
		got, ok := src.onOwnHost(c.in)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("onOwnHost(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
