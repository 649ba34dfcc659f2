package browsertest

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBenchScriptParses keeps bench/site.sh (the wrk harness, run by hand)
// syntactically valid: bash -n reads it without running anything.
func TestBenchScriptParses(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found; cannot check bench/site.sh")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "bench", "site.sh")
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Errorf("bash -n %s: %v\n%s", script, err, out)
	}
}
