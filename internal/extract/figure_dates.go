package extract

import "strings"

// yearRange extends the year f, which ends at end, over "-2026" or "–26"
// ("2025-2026", "2025–26") and returns where f then ends; f is left as it
// is when no year follows.
func (p figureParser) yearRange(f *Figure, end int) int {
	t := p.text
	k := end
	switch {
	case k < len(t) && t[k] == '-':
		k++
	case strings.HasPrefix(t[k:], "–"), strings.HasPrefix(t[k:], "—"):
		k += len("–")
	default:
		return end
	}
	n, ok := p.readNumber(k)
	if !ok || n.hasSeparators || n.decimals > 0 || !p.wordBoundaryAt(n.end) {
		return end
	}
	y := int(n.value)
	switch n.integerDigits {
	case 2:
		y += f.Date.Year / 100 * 100
	case 4:
	default:
		return end
	}
	if y <= f.Date.Year || y > f.Date.Year+50 {
		return end
	}
	f.High = Amount{Value: float64(y), Step: 1, LooseStep: 1, Scale: 1}
	f.Range = true
	f.End = n.end
	return n.end
}

// timeAt reads "10:30" and an optional "a.m."/"p.m." after it into f.
func (p figureParser) timeAt(f *Figure, n number, colon int) (int, bool) {
	t := p.text
	mins := float64(t[colon+1]-'0')*10 + float64(t[colon+2]-'0')
	if mins >= 60 || colon+3 < len(t) && isDigit(t[colon+3]) {
		return 0, false
	}
	end := colon + 3
	h := n.value
	k := p.skipSpaces(end)
	if w, e := p.letters(k); isMeridiem(w) {
		h = meridiem(h, w)
		end = e
		if end < len(t) && t[end] == '.' {
			end++
		}
	}
	f.Kind, f.Currency = Time, ""
	f.Low = Amount{Value: h*60 + mins, Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	f.End = end
	return end, true
}

func isMeridiem(w string) bool {
	switch strings.ToLower(w) {
	case "am", "pm", "a.m", "p.m":
		return true
	}
	return false
}

func meridiem(h float64, w string) float64 {
	pm := strings.HasPrefix(strings.ToLower(w), "p")
	switch {
	case pm && h < 12:
		return h + 12
	case !pm && h == 12:
		return 0
	}
	return h
}

// clockAt reads "2 p.m." whose meridiem starts at k into f.
func (p figureParser) clockAt(f *Figure, n number, k int) (int, bool) {
	t := p.text
	k = p.skipSpaces(k)
	w, e := p.letters(k)
	if !isMeridiem(w) || n.decimals > 0 || n.value < 1 || n.value > 12 {
		return 0, false
	}
	if e < len(t) && t[e] == '.' {
		e++
	}
	f.Kind, f.Currency = Time, ""
	f.Low = Amount{Value: meridiem(n.value, w) * 60, Step: 1, LooseStep: 1, Scale: 1}
	f.High = f.Low
	f.End = e
	return e, true
}

// slashAt reads "54/100" (a score) and "4/30/2026" (a US date); other
// fractions and ratios ("24/7", "9/11") are not figures. It reads into f.
func (p figureParser) slashAt(f *Figure, n number, slash int) (int, bool) {
	t := p.text
	d, ok := p.readNumber(slash + 1)
	if !ok {
		return 0, false
	}
	if d.end < len(t) && t[d.end] == '/' && n.decimals == 0 && d.decimals == 0 {
		y, ok := p.readNumber(d.end + 1)
		if ok && y.integerDigits == 4 && !y.hasSeparators && y.decimals == 0 && n.value >= 1 && n.value <= 12 && d.value >= 1 && d.value <= 31 && p.wordBoundaryAt(y.end) {
			*f = Figure{Span: Span{f.Start, y.end}, Kind: Date, Date: DateParts{Year: int(y.value), Month: int(n.value), Day: int(d.value)}}
			return y.end, true
		}
		return 0, false
	}
	if (d.value == 100 || d.value == 10 || d.value == 5) && d.decimals == 0 && !d.hasSeparators && p.wordBoundaryAt(d.end) && n.value <= d.value && f.Currency == "" {
		f.Kind = Score
		f.Denominator = d.value
		amt := amountOf(n, 1, false, false)
		f.Low, f.High = amt, amt
		f.End = d.end
		return d.end, true
	}
	return 0, false
}

// isoDate reads "2026-04-30" whose first dash is at dash into f, which
// it leaves as it is when there is no date.
func (p figureParser) isoDate(f *Figure, y number, dash int) (int, bool) {
	t := p.text
	if dash+5 >= len(t) {
		return 0, false
	}
	if !isDigit(t[dash+1]) || !isDigit(t[dash+2]) || !isDigit(t[dash+4]) || !isDigit(t[dash+5]) {
		return 0, false
	}
	m := int(t[dash+1]-'0')*10 + int(t[dash+2]-'0')
	d := int(t[dash+4]-'0')*10 + int(t[dash+5]-'0')
	end := dash + 6
	if m < 1 || m > 12 || d < 1 || d > 31 || !p.wordBoundaryAt(end) {
		return 0, false
	}
	*f = Figure{Span: Span{y.start, end}, Kind: Date, Date: DateParts{Year: int(y.value), Month: m, Day: d}}
	return end, true
}

// monthNumber returns the month a lower-case month name or abbreviation
// names, or 0. It is a switch rather than a map because every capitalised
// word starting like a month is looked up: the compiled switch compares
// lengths and bytes without hashing.
func monthNumber(w []byte) int {
	switch string(w) {
	case "january", "jan":
		return 1
	case "february", "feb":
		return 2
	case "march", "mar":
		return 3
	case "april", "apr":
		return 4
	case "may":
		return 5
	case "june", "jun":
		return 6
	case "july", "jul":
		return 7
	case "august", "aug":
		return 8
	case "september", "sep", "sept":
		return 9
	case "october", "oct":
		return 10
	case "november", "nov":
		return 11
	case "december", "dec":
		return 12
	}
	return 0
}

// monthAt reads a capitalised month name (or abbreviation with an optional
// period) at i.
func (p figureParser) monthAt(i int) (int, int, bool) {
	t := p.text
	if i >= len(t) {
		return 0, 0, false
	}
	switch t[i] { // the first letters of month names
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D':
	default:
		return 0, 0, false
	}
	w, e := p.letters(i)
	return p.monthOf(i, w, e)
}

// monthOf is monthAt for the letters w, ending at e, that p.letters(i)
// read.
func (p figureParser) monthOf(i int, w string, e int) (int, int, bool) {
	t := p.text
	switch t[i] {
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D':
	default:
		return 0, 0, false
	}
	if len(w) < 3 {
		return 0, 0, false
	}
	var buf [16]byte
	if len(w) > len(buf) {
		return 0, 0, false
	}
	m := monthNumber(lowerInto(buf[:0], w))
	if m == 0 || !p.wordBoundaryAt(e) && !(e < len(t) && t[e] == '.') {
		return 0, 0, false
	}
	if len(w) <= 4 && e < len(t) && t[e] == '.' {
		e++
	}
	return m, e, true
}

// yearAfter reads ", 2026" or " 2026" after i.
func (p figureParser) yearAfter(i int, needComma bool) (int, int, bool) {
	t := p.text
	k := i
	if k < len(t) && t[k] == ',' {
		k++
	} else if needComma {
		return 0, 0, false
	}
	k = p.skipSpaces(k)
	n, ok := p.readNumber(k)
	if !ok || n.integerDigits != 4 || n.hasSeparators || n.decimals > 0 || n.value < 1900 || n.value > 2100 || !p.wordBoundaryAt(n.end) {
		return 0, 0, false
	}
	return int(n.value), n.end, true
}
