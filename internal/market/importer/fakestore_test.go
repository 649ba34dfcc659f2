package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"alphadesk/internal/market"
	"alphadesk/internal/store"
)

// fakeStore is an in-memory store.Store. Import stages writes and keeps
// them only when fn returns nil, so tests can check that a refused file
// left nothing behind. It records every Put call, committed or not.
//
// It implements what Load and these tests call; the embedded nil
// interface makes any other method panic, and keeps the fake compiling as
// the Store interface grows.
type fakeStore struct {
	store.Store
	mu        sync.Mutex
	secs      map[string]market.Security
	bars      map[string]market.Bar // key: symbol|date
	facts     map[string]market.Fact
	imports   []store.ImportRecord
	puts      int // Put calls, including rolled-back ones
	commits   int
	rollbacks int
}

func newFakeStore(secs ...market.Security) *fakeStore {
	s := &fakeStore{secs: map[string]market.Security{}, bars: map[string]market.Bar{}, facts: map[string]market.Fact{}}
	for _, sec := range secs {
		s.secs[sec.Symbol] = sec
	}
	return s
}

func barKey(b market.Bar) string { return b.Symbol + "|" + b.Date.Format(market.DateLayout) }

func factKeyString(f market.Fact) string {
	return strings.Join([]string{f.Symbol, string(f.Metric), f.PeriodStart.Format(market.DateLayout),
		f.PeriodEnd.Format(market.DateLayout), f.Filed.Format(market.DateLayout), f.Source}, "|")
}

func (s *fakeStore) Securities(_ context.Context, _ store.SecurityFilter) ([]market.Security, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []market.Security
	for _, sec := range s.secs {
		out = append(out, sec)
	}
	slices.SortFunc(out, func(a, b market.Security) int { return strings.Compare(a.Symbol, b.Symbol) })
	return out, nil
}

func (s *fakeStore) Symbols(context.Context) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]bool{}
	for sym := range s.secs {
		out[sym] = true
	}
	return out, nil
}

func (s *fakeStore) Bars(_ context.Context, symbol string, _, _ time.Time) ([]market.Bar, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []market.Bar
	for _, b := range s.bars {
		if b.Symbol == symbol {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b market.Bar) int { return a.Date.Compare(b.Date) })
	return out, nil
}

func (s *fakeStore) Facts(_ context.Context, symbol string, _ time.Time) ([]market.Fact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []market.Fact
	for _, f := range s.facts {
		if f.Symbol == symbol {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b market.Fact) int { return strings.Compare(factKeyString(a), factKeyString(b)) })
	return out, nil
}

func (s *fakeStore) Imports(context.Context, int) ([]store.ImportRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.imports), nil
}

// Import runs fn against a staging transaction and applies the staged
// writes only when fn succeeds.
func (s *fakeStore) Import(ctx context.Context, fn func(tx store.ImportTx) error) error {
	tx := &fakeTx{s: s}
	if err := fn(tx); err != nil {
		s.mu.Lock()
		s.rollbacks++
		s.mu.Unlock()
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sec := range tx.secs {
		if cur, ok := s.secs[sec.Symbol]; ok {
			sec = cur.Merge(sec)
		}
		s.secs[sec.Symbol] = sec
	}
	for _, b := range tx.bars {
		s.bars[barKey(b)] = b
	}
	for _, f := range tx.facts {
		s.facts[factKeyString(f)] = f
	}
	s.imports = append(s.imports, tx.imports...)
	s.commits++
	return nil
}

// counts returns the committed securities, bars, facts and imports.
func (s *fakeStore) counts() (secs, bars, facts, imports int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.secs), len(s.bars), len(s.facts), len(s.imports)
}

type fakeTx struct {
	s       *fakeStore
	secs    []market.Security
	bars    []market.Bar
	facts   []market.Fact
	imports []store.ImportRecord
}

func (tx *fakeTx) put() {
	tx.s.mu.Lock()
	tx.s.puts++
	tx.s.mu.Unlock()
}

// known reports whether sym exists, committed or staged.
func (tx *fakeTx) known(sym string) bool {
	tx.s.mu.Lock()
	_, ok := tx.s.secs[sym]
	tx.s.mu.Unlock()
	return ok || slices.ContainsFunc(tx.secs, func(s market.Security) bool { return s.Symbol == sym })
}

func (tx *fakeTx) PutSecurities(_ context.Context, secs []market.Security) error {
	tx.put()
	for _, s := range secs {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	tx.secs = append(tx.secs, secs...)
	return nil
}

func (tx *fakeTx) PutBars(_ context.Context, bars []market.Bar) error {
	tx.put()
	for _, b := range bars {
		if !tx.known(b.Symbol) {
			return fmt.Errorf("bar for %s: %w", b.Symbol, store.ErrNotFound)
		}
		if err := b.Validate(); err != nil {
			return err
		}
	}
	tx.bars = append(tx.bars, bars...)
	return nil
}

func (tx *fakeTx) PutFacts(_ context.Context, facts []market.Fact) error {
	tx.put()
	for _, f := range facts {
		if !tx.known(f.Symbol) {
			return fmt.Errorf("fact for %s: %w", f.Symbol, store.ErrNotFound)
		}
		if err := f.Validate(); err != nil {
			return err
		}
	}
	tx.facts = append(tx.facts, facts...)
	return nil
}

func (tx *fakeTx) LogImport(_ context.Context, rec store.ImportRecord) error {
	tx.imports = append(tx.imports, rec)
	return nil
}
