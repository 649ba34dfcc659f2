//go:build !linux

package tcppush

import (
	"net/http"
	"testing"
)

func corked(*testing.T, *http.Request) bool { return false }
