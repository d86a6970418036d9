package store

import (
	"context"
	"database/sql"
	"fmt"
)

// stmtTx is a transaction that prepares each statement once: a batch runs
// the same dozen statements hundreds of times.
// Statements are written with ? placeholders and rebound for PostgreSQL.
type stmtTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
	bind  func(string) string // the store's placeholders
}

func newStmtTx(tx *sql.Tx, bind func(string) string) *stmtTx {
	return &stmtTx{Tx: tx, stmts: map[string]*sql.Stmt{}, bind: bind}
}

func (t *stmtTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := t.stmts[q]; ok {
		return s, nil
	}
	s, err := t.Tx.PrepareContext(ctx, t.bind(q))
	if err != nil {
		return nil, err
	}
	t.stmts[q] = s
	return s, nil
}

func (t *stmtTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (t *stmtTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (t *stmtTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	s, err := t.stmt(ctx, q)
	if err != nil {
		return t.Tx.QueryRowContext(ctx, q, args...) // reports the error on Scan
	}
	return s.QueryRowContext(ctx, args...)
}

// changed adds one to the store's generation, in the transaction that
// changes what a search finds.
func (t *stmtTx) changed(ctx context.Context) error {
	if _, err := t.ExecContext(ctx, `UPDATE store_generation SET n = n + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("store generation: %w", err)
	}
	return nil
}

func (t *stmtTx) close() {
	for _, s := range t.stmts {
		s.Close()
	}
}
