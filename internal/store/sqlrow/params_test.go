package sqlrow

import (
	"reflect"
	"testing"
)

func TestParams(t *testing.T) {
	var p Params
	if got := p.Add("x"); got != "$1" {
		t.Fatalf("first placeholder %q, want $1", got)
	}
	if got := AddList(&p, []int64{7, 8, 9}); got != "$2,$3,$4" {
		t.Errorf("list %q, want $2,$3,$4", got)
	}
	if got := AddList(&p, []string{"done"}); got != "$5" {
		t.Errorf("one-value list %q, want $5", got)
	}
	if want := []any{"x", int64(7), int64(8), int64(9), "done"}; !reflect.DeepEqual(p.Args, want) {
		t.Errorf("args %v, want %v", p.Args, want)
	}
}
