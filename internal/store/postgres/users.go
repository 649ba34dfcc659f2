package postgres

import "alphadesk/internal/store/sqlaccounts"

// Accounts returns the account store (users and sessions of the editor
// console, migrations/0005_users.sql).
func (db *DB) Accounts() sqlaccounts.Accounts { return sqlaccounts.New(db.sql, isUnique) }
