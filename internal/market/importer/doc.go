// Package importer reads real market-data files into alphadesk's domain
// types and loads them into a store.
//
// [Parse] streams the records of one file format to a [Sink]; it does no
// I/O of its own beyond reading and knows nothing of the store. [Load]
// opens a file, detects its format ([Detect]), and writes its records in
// batches inside one store transaction, refusing the whole file when it has
// too many bad rows. Every format reads gzip transparently (recognised by
// its magic bytes, not its name), drops a UTF-8 byte-order mark, refuses
// rows with invalid UTF-8 in a text field, accepts numbers only as plain
// decimals with an optional exponent (never NaN or Inf), and accepts only
// dates that exist in the calendar (years 1800–2199).
//
// # Securities
//
//   - sec-tickers-exchange: the SEC's company_tickers_exchange.json. The
//     exchange ("Nasdaq", "NYSE", "CBOE", "OTC") goes through
//     market.ParseExchange; a venue alphadesk does not know ("NYS", null)
//     leaves the exchange empty rather than losing the security.
//   - sec-tickers: the SEC's company_tickers.json, read as a token stream.
//   - sp500-constituents, nyse-securities: S&P 500 lists with GICS sector
//     and sub-industry; older sector names ("Telecommunications Services")
//     map through market.ParseSector. Their "Security" column is an
//     editor's common name and becomes Security.Name, without a share-class
//     qualifier ("Alphabet Inc. (Class A)" is "Alphabet Inc.").
//   - nasdaqlisted, otherlisted: the Nasdaq Trader symbol directories. Test
//     issues are skipped and counted; ETF=Y sets Security.ETF. The issue
//     description is cut from the security name to leave the issuer's
//     legal name ("Apple Inc. - Common Stock" is "Apple Inc."), except for
//     funds, whose whole name is the legal name.
//
// # Prices
//
// Bars carry the format's Source ("stooq", "kaggle-sp500-5yr") and must pass
// market.Bar.Validate: positive prices, low ≤ open, close ≤ high.
//
//   - stooq-long: ticker,date,open,high,low,close,volume, many tickers in
//     one table (the Kaggle "Huge Stock Market Dataset" subset).
//   - kaggle-5yr: date,open,high,low,close,volume,Name. A few rows lack
//     open, high or low. Such a bar is kept, not refused: a missing open is
//     taken to be the close, a missing high the larger and a missing low the
//     smaller of open and close. The close, which factors use, is real, and
//     the bar stays consistent. A missing close makes the row bad.
//   - stooq-daily: one symbol's Date,Open,High,Low,Close,Volume[,OpenInt];
//     the symbol comes from Options.Symbol or the file name ("aapl_us_d.csv",
//     "brk-b.us.txt"). Volumes may be fractional.
//   - stooq-bulk: <TICKER>,<PER>,<DATE>,<TIME>,… with YYYYMMDD dates; rows
//     whose period is not D (daily) are skipped and counted.
//   - stooq-quote: the one-row latest-quote CSV; an "N/D" row is bad.
//
// The price parsers split lines by hand rather than with encoding/csv, and
// parse dates without time.Parse: the 1.05-million-row gzipped Stooq file
// parses in about 0.6 s. The files they read never quote fields.
//
// # Fundamentals
//
//   - kaggle-fundamentals: the Kaggle NYSE fundamentals.csv, one row per
//     company and fiscal year. The file has no filing dates, so Filed is the
//     period end plus [ReportingLag] (90 days) and FiledEstimated is set.
//     The period starts a year before it ends (plus a day); the fiscal year
//     is the "For Year" column when it is within a year of the period end,
//     else the period end's year. total_debt is Long-Term Debt plus
//     Short-Term Debt / Current Portion of Long-Term Debt; eps_diluted is
//     the file's only EPS column, "Earnings Per Share", which does not say
//     whether it is diluted. The file writes cash outflows as negative
//     numbers; capex (and dividends_paid, when a variant of the file has a
//     "Dividends Paid" column) is stored as a positive outflow, the value
//     negated. A row is kept or refused whole.
//   - sec-companyfacts: the SEC's XBRL companyfacts JSON. Each metric has
//     us-gaap (or dei) tags in priority order, some summed: total debt is
//     LongTermDebt, which includes its current portion, plus commercial
//     paper, or else its noncurrent and current parts. Only 10-K, 10-Q,
//     20-F and 40-F filings (and amendments) count. Flows must span a
//     quarter or a year, so six- and nine-month year-to-date values are
//     dropped, as are values whose period ends after their filing
//     (dividends declared ahead). Every value keeps its own filing date
//     (point in time); when several tags give a metric for the same period
//     on the same filing date, the highest-priority tag alone is kept. The
//     SEC's fy/fp label the filing, not the value, so a 10-K's prior-year
//     comparatives would carry the new year; the value's own fiscal year
//     and period are derived from the distance between its end and the
//     filing's period end. The document names a CIK but no ticker: the
//     symbol comes from Options.Symbol or Options.CIKSymbol (Load builds the
//     latter from the securities master), else the file is refused.
//
// # Bad rows
//
// A bad row is skipped and reported as a [RowError] ("file:line: reason";
// JSON formats count records instead of lines). Load also treats as bad a
// row repeating an earlier row's key, and a bar or fact whose symbol is not
// in the securities master; unknown symbols are reported once each. When
// more than Options.MaxBad (default 1%, rounded down) of a file's rows are
// bad, Load imports nothing: a file under 100 rows is refused for a single
// bad row, a million-bar file may lose up to 10,000. Problems with the file
// as a whole — a wrong header, a truncated gzip stream, a read error —
// import nothing either.
package importer
