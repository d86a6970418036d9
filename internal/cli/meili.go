package cli

import "os"

// meiliConfigured reports whether Meilisearch is the search backend.
func meiliConfigured() bool { return os.Getenv("MEILI_URL") != "" }
