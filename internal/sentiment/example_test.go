package sentiment_test

import (
	"fmt"

	"alphadesk/internal/sentiment"
)

func ExampleModel_Sentence() {
	m, err := sentiment.New(sentiment.Options{})
	if err != nil {
		panic(err)
	}
	for _, text := range []string{
		"Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.",
		"The net loss narrowed to EUR 0.8 mn.",
		"The company cut its full-year guidance.",
		"The company did not miss its target.",
		"Deferred tax liabilities are shown separately.",
	} {
		s := m.Sentence(text)
		fmt.Printf("%-8s %+.2f %q\n", s.Label, s.Score, cueTexts(s.Cues))
	}
	// Output:
	// positive +0.55 ["operating profit rose"]
	// positive +0.50 ["net loss narrowed"]
	// negative -0.50 ["cut guidance"]
	// positive +0.39 ["not: miss target"]
	// neutral  +0.00 []
}

func ExampleModel_Document() {
	m, err := sentiment.New(sentiment.Options{})
	if err != nil {
		panic(err)
	}
	text := "Nordvik Wins EUR 40 mn Order\n\nNordvik Oyj has won an order from a Swedish utility. The company is based in Espoo."
	doc := m.Document(text)
	fmt.Println("story:", doc.Label)
	for _, s := range doc.Sentences {
		fmt.Printf("%s %q %q\n", s.Label, text[s.Start:s.End], cueTexts(s.Cues))
	}
	// Output:
	// story: positive
	// positive "Nordvik Wins EUR 40 mn Order" ["wins order"]
	// positive "Nordvik Oyj has won an order from a Swedish utility." ["won order"]
	// neutral "The company is based in Espoo." []
}

func ExampleModel_Entities() {
	m, err := sentiment.New(sentiment.Options{})
	if err != nil {
		panic(err)
	}
	text := "$VSTA raised its guidance, while $KLMR cut its dividend."
	doc := m.Document(text)
	for _, e := range m.Entities(doc, sentiment.Cashtags(text)) {
		fmt.Println(e.Symbol, e.Label)
	}
	// Output:
	// VSTA positive
	// KLMR negative
}

func ExampleSplit() {
	text := "Shares of Tamlin Corp. rose 4.5 % to $1.5 bn in the U.S. market. Mr. Laine said No. 2 is next."
	for _, sp := range sentiment.Split(text) {
		fmt.Println(text[sp.Start:sp.End])
	}
	// Output:
	// Shares of Tamlin Corp. rose 4.5 % to $1.5 bn in the U.S. market.
	// Mr. Laine said No. 2 is next.
}

func cueTexts(cues []sentiment.Cue) []string {
	out := []string{}
	for _, c := range cues {
		out = append(out, c.String())
	}
	return out
}
