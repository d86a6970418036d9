package extract

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestDescribeYAML: type errors and unknown keys are said in words with
// the file and line, never as Go types.
func TestDescribeYAML(t *testing.T) {
	type conf struct {
		Pages int           `yaml:"pages"`
		Delay time.Duration `yaml:"delay"`
		Words []string      `yaml:"words"`
		On    bool          `yaml:"on"`
	}
	for _, tc := range []struct{ in, want string }{
		{"pages: abc\n", "f.yaml:1: `abc` is not a whole number"},
		{"pages: 1\ndelay: 5 minutes\n", "f.yaml:2: `5 minutes` is not a duration such as 30s, 2m or 1h"},
		{"words: 5\n", "f.yaml:1: `5` is not a list of texts"},
		{"on: maybe\n", "f.yaml:1: `maybe` is not true or false"},
		{"pages: 1\nfieldz: 2\n", `f.yaml:2: unknown key "fieldz"`},
	} {
		dec := yaml.NewDecoder(bytes.NewReader([]byte(tc.in)))
		dec.KnownFields(true)
		var c conf
		err := DescribeYAML("f.yaml", dec.Decode(&c))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %s", tc.in, err, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), "unmarshal") || strings.Contains(err.Error(), "time.Duration")) {
			t.Errorf("%q: Go's words in %v", tc.in, err)
		}
	}
	if err := DescribeYAML("f.yaml", yaml.Unmarshal([]byte("a: [\n"), new(map[string]any))); err == nil || !strings.HasPrefix(err.Error(), "f.yaml: ") {
		t.Errorf("a syntax error: %v", err)
	}
}
