// Package dedupe decides when two news items are the same story. It is pure:
// strings and numbers in, strings and numbers out, no I/O, no clock.
//
// Three levels, from exact to fuzzy:
//
//   - ItemKey identifies one item of one source (its GUID, else its
//     normalised URL), so that re-reading a feed never stores an item twice.
//   - NormalizeURL and URLKey make the links two sources give for the same
//     page compare equal (case, default ports, fragments, tracking
//     parameters, trailing slashes, parameter order).
//   - SimHash gives a 64-bit fingerprint of a text's word 3-shingles, and
//     Distance counts the bits two fingerprints differ in. Copies of one
//     wire story syndicated by several outlets (with their own headlines,
//     boilerplate, light edits or trimmed endings) land within Threshold
//     bits of each other; different stories, even on the same company and
//     in the same template, land far apart. The threshold is chosen by
//     TestThresholdSeparatesSyndicatedCopies on the pairs in
//     testdata/syndication.
//
// Index finds, among many stories, one whose fingerprint is within the
// threshold of a new one without comparing against all of them
// (multi-index hashing), and Detector combines the URL and text checks.
package dedupe
