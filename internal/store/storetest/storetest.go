// Package storetest gives tests a fresh, empty store location for every
// backend that runs on this machine: a SQLite file always, and a new
// PostgreSQL database when BAOTINH_TEST_POSTGRES names a server (an admin
// URL such as postgres://baotinh@127.0.0.1:5432/postgres; `.ci/run` starts
// one). Without it the PostgreSQL cases skip and say why.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Env names the variable holding the PostgreSQL server's admin URL.
const Env = "BAOTINH_TEST_POSTGRES"

// Backend is a kind of store and how to make an empty one.
type Backend struct {
	Name string
	New  func(t testing.TB) string // an empty store location, removed after the test
}

// Backends are the store kinds: SQLite, then PostgreSQL.
func Backends() []Backend {
	return []Backend{{"sqlite", SQLite}, {"postgres", Postgres}}
}

// SQLite returns the path of a new SQLite file in the test's directory.
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "baotinh.db")
}

// Postgres creates an empty database on the test server and returns its
// URL; the database is dropped when the test ends. The test skips when no
// server is configured and fails when one is configured but unreachable.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(Env)
	if admin == "" {
		t.Skip("PostgreSQL: " + Env + " is not set (.ci/run starts a server and sets it)")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := make([]byte, 6)
	rand.Read(b)
	name := "baotinh_test_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("PostgreSQL at %s: create database: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	u.Path = "/" + name
	return u.String()
}

// Each runs f as a subtest on an empty store of every backend.
func Each(t *testing.T, f func(t *testing.T, loc string)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { f(t, b.New(t)) })
	}
}
