package extract

import (
	"reflect"
	"testing"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		phrase string
		want   []string
	}{
		{"the chief executive", []string{"ceo"}},
		{"Chief Executive Officer Andy Jassy", []string{"ceo"}},
		{"Amazon's CEO", []string{"ceo"}},
		{"the chief financial officer", []string{"cfo"}},
		{"the company's finance chief", []string{"cfo"}},
		{"CFO Niamh Kelleher", []string{"cfo"}},
		{"president and chief executive officer", []string{"president", "ceo"}},
		{"the vice president", []string{"vice president"}},
		{"Deputy Governor Tomas Lindqvist", []string{"deputy governor"}},
		{"the governor", []string{"governor"}},
		{"Marta Koenig, chief economist at Lindholm Bank", []string{"chief economist", "economist"}},
		{"an analyst at Carver Hill", []string{"analyst"}},
		{"chief medical officer of Veridane", []string{"chief medical"}},
		{"a spokeswoman", []string{"spokesperson"}},
		{"the company", nil},
		{"Jassy", nil},
		{"chief", nil},
	}
	for _, tt := range tests {
		if got := Roles(tt.phrase); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Roles(%q) = %q, want %q", tt.phrase, got, tt.want)
		}
	}
}

func TestRolesOf(t *testing.T) {
	text := `Deputy Governor Tomas Lindqvist, who voted with the majority, said risks had shifted. "The risk is real," Lindqvist said. ` +
		`Elena Varga, the governor, spoke first. Dr. Marta Koenig, chief economist at Lindholm Bank, disagreed.`
	tests := []struct {
		keys []string
		want []string
	}{
		{[]string{"lindqvist"}, []string{"deputy governor"}},
		{[]string{"elena", "varga"}, []string{"governor"}},
		{[]string{"koenig"}, []string{"chief economist", "economist"}},
		{[]string{"smith"}, nil},
	}
	for _, tt := range tests {
		if got := RolesOf(text, Speaker{Keys: tt.keys}); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("RolesOf(%q) = %q, want %q", tt.keys, got, tt.want)
		}
	}
}
