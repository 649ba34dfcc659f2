package extract

import (
	"reflect"
	"strings"
	"testing"
)

func TestQuotes(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []string // inner texts
		single    []bool   // per quote; nil means all double
		continued []bool   // per quote; nil means none
		problems  []string // substrings of the problem messages
	}{
		{"straight", `"We are pleased," she said.`, []string{"We are pleased,"}, nil, nil, nil},
		{"curly", `“We are pleased,” she said.`, []string{"We are pleased,"}, nil, nil, nil},
		{"two quotes", `"One thing," he said. "Another thing."`, []string{"One thing,", "Another thing."}, nil, nil, nil},
		{"single inside double", `"Demand is 'insatiable' now," he said.`, []string{"Demand is 'insatiable' now,"}, nil, nil, nil},
		{"curly single inside double", `“Demand is ‘insatiable’ now,” he said.`, []string{"Demand is ‘insatiable’ now,"}, nil, nil, nil},
		{"top-level single", `The firm called it 'a transformational year' on Monday.`, []string{"a transformational year"}, []bool{true}, nil, nil},
		{"top-level curly single", `He called it ‘a transformational year’ on Monday.`, []string{"a transformational year"}, []bool{true}, nil, nil},
		{"apostrophes are not quotes", `Amazon’s shares and investors’ worries and the company's plans`, nil, nil, nil, nil},
		{"one-word single quote is not a quotation", `the so-called 'hyperscalers' grew`, nil, nil, nil, nil},
		{"guillemets", `«Nous sommes prêts», a-t-il dit.`, []string{"Nous sommes prêts»"[:len("Nous sommes prêts")]}, nil, nil, nil},
		{"low-9", `„Wir sind bereit“, sagte er.`, []string{"Wir sind bereit"}, nil, nil, nil},
		{"unclosed", "\"We are pleased, she said.\n\nNext paragraph.", nil, nil, nil, []string{"not closed"}},
		{"stray closing", `We are pleased" she said.`, nil, nil, nil, []string{"no opening mark"}},
		{"stray curly closing", `We are pleased” she said.`, nil, nil, nil, []string{"no opening mark"}},
		{"reopened before closing", `“First part “second part” end`, []string{"second part"}, nil, nil, []string{"not closed"}},
		{"continued paragraph", "\"This runs on\n\n\"and ends here,\" she said.", []string{"This runs on", "and ends here,"}, nil, []bool{true, false}, nil},
		{"empty quotes", `He said "" twice.`, nil, nil, nil, nil},
		{"invalid utf8", "\"bad \xff bytes\" here", []string{"bad \xff bytes"}, nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs, ps := Quotes(tc.in)
			var got []string
			for _, q := range qs {
				got = append(got, tc.in[q.Inner.Start:q.Inner.End])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("quotes %q, want %q", got, tc.want)
			}
			for i, q := range qs {
				if want := tc.single != nil && tc.single[i]; q.Single != want {
					t.Errorf("quote %d single %v, want %v", i, q.Single, want)
				}
				if want := tc.continued != nil && tc.continued[i]; q.Continued != want {
					t.Errorf("quote %d continued %v, want %v", i, q.Continued, want)
				}
				if q.Start > q.Inner.Start || q.Inner.End > q.End {
					t.Errorf("quote %d span %v does not contain inner %v", i, q.Span, q.Inner)
				}
			}
			if len(ps) != len(tc.problems) {
				t.Fatalf("problems %v, want %d matching %q", ps, len(tc.problems), tc.problems)
			}
			for i, p := range ps {
				if !strings.Contains(p.Message, tc.problems[i]) {
					t.Errorf("problem %q does not contain %q", p.Message, tc.problems[i])
				}
			}
		})
	}
}

func TestSpeakers(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind []SpeakerKind
		keys [][]string
	}{
		{"name after", `"We grew," Jassy said.`, []SpeakerKind{NamedSpeaker}, [][]string{{"jassy"}}},
		// the organisation beside a person is not a key: two people of one
		// company are not one speaker
		{"verb first", `"We grew," said Andy Jassy, Amazon's chief executive.`, []SpeakerKind{NamedSpeaker}, [][]string{{"andy", "jassy"}}},
		{"title before name", `"We grew," said Chief Financial Officer Brian Olsavsky.`, []SpeakerKind{NamedSpeaker}, [][]string{{"brian", "olsavsky"}}},
		{"appositive before verb", `"We grew," Andy Jassy, Amazon's chief executive, said on a call.`, []SpeakerKind{NamedSpeaker}, [][]string{{"andy", "jassy"}}},
		{"company before role", `"We grew," Korvath CFO Daniel Reyes said.`, []SpeakerKind{NamedSpeaker}, [][]string{{"daniel", "reyes"}}},
		{"two-word company before role", `"We grew," said Goldman Sachs analyst Jane Doe.`, []SpeakerKind{NamedSpeaker}, [][]string{{"jane", "doe"}}},
		{"of company", `"We grew," said Thomas Lindqvist, chief executive of Veridane.`, []SpeakerKind{NamedSpeaker}, [][]string{{"thomas", "lindqvist"}}},
		{"company only keeps its name", `"We grew," said Korvath's spokesperson.`, []SpeakerKind{NamedSpeaker}, [][]string{{"korvath"}}},
		{"subject after a conjunction", "Grades fell, but Sophie Brandt, the chief operating officer, said they would recover. \"We grew,\" she said.", []SpeakerKind{PronounSpeaker}, [][]string{{"sophie", "brandt"}}},
		{"a pronoun's report names no speaker", "He said Kestrel had delivered.\n\n\"We grew,\" she said.", []SpeakerKind{PronounSpeaker}, [][]string{nil}},
		{"name after the verb after a curly quotation", "“Yes,” said Mr. Smith. \"More,\" he added.", []SpeakerKind{NamedSpeaker, PronounSpeaker}, [][]string{{"smith"}, {"smith"}}},
		{"label before the subject", "Analyst view included for reference: Martin Oyelaran, a travel and leisure analyst at Calder & Stroud, said in a note to clients: \"Modest but credible.\"", []SpeakerKind{NamedSpeaker}, [][]string{{"martin", "oyelaran"}}},
		{"subject after a semicolon", "Bundles drove the Spanish carrier's quarter; its finance chief says \"our dividend is safe\".", []SpeakerKind{GenericSpeaker}, [][]string{nil}},
		{"office words are not names", `"We grew," said Deputy Governor Tomas Lindqvist.`, []SpeakerKind{NamedSpeaker}, [][]string{{"tomas", "lindqvist"}}},
		{"honorific after", `"We grew," said Dr. Elena Varga, chief medical officer.`, []SpeakerKind{NamedSpeaker}, [][]string{{"elena", "varga"}}},
		{"honorific name before verb", `"We grew," Ms. Brandt said.`, []SpeakerKind{NamedSpeaker}, [][]string{{"brandt"}}},
		{"honorific before colon", `Dr. Elena Varga said: "We grew."`, []SpeakerKind{NamedSpeaker}, [][]string{{"elena", "varga"}}},
		{"period of a sentence is not an honorific", `"We grew," said Jassy. Mr. Smith left.`, []SpeakerKind{NamedSpeaker}, [][]string{{"jassy"}}},
		{"parenthetical pronoun", "Marisa Okafor runs Korvath.\n\nDemand from data centers, she added, \"is still accelerating.\"", []SpeakerKind{PronounSpeaker}, [][]string{nil}},
		{"parenthetical pronoun resolved", "\"We grew,\" said Marisa Okafor.\n\nDemand from data centers, she added, \"is still accelerating.\"", []SpeakerKind{NamedSpeaker, PronounSpeaker}, [][]string{{"marisa", "okafor"}, {"marisa", "okafor"}}},
		{"colon before", `Jassy said: "We grew."`, []SpeakerKind{NamedSpeaker}, [][]string{{"jassy"}}},
		{"introductory phrase", `In a call with analysts, Jassy said the company is "seeing momentum."`, []SpeakerKind{NamedSpeaker}, [][]string{{"jassy"}}},
		{"according to", `According to Reuters, "sales rose."`, []SpeakerKind{NamedSpeaker}, [][]string{{"reuters"}}},
		{"according to after", `"Sales rose," according to Amazon.`, []SpeakerKind{NamedSpeaker}, [][]string{{"amazon"}}},
		{"generic", `"We grew," the company said in a statement.`, []SpeakerKind{GenericSpeaker}, [][]string{nil}},
		{"it is generic", `"We grew," it said.`, []SpeakerKind{GenericSpeaker}, [][]string{nil}},
		{"pronoun resolved to quote speaker", `"We grew," Jassy said. "More to come," he added.`, []SpeakerKind{NamedSpeaker, PronounSpeaker}, [][]string{{"jassy"}, {"jassy"}}},
		{"pronoun resolved to reported speech", "Olsavsky told analysts the backlog grew.\n\n\"Backlog grew,\" he said.", []SpeakerKind{PronounSpeaker}, [][]string{{"olsavsky"}}},
		{"unresolved pronoun", `"We grew," she said.`, []SpeakerKind{PronounSpeaker}, [][]string{nil}},
		{"none", `"We grew." Shares rose.`, []SpeakerKind{NoSpeaker}, [][]string{nil}},
		{"continued quotation takes the closing attribution", "\"This runs on\n\n\"and ends,\" Jassy said.", []SpeakerKind{NamedSpeaker, NamedSpeaker}, [][]string{{"jassy"}, {"jassy"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs, _ := Quotes(tc.in)
			sps := Speakers(tc.in, qs)
			if len(sps) != len(tc.kind) {
				t.Fatalf("%d speakers, want %d", len(sps), len(tc.kind))
			}
			for i, sp := range sps {
				if sp.Kind != tc.kind[i] {
					t.Errorf("speaker %d kind %v (%q), want %v", i, sp.Kind, sp.Phrase, tc.kind[i])
				}
				if !reflect.DeepEqual(sp.Keys, tc.keys[i]) {
					t.Errorf("speaker %d keys %q, want %q", i, sp.Keys, tc.keys[i])
				}
			}
		})
	}
}

func TestSameSpeaker(t *testing.T) {
	tests := []struct {
		a, b []string
		want bool
	}{
		{[]string{"jassy"}, []string{"andy", "jassy"}, true},
		{[]string{"andy", "jassy"}, []string{"andy", "jassy"}, true},
		{[]string{"jassy"}, []string{"brian", "olsavsky"}, false},
		// two full names sharing only the first name are two people
		{[]string{"tomas", "lindqvist"}, []string{"tomas", "berg"}, false},
		// a first name alone may be either
		{[]string{"tomas"}, []string{"tomas", "berg"}, true},
		// a surname shared in any place
		{[]string{"demand", "okafor"}, []string{"marisa", "okafor"}, true},
	}
	for _, tt := range tests {
		a, b := Speaker{Keys: tt.a}, Speaker{Keys: tt.b}
		if got := SameSpeaker(a, b); got != tt.want || SameSpeaker(b, a) != got {
			t.Errorf("SameSpeaker(%q, %q) = %v, want %v (both ways)", tt.a, tt.b, got, tt.want)
		}
	}
	jassy := Speaker{Keys: []string{"jassy"}}
	if !MentionsSpeaker("Chief Executive Andy Jassy’s remarks", jassy) {
		t.Errorf("MentionsSpeaker missed a possessive mention")
	}
	if MentionsSpeaker("Jassyish", jassy) {
		t.Errorf("MentionsSpeaker matched inside a longer word")
	}
}

func TestSpeakerBeforeNeedsPunctuation(t *testing.T) {
	for _, tc := range []struct {
		in   string
		keys []string
	}{
		{`Chief Financial Officer Peter Quinn said Pinecrest expects "to be profitable."`, []string{"peter", "quinn"}},
		{`Then said Quinn: "We will be profitable."`, []string{"quinn"}},
	} {
		qs, _ := Quotes(tc.in)
		sps := Speakers(tc.in, qs)
		if len(sps) != 1 || !reflect.DeepEqual(sps[0].Keys, tc.keys) {
			t.Errorf("Speakers(%q) = %+v, want keys %q", tc.in, sps, tc.keys)
		}
	}
}

func TestSpeakerOfFollowingQuotation(t *testing.T) {
	in := `"We grew," said Andy Jassy. "We will grow more."` + "\n\n" + `"Unattributed."`
	qs, _ := Quotes(in)
	sps := Speakers(in, qs)
	if len(sps) != 3 {
		t.Fatalf("%d speakers, want 3", len(sps))
	}
	if !reflect.DeepEqual(sps[1].Keys, []string{"andy", "jassy"}) {
		t.Errorf("second quotation keys %q, want the first's speaker", sps[1].Keys)
	}
	if sps[2].Kind != NoSpeaker {
		t.Errorf("quotation in the next paragraph: kind %v, want none", sps[2].Kind)
	}
}

func TestQuotesAndSpeakers(t *testing.T) {
	for _, text := range append(fuzzSeeds, `"We grew," Jassy said. "It is early," he added.`+"\n\n"+`She said: "No." “Yes,” said Mr. Smith, “and more.”`) {
		qs, ps, sps := QuotesAndSpeakers(text)
		wantQs, wantPs := Quotes(text)
		wantSps := Speakers(text, wantQs)
		if !reflect.DeepEqual(qs, wantQs) || !reflect.DeepEqual(ps, wantPs) || !reflect.DeepEqual(sps, wantSps) {
			t.Errorf("QuotesAndSpeakers(%q) = %v, %v, %v; Quotes and Speakers give %v, %v, %v", text, qs, ps, sps, wantQs, wantPs, wantSps)
		}
	}
}

// compareKey must agree with nameKey on every word the attribution readers
// compare keys with, and give "" for any other word that is not its own key.
func TestCompareKey(t *testing.T) {
	words := []string{"said", "Said", "SAID", "according", "According", "To", "to", "IN", "İn", "Jassy", "Jassy's",
		"Jassy’s", "told", "TOLD’", "who", "Which", "K", "\u212aelvin", "x", "", "acknowledged", "Acknowledged's"}
	for w := range comparedKeys {
		words = append(words, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:]+"'s")
	}
	var buf [64]byte
	for _, w := range words {
		key := nameKey(w, buf[:0])
		want := ""
		if _, ok := comparedKeys[key]; ok || key == w {
			want = key // a compared word, or a lower-case word, its own key
		}
		if got := compareKey(w, buf[:0]); got != want {
			t.Errorf("compareKey(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestNextWordMatchesWords(t *testing.T) {
	for _, text := range fuzzSeeds {
		var got []Span
		for i := 0; ; {
			s, e, ok := NextWord(text, i)
			if !ok {
				break
			}
			got = append(got, Span{s, e})
			i = e
		}
		if want := Words(text); !reflect.DeepEqual(got, want) {
			t.Errorf("NextWord walks %q to %v; Words gives %v", text, got, want)
		}
	}
}
