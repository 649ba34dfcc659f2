// Package feed brings news into alphadesk from named sources: it reads the
// source list, fetches feeds and article pages politely and safely, parses
// RSS 2.0, Atom, JSON Feed, SEC EDGAR filing feeds and local folders into one
// plain Item type, reduces article pages to their main text, and sanitises any
// HTML kept for display.
//
// Everything that reaches the network goes through a Fetcher, which applies
// the limits documented in docs/sources.md: a timeout, a redirect limit, a
// size cap counted after decompression, conditional GET, a minimum delay
// between requests to the same host, exponential backoff per source after
// errors, and a guard that refuses private, loopback, link-local, multicast
// and unspecified addresses at connection time unless the source is marked
// local.
//
// Feeds are untrusted input. Parse caps the number of items per fetch,
// refuses documents that declare XML entities, repairs or reports wrong
// encodings, drops duplicate GUIDs within a feed, stamps items without a
// date with the fetch time (and flags them), and returns every failure as a
// *SourceError naming the source, so one bad source never hides another.
//
// The parsing and extraction functions are pure (bytes and a fetch time in,
// values out); only Fetcher and ReadFolder do I/O, and they take a context.
package feed
