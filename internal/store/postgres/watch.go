package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// listenData subscribes a connection to DataChannel.
const listenData = "LISTEN " + DataChannel

// WatchDataVersion calls fn with the data version every committed write
// announces on DataChannel, from any process, until ctx ends; then it
// returns ctx's error. It holds one dedicated connection that LISTENs, and
// when that connection fails it reconnects with a growing pause (up to
// maxPause) and reports the failure to onError (which may be nil). After
// each (re)connection it reads the current version and calls fn with it,
// so a write committed while it was disconnected is not missed.
//
// Web nodes use it to drop their rendered pages the moment another node or
// a worker writes, instead of polling the version.
func (db *DB) WatchDataVersion(ctx context.Context, fn func(version int64), onError func(error)) error {
	const minPause, maxPause = 100 * time.Millisecond, 5 * time.Second
	pause := minPause
	for {
		err := db.watchOnce(ctx, fn, func() { pause = minPause })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if onError != nil {
			onError(fmt.Errorf("watch data version on %s: %w (reconnecting in %s)", db.name, err, pause))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, maxPause)
	}
}

// watchOnce listens on one connection until it fails or ctx ends.
func (db *DB) watchOnce(ctx context.Context, fn func(int64), connected func()) error {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, listenData); err != nil {
		return err
	}
	// Listening first, then reading, leaves no gap: a write committed
	// between the two is both read here and announced below.
	v, err := db.DataVersion(ctx)
	if err != nil {
		return err
	}
	connected()
	fn(v)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		v, err := strconv.ParseInt(n.Payload, 10, 64)
		if err != nil {
			continue // not ours: the channel carries decimal versions only
		}
		fn(v)
	}
}
