// Package extract finds the checkable parts of news text: words, sentences,
// direct quotations and who said them, figures (money, percentages, counts,
// dates, ranges) with their written precision, and tables.
//
// Drafts and sources go through the same functions, so a figure or quotation
// found in a draft is compared with figures and quotations found the same way
// in its sources. Every function is pure, takes a string and returns byte
// offsets into it; none of them panics on malformed text or invalid UTF-8.
package extract
