// Package browsertest proves the reader site and the editor console work in a
// real browser. Its tests build the alphadesk binary, load the demo into a
// fresh database, seed a story made of XSS vectors and a held story through
// the newsroom Service, start `alphadesk serve` on a free loopback port, and
// drive Debian's headless Chromium with chromedp: the reader flows (front
// page, article, stock page, correction report), the editor flow (log in,
// approve a held story, see it published), screenshots at desktop and phone
// widths, and the XSS check (no dialog, exception or console error may fire,
// and every page carries a strict Content-Security-Policy).
//
// The package holds no production code: everything lives in its tests.
//
// Environment:
//   - ALPHADESK_CHROMIUM: the browser to run (default /usr/bin/chromium, then
//     chromium or chromium-browser on PATH).
//   - ALPHADESK_REQUIRE_BROWSER=1: a missing browser fails the tests instead
//     of skipping them (set in CI).
//   - ALPHADESK_TEST_OUTPUT: the folder for screenshots (default a temporary
//     folder that the tests log).
package browsertest
