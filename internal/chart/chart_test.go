package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// series returns n daily points starting on 2 Jan 2024 with values from f.
func series(n int, f func(i int) float64) []Point {
	start := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{Time: start.AddDate(0, 0, i), Value: f(i)}
	}
	return pts
}

// vertices parses SVG path data made of M, l, V, H, h and Z commands (the
// ones Build writes) into absolute points.
func vertices(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var (
		out    [][2]float64
		x, y   float64
		cmd    byte
		args   []float64
		num    strings.Builder
		finish func()
	)
	flushNum := func() {
		if num.Len() == 0 {
			return
		}
		v, err := strconv.ParseFloat(num.String(), 64)
		if err != nil {
			t.Fatalf("path %q: number %q: %v", d, num.String(), err)
		}
		args = append(args, v)
		num.Reset()
	}
	finish = func() {
		flushNum()
		need := map[byte]int{'M': 2, 'l': 2, 'L': 2, 'V': 1, 'H': 1, 'h': 1, 'Z': 0}
		n, ok := need[cmd]
		if cmd == 0 {
			return
		}
		if !ok || len(args) != n {
			t.Fatalf("path %q: command %c with %d numbers", d, cmd, len(args))
		}
		switch cmd {
		case 'M', 'L':
			x, y = args[0], args[1]
		case 'l':
			x, y = x+args[0], y+args[1]
		case 'V':
			y = args[0]
		case 'H':
			x = args[0]
		case 'h':
			x += args[0]
		}
		if cmd != 'Z' && cmd != 'h' { // h: the stub stroke of a lone vertex
			out = append(out, [2]float64{math.Round(x*10) / 10, math.Round(y*10) / 10})
		}
		args = args[:0]
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case strings.IndexByte("MlLVHhZ", c) >= 0:
			finish()
			cmd = c
		case c == ' ':
			flushNum()
		case c == '-':
			flushNum()
			num.WriteByte(c)
		default:
			num.WriteByte(c)
		}
	}
	finish()
	return out
}

// checkGeometry asserts the invariants every chart must keep.
func checkGeometry(t *testing.T, c Chart) {
	t.Helper()
	in := func(what string, x, y float64) {
		t.Helper()
		if !finite(x) || !finite(y) || x < 0 || x > c.Width || y < 0 || y > c.Height {
			t.Errorf("%s (%v, %v) outside the %v×%v view box", what, x, y, c.Width, c.Height)
		}
	}
	for _, d := range []string{c.Line, c.Area} {
		if strings.Contains(d, "NaN") || strings.Contains(d, "Inf") {
			t.Fatalf("path contains a non-number: %q", d)
		}
		for _, p := range vertices(t, d) {
			in("path vertex", p[0], p[1])
		}
	}
	for _, tk := range c.YTicks {
		in("y tick "+tk.Label, c.Plot.Left, tk.Pos)
		if strings.Contains(tk.Label, "NaN") {
			t.Errorf("y tick label %q", tk.Label)
		}
	}
	for _, tk := range c.XTicks {
		in("x tick "+tk.Label, tk.Pos, c.Plot.Bottom)
	}
	if !c.Empty {
		in("high marker", c.High.X, c.High.Y)
		in("low marker", c.Low.X, c.Low.Y)
		in("high label", c.High.LabelX, c.High.LabelY)
		in("low label", c.Low.LabelX, c.Low.LabelY)
	}
}

func TestBuild(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		points   []Point
		empty    bool
		vertices int
		high     float64
		low      float64
		yTicks   []string
	}{
		{name: "nil", points: nil, empty: true},
		{name: "only NaN and Inf", points: series(3, func(i int) float64 { return []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[i] }), empty: true},
		{name: "one point", points: series(1, func(int) float64 { return 42 }), vertices: 1, high: 42, low: 42},
		{name: "flat", points: series(10, func(int) float64 { return 100 }), vertices: 10, high: 100, low: 100,
			yTicks: []string{"98.5", "99.0", "99.5", "100.0", "100.5", "101.0", "101.5"}},
		{name: "flat at zero", points: series(4, func(int) float64 { return 0 }), vertices: 4,
			yTicks: []string{"-1.5", "-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5"}},
		{name: "rising", points: series(50, func(i int) float64 { return 10 + float64(i) }), vertices: 50, high: 59, low: 10,
			yTicks: []string{"0", "20", "40", "60", "80"}},
		{name: "NaN skipped", points: series(5, func(i int) float64 { return []float64{1, math.NaN(), 3, 2, 5}[i] }), vertices: 4, high: 5, low: 1},
		{name: "thinned", points: series(5000, func(i int) float64 { return 100 + 50*math.Sin(float64(i)/40) }), vertices: 600, high: 150, low: 50},
		{name: "thousands", points: series(3, func(i int) float64 { return 1000 + float64(i)*2000 }), vertices: 3, high: 5000, low: 1000,
			yTicks: []string{"0", "1,000", "2,000", "3,000", "4,000", "5,000", "6,000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Build(tt.points, DefaultLayout)
			checkGeometry(t, c)
			if c.Empty != tt.empty {
				t.Fatalf("Empty = %v, want %v", c.Empty, tt.empty)
			}
			if tt.empty {
				if c.Line != "" || c.Area != "" || len(c.YTicks) != 0 {
					t.Errorf("empty chart has line %q area %q ticks %v", c.Line, c.Area, c.YTicks)
				}
				return
			}
			if got := len(vertices(t, c.Line)); got != tt.vertices || c.Vertices != tt.vertices {
				t.Errorf("line has %d vertices (Vertices %d), want %d", got, c.Vertices, tt.vertices)
			}
			if got := len(vertices(t, c.Area)); got != tt.vertices+2 {
				t.Errorf("area has %d vertices, want %d", got, tt.vertices+2)
			}
			if tt.high != 0 && math.Abs(c.High.Value-tt.high) > 0.01 {
				t.Errorf("high = %v, want %v", c.High.Value, tt.high)
			}
			if tt.low != 0 && math.Abs(c.Low.Value-tt.low) > 0.01 {
				t.Errorf("low = %v, want %v", c.Low.Value, tt.low)
			}
			if tt.yTicks != nil {
				var got []string
				for _, tk := range c.YTicks {
					got = append(got, tk.Label)
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.yTicks) {
					t.Errorf("y ticks = %v, want %v", got, tt.yTicks)
				}
			}
			// The high is drawn above the low.
			if c.High.Y > c.Low.Y {
				t.Errorf("high at y=%v below low at y=%v", c.High.Y, c.Low.Y)
			}
		})
	}
}

func TestBuildYTicksCoverData(t *testing.T) {
	t.Parallel()
	c := Build(series(30, func(i int) float64 { return 187.3 + float64(i%7)*3.1 }), DefaultLayout)
	if len(c.YTicks) < 3 {
		t.Fatalf("got %d y ticks, want at least 3", len(c.YTicks))
	}
	first, last := c.YTicks[0], c.YTicks[len(c.YTicks)-1]
	if first.Value > c.Low.Value || last.Value < c.High.Value {
		t.Errorf("ticks %v..%v do not cover data %v..%v", first.Value, last.Value, c.Low.Value, c.High.Value)
	}
	if first.Pos != c.Plot.Bottom || last.Pos != c.Plot.Top {
		t.Errorf("outer ticks at y=%v and y=%v, want the plot's bottom %v and top %v", first.Pos, last.Pos, c.Plot.Bottom, c.Plot.Top)
	}
	for i := 1; i < len(c.YTicks); i++ {
		if c.YTicks[i].Pos >= c.YTicks[i-1].Pos {
			t.Errorf("tick %q at y=%v not above tick %q at y=%v", c.YTicks[i].Label, c.YTicks[i].Pos, c.YTicks[i-1].Label, c.YTicks[i-1].Pos)
		}
	}
}

func TestNiceStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		span   float64
		target int
		want   float64
	}{
		{span: 100, target: 5, want: 25},
		{span: 90, target: 5, want: 25},
		{span: 80, target: 5, want: 20},
		{span: 10, target: 6, want: 2},
		{span: 7, target: 5, want: 2},
		{span: 3, target: 5, want: 1},
		{span: 0.42, target: 5, want: 0.2},
		{span: 4500, target: 5, want: 2000},
		{span: 1e-9, target: 5, want: 2.5e-10},
		{span: 0, target: 5, want: 0},
		{span: -3, target: 5, want: 0},
		{span: math.Inf(1), target: 5, want: 0},
		{span: math.NaN(), target: 5, want: 0},
		{span: 10, target: 1, want: 0},
	}
	for _, tt := range tests {
		got := NiceStep(tt.span, tt.target)
		if math.Abs(got-tt.want) > 1e-9*math.Abs(tt.want) {
			t.Errorf("NiceStep(%v, %d) = %v, want %v", tt.span, tt.target, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v        float64
		decimals int
		want     string
	}{
		{0, 2, "0.00"},
		{math.Copysign(0, -1), 0, "0"},
		{-0.001, 2, "0.00"},
		{999, 0, "999"},
		{1000, 0, "1,000"},
		{1234567.891, 2, "1,234,567.89"},
		{-98765.4, 1, "-98,765.4"},
		{2.5, 1, "2.5"},
		{1e20, 0, "1e+20"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.v, tt.decimals); got != tt.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", tt.v, tt.decimals, got, tt.want)
		}
	}
}

func TestDateTicks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		days    int
		pattern string // every label has this layout's shape
	}{
		{name: "month", days: 30, pattern: "Jan 2"},
		{name: "year", days: 365, pattern: "Jan 2006"},
		{name: "five years", days: 5 * 365, pattern: "2006"},
		{name: "forty years", days: 40 * 365, pattern: "2006"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Build(series(tt.days, func(i int) float64 { return float64(i + 1) }), DefaultLayout)
			if len(c.XTicks) < 2 || len(c.XTicks) > maxDateLabels {
				t.Fatalf("got %d date labels %v, want 2..%d", len(c.XTicks), c.XTicks, maxDateLabels)
			}
			for i, tk := range c.XTicks {
				if _, err := time.Parse(tt.pattern, tk.Label); err != nil {
					t.Errorf("label %q does not have the form %q", tk.Label, tt.pattern)
				}
				if i > 0 && tk.Pos <= c.XTicks[i-1].Pos {
					t.Errorf("label %q at x=%v not right of the previous one", tk.Label, tk.Pos)
				}
			}
		})
	}
}

func TestChange(t *testing.T) {
	t.Parallel()
	c := Build(series(3, func(i int) float64 { return []float64{100, 90, 110}[i] }), DefaultLayout)
	if got, ok := c.Change(); !ok || math.Abs(got-0.1) > 1e-12 {
		t.Errorf("Change() = %v, %v, want 0.1, true", got, ok)
	}
	if _, ok := Build(nil, DefaultLayout).Change(); ok {
		t.Errorf("Change() on an empty chart is ok, want not ok")
	}
}

func TestBuildBadLayout(t *testing.T) {
	t.Parallel()
	for _, l := range []Layout{{}, {Width: -1, Height: 10}, {Width: math.NaN(), Height: 10}, {Width: 100, Height: 100, Left: 80, Right: 80}} {
		c := Build(series(10, func(i int) float64 { return float64(i) }), l)
		checkGeometry(t, c)
	}
}

func FuzzBuild(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 0.0, uint8(10))
	f.Add(100.0, 100.0, 100.0, 100.0, uint8(1))
	f.Add(math.MaxFloat64, -math.MaxFloat64, 0.0, 5e-324, uint8(7))
	f.Add(1e-300, 1e300, math.NaN(), math.Inf(1), uint8(255))
	f.Fuzz(func(t *testing.T, a, b, c, d float64, n uint8) {
		vals := []float64{a, b, c, d}
		pts := series(int(n), func(i int) float64 { return vals[i%4] * float64(1+i%3) })
		ch := Build(pts, DefaultLayout)
		checkGeometry(t, ch)
		for _, tk := range ch.YTicks {
			if math.IsNaN(tk.Pos) || strings.Contains(tk.Label, "NaN") {
				t.Fatalf("tick %+v", tk)
			}
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	pts := series(1260, func(i int) float64 { return 100 + 20*math.Sin(float64(i)/30) })
	b.ReportAllocs()
	for b.Loop() {
		Build(pts, DefaultLayout)
	}
}

func ExampleBuild() {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	c := Build([]Point{{day(16), 101.5}, {day(17), 99.25}, {day(18), 104}}, DefaultLayout)
	fmt.Println(c.Line)
	var labels []string
	for _, tk := range c.YTicks {
		labels = append(labels, tk.Label)
	}
	fmt.Println(strings.Join(labels, " "))
	fmt.Printf("high %.2f on %s\n", c.High.Value, c.High.Time.Format("Jan 2"))
	// Output:
	// M8 173l324 76.5l324-161.5
	// 98 100 102 104 106
	// high 104.00 on Nov 18
}
