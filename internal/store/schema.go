package store

import (
	"context"
	"database/sql"

	"baotinh/extract"
)

// migration is one engine's part of a step.
type migration func(ctx context.Context, tx *sql.Tx) error

// step is one change of the schema, written for each engine side by side,
// nil where an engine needs nothing. Steps run in order, each in its own
// transaction; an engine's schema version is the number of its steps run
// (SQLite's user_version, PostgreSQL's baotinh_schema). The histories
// differ in the first seven steps: SQLite came first and grew in five,
// PostgreSQL began with what SQLite had by then (and two more indexes,
// which the seventh step gives SQLite). TestSchemaParity compares the
// tables, columns and indexes the two end up with.
type step struct {
	sqlite, postgres migration
}

// steps is the schema's history; add new steps at the end, for both.
var steps = []step{
	// The first schema. PostgreSQL began with the tables SQLite had by its
	// fifth step; text that is sorted or grouped is in the "C" collation
	// there, the order of SQLite's whatever the locale, so both stores
	// list and export alike.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE sources (
					id TEXT PRIMARY KEY,
					name TEXT NOT NULL DEFAULT '',
					province TEXT NOT NULL DEFAULT '',
					url TEXT NOT NULL DEFAULT '',
					last_run INTEGER,
					next_run INTEGER,
					last_error TEXT NOT NULL DEFAULT '',
					last_success INTEGER,
					pages INTEGER NOT NULL DEFAULT 0,
					articles_new INTEGER NOT NULL DEFAULT 0,
					errors INTEGER NOT NULL DEFAULT 0
				)`,
				`CREATE TABLE documents (
					id INTEGER PRIMARY KEY,
					source_id TEXT NOT NULL DEFAULT '',
					url TEXT NOT NULL,
					canonical_url TEXT NOT NULL UNIQUE,
					content_type TEXT NOT NULL,
					charset TEXT NOT NULL DEFAULT '',
					fetched_at INTEGER NOT NULL,
					sha256 TEXT NOT NULL,
					size INTEGER NOT NULL,
					raw BLOB NOT NULL
				)`,
				`CREATE INDEX documents_sha256 ON documents(sha256)`,
				`CREATE TABLE aliases (
					canonical_url TEXT PRIMARY KEY,
					document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
				)`,
				`CREATE TABLE articles (
					id INTEGER PRIMARY KEY,
					document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
					source_id TEXT NOT NULL DEFAULT '',
					url TEXT NOT NULL,
					title TEXT NOT NULL,
					published TEXT NOT NULL,
					published_at INTEGER,
					province TEXT NOT NULL,
					province_now TEXT NOT NULL,
					body TEXT NOT NULL,
					extractor_version TEXT NOT NULL,
					simhash INTEGER NOT NULL,
					duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,
					updated_at INTEGER NOT NULL
				)`,
				`CREATE INDEX articles_published ON articles(published_at)`,
				`CREATE INDEX articles_province ON articles(province)`,
				`CREATE INDEX articles_province_now ON articles(province_now)`,
				`CREATE INDEX articles_source ON articles(source_id)`,
				`CREATE INDEX articles_version ON articles(extractor_version)`,
				`CREATE TABLE figures (
					id INTEGER PRIMARY KEY,
					article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					metric TEXT NOT NULL,
					field TEXT NOT NULL,
					value INTEGER NOT NULL,
					approx TEXT NOT NULL,
					qualifier TEXT NOT NULL,
					scope TEXT NOT NULL,
					year INTEGER,
					period TEXT NOT NULL,
					as_of TEXT NOT NULL,
					evidence TEXT NOT NULL,
					start INTEGER NOT NULL,
					end_ INTEGER NOT NULL
				)`,
				`CREATE INDEX figures_article ON figures(article_id)`,
				`CREATE INDEX figures_field ON figures(field)`,
				`CREATE TABLE warnings (
					id INTEGER PRIMARY KEY,
					article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					kind TEXT NOT NULL,
					message TEXT NOT NULL,
					total INTEGER NOT NULL,
					sum INTEGER NOT NULL,
					start INTEGER NOT NULL,
					end_ INTEGER NOT NULL
				)`,
				`CREATE INDEX warnings_article ON warnings(article_id)`,
				`CREATE TABLE simhash_bands (
					band INTEGER NOT NULL,
					value INTEGER NOT NULL,
					article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					PRIMARY KEY (band, value, article_id)
				) WITHOUT ROWID`,
				`CREATE INDEX simhash_bands_article ON simhash_bands(article_id)`,
				// Title and body as written and folded (no diacritics, đ → d): the
				// folded columns find "dang bo" in "Đảng bộ", the exact ones rank
				// the same spelling higher. Contentless: the text lives in articles.
				`CREATE VIRTUAL TABLE article_fts USING fts5(
					title, body, title_fold, body_fold,
					content='', contentless_delete=1,
					tokenize='unicode61 remove_diacritics 0'
				)`,
				// What the Meilisearch index has not acknowledged yet.
				`CREATE TABLE outbox (
					id INTEGER PRIMARY KEY,
					article_id INTEGER NOT NULL,
					op TEXT NOT NULL,
					created_at INTEGER NOT NULL
				)`,
				// Where a resumable job (reprocess) got to.
				`CREATE TABLE jobs (
					name TEXT PRIMARY KEY,
					state TEXT NOT NULL,
					updated_at INTEGER NOT NULL
				)`,
			)
		},
		postgres: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				// unaccent folds diacritics and đ; the configuration maps every
				// word through it, then lower-cases (simple)
				`CREATE EXTENSION IF NOT EXISTS unaccent`,
				`CREATE TEXT SEARCH CONFIGURATION baotinh (COPY = simple)`,
				`ALTER TEXT SEARCH CONFIGURATION baotinh ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_part, hword_asciipart, hword_numpart WITH unaccent, simple`,
				`CREATE TABLE sources (
					id TEXT COLLATE "C" PRIMARY KEY,
					name TEXT NOT NULL DEFAULT '',
					province TEXT COLLATE "C" NOT NULL DEFAULT '',
					url TEXT NOT NULL DEFAULT '',
					last_run BIGINT,
					next_run BIGINT,
					last_error TEXT NOT NULL DEFAULT '',
					last_success BIGINT,
					pages BIGINT NOT NULL DEFAULT 0,
					articles_new BIGINT NOT NULL DEFAULT 0,
					errors BIGINT NOT NULL DEFAULT 0
				)`,
				`CREATE TABLE documents (
					id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
					source_id TEXT COLLATE "C" NOT NULL DEFAULT '',
					url TEXT NOT NULL,
					canonical_url TEXT NOT NULL UNIQUE,
					content_type TEXT NOT NULL,
					charset TEXT NOT NULL DEFAULT '',
					fetched_at BIGINT NOT NULL,
					sha256 TEXT NOT NULL,
					size BIGINT NOT NULL,
					raw BYTEA NOT NULL
				)`,
				`CREATE INDEX documents_sha256 ON documents(sha256)`,
				`CREATE TABLE aliases (
					canonical_url TEXT PRIMARY KEY,
					document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
				)`,
				`CREATE TABLE articles (
					id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
					document_id BIGINT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
					source_id TEXT COLLATE "C" NOT NULL DEFAULT '',
					url TEXT NOT NULL,
					title TEXT NOT NULL,
					published TEXT COLLATE "C" NOT NULL,
					published_at BIGINT,
					province TEXT COLLATE "C" NOT NULL,
					province_now TEXT COLLATE "C" NOT NULL,
					body TEXT NOT NULL,
					extractor_version TEXT NOT NULL,
					simhash BIGINT NOT NULL,
					duplicate_of BIGINT REFERENCES articles(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
					updated_at BIGINT NOT NULL
				)`,
				`CREATE INDEX articles_published ON articles(published_at)`,
				`CREATE INDEX articles_province ON articles(province)`,
				`CREATE INDEX articles_province_now ON articles(province_now)`,
				`CREATE INDEX articles_source ON articles(source_id)`,
				`CREATE INDEX articles_version ON articles(extractor_version)`,
				`CREATE INDEX articles_duplicate ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL`,
				`CREATE TABLE article_meta (
					id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
					province TEXT COLLATE "C" NOT NULL,
					province_now TEXT COLLATE "C" NOT NULL,
					source_id TEXT COLLATE "C" NOT NULL,
					month TEXT COLLATE "C" NOT NULL,
					published_at BIGINT
				)`,
				`CREATE INDEX article_meta_published ON article_meta(published_at)`,
				`CREATE TABLE figures (
					id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
					article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					metric TEXT COLLATE "C" NOT NULL,
					field TEXT COLLATE "C" NOT NULL,
					value BIGINT NOT NULL,
					approx TEXT COLLATE "C" NOT NULL,
					qualifier TEXT COLLATE "C" NOT NULL,
					scope TEXT COLLATE "C" NOT NULL,
					year INTEGER,
					period TEXT COLLATE "C" NOT NULL,
					as_of TEXT COLLATE "C" NOT NULL,
					evidence TEXT NOT NULL,
					start BIGINT NOT NULL,
					end_ BIGINT NOT NULL
				)`,
				`CREATE INDEX figures_article ON figures(article_id)`,
				`CREATE INDEX figures_field ON figures(field)`,
				`CREATE TABLE warnings (
					id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
					article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					kind TEXT NOT NULL,
					message TEXT NOT NULL,
					total BIGINT NOT NULL,
					sum BIGINT NOT NULL,
					start BIGINT NOT NULL,
					end_ BIGINT NOT NULL
				)`,
				`CREATE INDEX warnings_article ON warnings(article_id)`,
				`CREATE TABLE simhash_bands (
					band SMALLINT NOT NULL,
					value INTEGER NOT NULL,
					article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					simhash BIGINT NOT NULL,
					PRIMARY KEY (band, value, article_id)
				)`,
				`CREATE INDEX simhash_bands_article ON simhash_bands(article_id)`,
				// the full-text index: one tsvector per article, title weighted A
				`CREATE TABLE article_fts (
					id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
					tsv TSVECTOR NOT NULL
				)`,
				`CREATE INDEX article_fts_tsv ON article_fts USING gin(tsv)`,
				`CREATE TABLE outbox (
					id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
					article_id BIGINT NOT NULL,
					op TEXT NOT NULL,
					created_at BIGINT NOT NULL
				)`,
				`CREATE TABLE jobs (
					name TEXT PRIMARY KEY,
					state TEXT NOT NULL,
					updated_at BIGINT NOT NULL
				)`,
				`CREATE TABLE http_cache (
					url TEXT PRIMARY KEY,
					etag TEXT NOT NULL DEFAULT '',
					last_modified TEXT NOT NULL DEFAULT '',
					updated_at BIGINT NOT NULL
				)`,
			)
		},
	},
	// A narrow copy of what filters and facets read, so counting 100,000
	// matches does not page through their bodies.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE article_meta (
					id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
					province TEXT NOT NULL,
					province_now TEXT NOT NULL,
					source_id TEXT NOT NULL,
					month TEXT NOT NULL,
					published_at INTEGER
				)`,
				`INSERT INTO article_meta(id, province, province_now, source_id, month, published_at)
					SELECT id, province, province_now, source_id, substr(published, 1, 7), published_at FROM articles`,
			)
		},
		postgres: nil,
	},
	// Validators of feeds, sitemaps and listing pages for conditional GET.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE http_cache (
					url TEXT PRIMARY KEY,
					etag TEXT NOT NULL DEFAULT '',
					last_modified TEXT NOT NULL DEFAULT '',
					updated_at INTEGER NOT NULL
				)`,
			)
		},
		postgres: nil,
	},
	// The index keeps the folded text only: the exact spelling is checked
	// on the few articles re-ranked, so indexing it again cost half the
	// ingest for nothing. Rebuilt here from the stored articles.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			if err := execAll(ctx, tx, `DROP TABLE article_fts`,
				`CREATE VIRTUAL TABLE article_fts USING fts5(
					title_fold, body_fold,
					content='', contentless_delete=1,
					tokenize='unicode61 remove_diacritics 0'
				)`); err != nil {
				return err
			}
			rows, err := tx.QueryContext(ctx, `SELECT id, title, body FROM articles`)
			if err != nil {
				return err
			}
			type art struct {
				id          int64
				title, body string
			}
			var all []art
			for rows.Next() {
				var a art
				if err := rows.Scan(&a.id, &a.title, &a.body); err != nil {
					rows.Close()
					return err
				}
				all = append(all, a)
			}
			rows.Close()
			for _, a := range all {
				if _, err := tx.ExecContext(ctx, `INSERT INTO article_fts(rowid, title_fold, body_fold) VALUES(?,?,?)`, a.id, extract.Fold(a.title), extract.Fold(a.body)); err != nil {
					return err
				}
			}
			return nil
		},
		postgres: nil,
	},
	// SimHash bands carry the hash, so finding near-duplicates reads one
	// narrow B-tree instead of joining the articles' wide rows.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE simhash_bands2 (
					band INTEGER NOT NULL,
					value INTEGER NOT NULL,
					article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
					simhash INTEGER NOT NULL,
					PRIMARY KEY (band, value, article_id)
				) WITHOUT ROWID`,
				`INSERT INTO simhash_bands2(band, value, article_id, simhash)
					SELECT b.band, b.value, b.article_id, a.simhash FROM simhash_bands b JOIN articles a ON a.id = b.article_id`,
				`DROP TABLE simhash_bands`,
				`ALTER TABLE simhash_bands2 RENAME TO simhash_bands`,
				`CREATE INDEX simhash_bands_article ON simhash_bands(article_id)`,
			)
		},
		postgres: nil,
	},
	// The words of each article without their positions, a third of the
	// size: totals and facets of a query without phrases read this table
	// (counting a word found in all of 100,000 articles: 183 → 96 ms).
	{
		sqlite: nil,
		postgres: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE article_words (
					id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
					w TSVECTOR NOT NULL
				)`,
				`INSERT INTO article_words(id, w) SELECT id, strip(tsv) FROM article_fts`,
				`CREATE INDEX article_words_w ON article_words USING gin(w)`,
			)
		},
	},
	// The two indexes PostgreSQL had from its first step and SQLite
	// lacked (found by TestSchemaParity): the near-duplicates of an
	// article, and filters by publication time over the narrow copy.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE INDEX articles_duplicate ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL`,
				`CREATE INDEX article_meta_published ON article_meta(published_at)`,
			)
		},
		postgres: nil,
	},
	// The generation of what is stored: every transaction that writes
	// articles or the index adds one, so a cache of search results knows
	// when it went stale, whichever process wrote.
	{
		sqlite: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE store_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`,
				`INSERT INTO store_generation(id, n) VALUES (1, 0)`,
			)
		},
		postgres: func(ctx context.Context, tx *sql.Tx) error {
			return execAll(ctx, tx,
				`CREATE TABLE store_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL)`,
				`INSERT INTO store_generation(id, n) VALUES (1, 0)`,
			)
		},
	},
	// The fields an article has figures of, as bits of its meta row
	// (index.FieldMask): a field filter tests the row it reads anyway.
	{
		sqlite:   addFieldMask,
		postgres: addFieldMask,
	},
	// SQLite's index keeps each article's filtered columns as words of a
	// column of their own (index.Tags), so that a filter is part of the
	// full-text match. Rebuilt here from the stored articles.
	{
		sqlite:   addIndexTags,
		postgres: nil,
	},
	// SQLite's index merges eight segments of a level at a time, not four:
	// the single writer's merge work was its largest part. bench --n
	// 100000: ingest 1,245 → 1,341 articles/s in a pair of runs, 0.43× →
	// 0.49× of the bare FTS5 insert; search p99 30–45 ms.
	{
		sqlite:   ftsAutomerge,
		postgres: nil,
	},
	// Raw pages are kept compressed where that shrinks them (raw.go says
	// how); the rows already stored stay as they were, raw_encoding ''.
	{
		sqlite:   addRawEncoding,
		postgres: addRawEncoding,
	},
	// Listings (filters, no query words: the dashboard's "newest of X")
	// read their page, count and facet sample in publication order from
	// indexes: one province's rows by (province, published_at), the rest by
	// publication with what the filters and facets read in the index
	// itself. A province's listing read 60,000 meta rows of 100,000 twice
	// per request, a date range's facet sample sorted the whole range
	// (bench --n 100000: listings p50 28-34, p99 63-76 ms, the slowest
	// class). PostgreSQL gets the same indexes (its listings plan their
	// own way; the two schemas stay alike).
	{
		sqlite:   listingIndexes,
		postgres: listingIndexes,
	},
}

func listingIndexes(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		`CREATE INDEX article_meta_province ON article_meta(province, published_at)`,
		`DROP INDEX article_meta_published`,
		`CREATE INDEX article_meta_published ON article_meta(published_at, fields, province, province_now, source_id, month)`)
}

func addRawEncoding(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `ALTER TABLE documents ADD COLUMN raw_encoding TEXT NOT NULL DEFAULT ''`)
	return err
}

// ftsAutomerge sets FTS5's automerge to 8, kept in the index's own config.
func ftsAutomerge(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO article_fts(article_fts, rank) VALUES('automerge', 8)`)
	return err
}

// addIndexTags rebuilds SQLite's full-text index with the tags column.
func addIndexTags(ctx context.Context, tx *sql.Tx) error {
	if err := execAll(ctx, tx, `DROP TABLE article_fts`,
		`CREATE VIRTUAL TABLE article_fts USING fts5(
			title_fold, body_fold, tags,
			content='', contentless_delete=1,
			tokenize='unicode61 remove_diacritics 0'
		)`); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO article_fts(rowid, title_fold, body_fold, tags) VALUES(?,?,?,?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for after := int64(0); ; {
		batch, err := indexSources(ctx, tx.QueryContext, after, 1000)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, a := range batch {
			if _, err := ins.ExecContext(ctx, a.id, extract.Fold(a.title), extract.Fold(a.body), a.t.tags()); err != nil {
				return err
			}
		}
		after = batch[len(batch)-1].id
	}
}

// fillFieldMask sets article_meta.fields from the figures: the sum of the
// distinct bits (index.FieldMask's) is their union.
const fillFieldMask = `UPDATE article_meta SET fields = coalesce((SELECT sum(DISTINCT CASE field WHEN 'all' THEN 1 WHEN 'economy' THEN 2
	WHEN 'culture_society' THEN 4 WHEN 'defense_security' THEN 8 WHEN 'political_system' THEN 16 WHEN 'other' THEN 32 ELSE 0 END)
	FROM figures WHERE figures.article_id = article_meta.id), 0)`

// addFieldMask adds article_meta.fields and fills it from the figures.
func addFieldMask(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx, `ALTER TABLE article_meta ADD COLUMN fields INTEGER NOT NULL DEFAULT 0`, fillFieldMask)
}

// migrations are one engine's steps, in order.
func migrations(postgres bool) []migration {
	var out []migration
	for _, s := range steps {
		m := s.sqlite
		if postgres {
			m = s.postgres
		}
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}
