// Package score computes Alpha Scores: point-in-time factor scores from 0
// to 100 that blend momentum, value, quality and story sentiment, explain
// themselves, and can be evaluated against forward returns.
//
// The package is pure: it reads a [Panel] of plain in-memory columns and
// returns plain values. It does no I/O and never reads the clock; the date
// to score is always passed in. docs/methodology.md is the full recipe
// (every metric, window, lag, ranking rule, coverage rule and band) and
// the evaluation with its results.
//
// # Building a panel
//
// [NewPanel] takes the securities (symbol and GICS sector) and the trading
// calendar. Fill it with [Panel.SetClose] (split- and dividend-adjusted
// closes), [Panel.SetFacts] (market.Fact values with filing dates; they
// become one snapshot per filing date, so a score never sees a figure
// before it was filed) and [Panel.AddSentiment] (story scores in [-1, 1]),
// then [Panel.Seal]. Closes are stored day by day as float64 rows, with
// forward-filled gaps, a bitset of real bars, 252-day block maxima for the
// 52-week high and running decayed story sums, so one cross-section reads
// a few rows instead of a year of history. [Panel.AppendDay] adds a day to
// a sealed panel at a cost proportional to the number of securities.
// Adjusted price files restate old prices for later splits; use
// [RestateShareBasis] on each company's facts first so that share counts
// match them.
//
// # Scoring
//
// A [Scorer] scores one day ([Scorer.Score], [Scorer.ScoreDay]) or many in
// one call ([Scorer.History] over [Panel.MonthEnds]) into a [CrossSection]
// of columns; [CrossSection.Result] builds one security's [Result] with
// its signals, metrics, missing signals and explanation, which marshals
// to the `alphadesk score` JSON line. [BandOf] is the one band vocabulary
// every label and sentence uses. Two methods exist: [Alpha], the
// literature-based method, and [Thresholds], the seed site's fixed
// thresholds kept as the baseline.
//
// # Evaluating
//
// [Evaluate] rebalances at month-ends and reports, per method, the rank
// IC of the composite and each signal against forward returns, its
// t-statistic, the top-minus-bottom quintile return, turnover, coverage
// and the worst share of securities sharing one score.
//
// # Sentiment input
//
// Until the news pipeline stores story sentiment, [ParseSentiment] reads
// it from a CSV file of symbol,date,score lines.
package score
