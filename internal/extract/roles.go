package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Roles returns the offices an attribution phrase gives its speaker, in a
// normal form: "chief executive", "CEO" and "chief executive officer" are
// all "ceo"; "finance chief" and "chief financial officer" are "cfo";
// "deputy governor" is not "governor", nor "vice president" "president".
// Other "chief … officer" titles keep their middle word ("chief medical
// officer" is "chief medical"). A phrase with no office gives none.
func Roles(phrase string) []string {
	var words []string
	for i := 0; ; {
		s, e, ok := nextWord(phrase, i)
		if !ok {
			break
		}
		i = e
		w := strings.ToLower(phrase[s:e])
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		words = append(words, w)
	}
	var out []string
	add := func(r string) {
		for _, x := range out {
			if x == r {
				return
			}
		}
		out = append(out, r)
	}
	prev := func(j int) string {
		if j > 0 {
			return words[j-1]
		}
		return ""
	}
	for j := 0; j < len(words); j++ {
		w := words[j]
		switch w {
		case "ceo":
			add("ceo")
		case "cfo":
			add("cfo")
		case "coo":
			add("coo")
		case "cto":
			add("cto")
		case "chief":
			// chief executive (officer), chief financial officer, chief
			// economist; "finance chief", "operating chief"
			switch next := wordOf(words, j+1); next {
			case "executive", "exec":
				add("ceo")
			case "financial", "finance":
				add("cfo")
			case "operating", "operations":
				add("coo")
			case "technology", "technical":
				add("cto")
			case "":
				switch prev(j) {
				case "finance", "financial":
					add("cfo")
				case "operating", "operations":
					add("coo")
				case "technology":
					add("cto")
				case "executive":
					add("ceo")
				}
			case "economist", "strategist", "analyst":
				add("chief " + next)
				add(next) // a chief economist is an economist
			default:
				add("chief " + next)
			}
			if next := wordOf(words, j+1); next != "" {
				j++ // the word after "chief" is read
			}
		case "chairman", "chairwoman", "chair", "chairperson":
			add("chair")
		case "president":
			if prev(j) == "vice" {
				add("vice president")
			} else {
				add("president")
			}
		case "governor":
			if prev(j) == "deputy" {
				add("deputy governor")
			} else {
				add("governor")
			}
		case "economist", "analyst", "strategist", "founder", "treasurer", "secretary", "minister":
			add(w)
		case "spokesperson", "spokesman", "spokeswoman":
			add("spokesperson")
		}
	}
	return out
}

func wordOf(words []string, j int) string {
	if j < len(words) {
		return words[j]
	}
	return ""
}

// RolesOf returns the offices text gives the person sp names, wherever it
// names them: in a title before the name ("Deputy Governor Tomas
// Lindqvist") or in an appositive after it ("Lindqvist, the deputy
// governor,"), in the normal form of Roles.
func RolesOf(text string, sp Speaker) []string {
	if len(sp.Keys) == 0 {
		return nil
	}
	var out []string
	var buf [48]byte
	var recent [6]int // starts of the last words, most recent last
	n := 0
	for i := 0; ; {
		s, e, ok := nextWord(text, i)
		if !ok {
			return out
		}
		i = e
		copy(recent[:], recent[1:])
		recent[len(recent)-1] = s
		n++
		key := nameKey(text[s:e], buf[:0])
		found := false
		for _, k := range sp.Keys {
			found = found || k == key
		}
		if !found {
			continue
		}
		// the capitalised words just before the name, with nothing but
		// spaces and honorifics' periods between them
		start := s
		for j := len(recent) - 2; j >= 0 && j >= len(recent)-n; j-- {
			ws := recent[j]
			_, we, _ := nextWord(text, ws)
			gap := text[min(we, start):start]
			if r, _ := utf8.DecodeRuneInString(text[ws:]); !unicode.IsUpper(r) || strings.Trim(gap, ". ") != "" {
				break
			}
			start = ws
		}
		phrase := text[start:s]
		// an appositive: ", the deputy governor," up to the next comma or
		// sentence end, within 80 bytes
		rest := text[e:]
		for {
			ns, ne, ok := nextWord(rest, 0)
			if !ok || strings.TrimSpace(rest[:ns]) != "" {
				break
			}
			if r, _ := utf8.DecodeRuneInString(rest[ns:]); !unicode.IsUpper(r) {
				break
			}
			rest = rest[ne:] // more of the name ("Tomas" before "Lindqvist")
		}
		if strings.HasPrefix(rest, ", ") {
			ap := rest[2:min(len(rest), 82)]
			if k := strings.IndexAny(ap, ",;.!?\"“”"); k >= 0 {
				ap = ap[:k]
			}
			phrase += " " + ap
		}
		for _, r := range Roles(phrase) {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
}
