package sqlite_test

import (
	"testing"

	"alphadesk/internal/admin/account/accounttest"
)

func TestAccounts(t *testing.T) {
	accounttest.Run(t, open(t).Accounts())
}
