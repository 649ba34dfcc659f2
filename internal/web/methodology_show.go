package web

import (
	"fmt"
	"net/http"
	"strings"

	"alphadesk/internal/score"
)

// bandRow is one line of the band vocabulary table.
type bandRow struct {
	From, To int
	Band     string
	Class    string
}

// bandTable derives the band vocabulary from score.BandOf itself, so the
// table cannot disagree with the labels.
func bandTable() []bandRow {
	var out []bandRow
	for w := 0; w <= 100; w++ {
		b := score.BandOf(float64(w)).String()
		if n := len(out); n > 0 && out[n-1].Band == b {
			out[n-1].To = w
			continue
		}
		out = append(out, bandRow{From: w, To: w, Band: b, Class: strings.ToLower(b)})
	}
	return out
}

// weightRow is one signal's weight in the composite.
type weightRow struct {
	Signal string
	Weight string
}

// methodologyPage is the data of the methodology page.
type methodologyPage struct {
	layout
	Bands   []bandRow
	Weights []weightRow
	Cap     int
}

// showMethodology renders how the Alpha Score is computed.
func (s *Server) showMethodology(w http.ResponseWriter, r *http.Request) {
	p := methodologyPage{layout: layout{Title: "Alpha Score methodology", Nav: navAlphaScore,
		Description: "How the Alpha Score is computed: signals, weights, coverage, bands and evaluation."},
		Bands: bandTable(), Cap: score.CapThreeSignals}
	for i, sig := range score.Signals {
		p.Weights = append(p.Weights, weightRow{Signal: sig.String(), Weight: fmt.Sprintf("%g", score.DefaultWeights[i])})
	}
	s.html(w, r, http.StatusOK, "methodology", p)
}
