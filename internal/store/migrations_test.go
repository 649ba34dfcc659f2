package store

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []string // NNNN_name of each migration, in order
		wantErr string
	}{
		{"ordered", fstest.MapFS{"m/0002_scores.sql": file("B"), "m/0001_market.sql": file("A")}, []string{"1_market", "2_scores"}, ""},
		{"gap", fstest.MapFS{"m/0001_a.sql": file(""), "m/0003_c.sql": file("")}, nil, "without gaps"},
		{"bad name", fstest.MapFS{"m/first.sql": file("")}, nil, "want NNNN_name.sql"},
		{"no number", fstest.MapFS{"m/x_a.sql": file("")}, nil, "want NNNN_name.sql"},
	}
	for _, tt := range tests {
		ms, err := ReadMigrations(tt.files, "m")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		var got []string
		for _, m := range ms {
			got = append(got, strings.Join([]string{itoa(m.Version), m.Name}, "_"))
		}
		if err != nil || strings.Join(got, ",") != strings.Join(tt.want, ",") || ms[0].SQL != "A" {
			t.Errorf("%s: %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestCheckSchemaVersion(t *testing.T) {
	if err := CheckSchemaVersion("desk.db", 7, 7); err != nil {
		t.Errorf("current: %v", err)
	}
	if err := CheckSchemaVersion("desk.db", 5, 7); !errors.Is(err, ErrSchemaOutdated) || !strings.Contains(err.Error(), "alphadesk migrate --db desk.db") {
		t.Errorf("behind: %v, want ErrSchemaOutdated naming the fix", err)
	}
	if err := CheckSchemaVersion("desk.db", 8, 7); err == nil || errors.Is(err, ErrSchemaOutdated) || !strings.Contains(err.Error(), "upgrade alphadesk") {
		t.Errorf("ahead: %v, want an upgrade error", err)
	}
}
