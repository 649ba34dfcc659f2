package score

import (
	"math"
	"strconv"
)

// Band is the word that qualifies a 0–100 score. There is one band
// vocabulary for the Alpha Score and for every signal, and every label and
// sentence alphadesk writes takes its word from [BandOf], so a number and
// the word next to it can never disagree.
type Band uint8

// The bands, from worst to best. NoBand marks an absent score.
const (
	NoBand Band = iota
	Poor
	Weak
	Moderate
	Strong
	Excellent
)

// bandFloors holds the lowest whole score of each band: 0–29 Poor, 30–49
// Weak, 50–69 Moderate, 70–84 Strong, 85–100 Excellent.
var bandFloors = [...]struct {
	floor int
	band  Band
}{{85, Excellent}, {70, Strong}, {50, Moderate}, {30, Weak}, {0, Poor}}

var bandNames = [...]string{NoBand: "", Poor: "Poor", Weak: "Weak", Moderate: "Moderate", Strong: "Strong", Excellent: "Excellent"}
var bandWords = [...]string{NoBand: "", Poor: "poor", Weak: "weak", Moderate: "moderate", Strong: "strong", Excellent: "excellent"}

// Whole is the whole number a reader sees for a score: the score rounded
// half away from zero. Bands are defined on whole numbers, so a score of
// 84.6 shows as 85 and is Excellent. A NaN score gives -1.
func Whole(score float64) int {
	if math.IsNaN(score) {
		return -1
	}
	return int(math.Round(score))
}

// BandOf returns the band of a score by its whole number ([Whole]); NaN
// and negative scores have NoBand.
func BandOf(score float64) Band {
	w := Whole(score)
	if w < 0 {
		return NoBand
	}
	for _, f := range bandFloors {
		if w >= f.floor {
			return f.band
		}
	}
	return NoBand
}

// String is the label shown next to a score ("Moderate"); NoBand is "".
func (b Band) String() string {
	if int(b) < len(bandNames) {
		return bandNames[b]
	}
	return "Band(" + strconv.Itoa(int(b)) + ")"
}

// Word is the band in running text ("moderate").
func (b Band) Word() string {
	if int(b) < len(bandWords) {
		return bandWords[b]
	}
	return b.String()
}

// Article is "an" before a band word that starts with a vowel, else "a".
func (b Band) Article() string {
	if b == Excellent {
		return "an"
	}
	return "a"
}

// ParseBand is the inverse of [Band.String]; it reports false for an
// unknown label.
func ParseBand(s string) (Band, bool) {
	for b, name := range bandNames {
		if name != "" && name == s {
			return Band(b), true
		}
	}
	return NoBand, false
}

// round1 rounds to one decimal, the precision of published signal scores.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// roundScore rounds to three decimals, the precision of the published
// Alpha Score. Fewer decimals do not keep scores apart: a few hundred
// companies crowd around the middle, and on the real S&P 500 data four of
// 403 landed on the same hundredth by chance, close to the rule that no
// score is shared by more than 1% of companies.
func roundScore(v float64) float64 { return math.Round(v*1000) / 1000 }
