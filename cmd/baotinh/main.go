// Command baotinh collects Vietnamese provincial newspaper articles, pulls
// out the figures they report and makes both searchable.
package main

import (
	"os"

	"baotinh/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
