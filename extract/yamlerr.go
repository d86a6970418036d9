package extract

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	reYAMLType  = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+) `(.*)` into (.+)$")
	reYAMLField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type .+$`)
)

// yamlTypeWords say in words what a value of a Go type is written as.
var yamlTypeWords = map[string]string{
	"int": "a whole number", "int64": "a whole number", "float64": "a number", "bool": "true or false",
	"string": "a text", "time.Duration": "a duration such as 30s, 2m or 1h", "[]string": "a list of texts",
}

// DescribeYAML rewrites the errors of decoding the YAML file name for the
// person who wrote it: "name:3: max_pages: `abc` is not a whole number"
// rather than "cannot unmarshal !!str `abc` into int". Other errors are
// returned as they are, with the name.
func DescribeYAML(name string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("%s: %w", name, err)
	}
	var lines []string
	for _, e := range te.Errors {
		if m := reYAMLType.FindStringSubmatch(e); m != nil {
			want, ok := yamlTypeWords[m[4]]
			if !ok {
				want = "of another kind"
				if strings.HasPrefix(m[4], "[]") {
					want = "a list"
				} else if strings.HasPrefix(m[4], "map[") || strings.Contains(m[4], ".") {
					want = "a mapping (key: value lines)"
				}
			}
			lines = append(lines, fmt.Sprintf("%s:%s: `%s` is not %s", name, m[1], m[3], want))
			continue
		}
		if m := reYAMLField.FindStringSubmatch(e); m != nil {
			lines = append(lines, fmt.Sprintf("%s:%s: unknown key %q", name, m[1], m[2]))
			continue
		}
		lines = append(lines, name+": "+e)
	}
	return errors.New(strings.Join(lines, "\n"))
}
