// Package tagger finds the companies a news text refers to, with the
// evidence for each: the spans of text that name the company or write its
// ticker, each with a confidence.
//
// A Tagger is built once from a universe of securities (New) and then tags
// any number of texts (Tag), concurrently if wanted. It is a pure engine: no
// I/O, no clock, no globals; plain values in, plain values out.
//
// # How it works
//
// The text is split once into tokens (runs of letters and digits), each
// case-folded and looked up in one hash table that holds every word of every
// name form, every ticker, and the context words. Names are matched on a
// trie of token sequences, longest match first, so "Bank of America" wins
// over "America" and "Amazon.com, Inc." over "Amazon". There is no regular
// expression per name: tagging costs one pass over the text whatever the
// size of the universe.
//
// The pass is built for speed (scan.go): ASCII text is read eight bytes at
// a time, and a token's end, shape, folded bytes and hash come from a few
// word-wide operations; the table's slots hold what matching needs first
// (a token's kind and its context flags), and small Bloom filters turn away
// most words that are in no list and most capitalised words that continue
// no name, so that common tokens cost no trip to the larger tables.
//
// Name forms come from each security's curated name and aliases and from
// its legal name: whole ("Target Corp"), without legal suffixes ("Inc",
// "Corp", "plc", "/DE/"), and without descriptors ("Holdings",
// "Technologies", ".com"). SEC-style upper-case names are matched case-
// insensitively but must start with a capital in the text; mixed-case names
// keep their acronyms ("AT&T" must be written in capitals). Forms that are
// reporting-period labels ("Q2" from "Q2 Holdings") or abbreviations are
// never used, funds' names are not matched, and a form two companies claim
// with equal authority is dropped.
//
// A form that is one everyday English word ("Apple", "Target", "Shell",
// "Visa", "Amazon", "Ford") needs corroboration: another, unambiguous
// mention of the same company, a legal suffix, its ticker, a possessive, or
// company words nearby (shares, CEO, revenue, quarter …); and words that make
// it the everyday word ("price Target", "Amazon rainforest", "Delta
// variant", "a Shell company") veto it. A form made only of everyday words
// ("General Motors") needs ordinary prose around it, or the same support,
// when it stands in a title-case or all-caps line.
//
// Tickers count when written as tickers: a cashtag ("$F"), an exchange form
// ("(NYSE: F)", "NASDAQ:AMZN", Reuters "<AMZN.O>"), a parenthesis right
// after the company's name ("Ford (F)"), or an all-caps token of two or more
// letters that is not an English word, abbreviation, finance term or period
// label and does not stand in all-caps text. "AS", "HAS", "IT", "ON" and
// single letters count only in the strong forms.
//
// Confidence combines the best mention of each kind of evidence; salience
// ranks tags by headline and lead mentions, mention count and the position
// of the first mention. docs/tagging.md has the thresholds and the measured
// precision, recall and speed.
package tagger
