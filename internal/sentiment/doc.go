// Package sentiment scores the tone of financial news toward investors:
// sentences, documents (the story badge) and the companies they mention.
//
// It is a rule engine over a finance lexicon written for this project (the
// embedded lexicon.txt), not a statistical model, so every score comes with
// the cues that decided it ("operating profit rose", "not: missed",
// "operating profit 13.1M vs 8.7M"). The rule families are direction words
// with the figure they move, comparisons of two figures, swings into a
// profit or a loss, analyst ratings, words that are news by themselves,
// negation and its scope, hedges and concessions, and finance vocabulary
// that is neutral ("liability", "tax", "cost of goods sold"). See rules.go
// for how they combine and docs/sentiment.md for measured quality.
//
// The package is pure: no I/O, no clock, no globals beyond constant tables.
// A Model is immutable and safe for concurrent use.
package sentiment
